package dev.suture.model.policy;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * How the control service caps a struggling route's request rate and ramps it back.
 *
 * @param enabled default true
 * @param minCapFraction lowest cap as a fraction of the route's recent healthy rate, 0.01 to 1; default 0.2
 * @param rampFactor the cap is multiplied by this at each healthy step, 1.1 to 10; default 1.5
 * @param rampIntervalSeconds time between ramp steps, 1 to 600 s; default 10
 * @param retryAfterSeconds Retry-After sent with a 429, 1 to 3600 s; default 1
 */
public record TrafficShapingSpec(
        Boolean enabled,
        Double minCapFraction,
        Double rampFactor,
        Integer rampIntervalSeconds,
        Integer retryAfterSeconds) {

    public TrafficShapingSpec(
            @Nullable Boolean enabled,
            @Nullable Double minCapFraction,
            @Nullable Double rampFactor,
            @Nullable Integer rampIntervalSeconds,
            @Nullable Integer retryAfterSeconds) {
        SpecCheck check = SpecCheck.of("traffic shaping");
        this.enabled = enabled == null || enabled;
        this.minCapFraction = check.range("minCapFraction", minCapFraction, 0.2, 0.01, 1.0);
        this.rampFactor = check.range("rampFactor", rampFactor, 1.5, 1.1, 10.0);
        this.rampIntervalSeconds = check.range("rampIntervalSeconds", rampIntervalSeconds, 10, 1, 600);
        this.retryAfterSeconds = check.range("retryAfterSeconds", retryAfterSeconds, 1, 1, 3_600);
        check.throwIfInvalid();
    }

    public static TrafficShapingSpec defaults() {
        return new TrafficShapingSpec(null, null, null, null, null);
    }
}
