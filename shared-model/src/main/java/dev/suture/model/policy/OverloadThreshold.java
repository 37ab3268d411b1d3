package dev.suture.model.policy;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * A sudden rise in traffic together with rising latency, compared with the window before it.
 *
 * @param trafficIncreaseFactor request rate over the previous window's, 1.1 to 100; default 3
 * @param latencyIncreaseFactor p99 latency over the previous window's, 1.1 to 100; default 2
 * @param windowSeconds length of each compared window, 1 to 600 seconds; default 10
 * @param minRequests fewest requests in the window before the rule may fire, 1 to 100000; default 50
 */
public record OverloadThreshold(
        Double trafficIncreaseFactor, Double latencyIncreaseFactor, Integer windowSeconds, Integer minRequests) {

    public OverloadThreshold(
            @Nullable Double trafficIncreaseFactor,
            @Nullable Double latencyIncreaseFactor,
            @Nullable Integer windowSeconds,
            @Nullable Integer minRequests) {
        SpecCheck check = SpecCheck.of("overload threshold");
        this.trafficIncreaseFactor = check.range("trafficIncreaseFactor", trafficIncreaseFactor, 3.0, 1.1, 100.0);
        this.latencyIncreaseFactor = check.range("latencyIncreaseFactor", latencyIncreaseFactor, 2.0, 1.1, 100.0);
        this.windowSeconds = check.range("windowSeconds", windowSeconds, 10, 1, 600);
        this.minRequests = check.range("minRequests", minRequests, 50, 1, 100_000);
        check.throwIfInvalid();
    }
}
