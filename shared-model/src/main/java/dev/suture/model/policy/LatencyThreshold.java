package dev.suture.model.policy;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * A latency percentile that, once above its limit over a window holding enough requests, counts as a problem.
 *
 * @param percentile which percentile to watch, 50 to 99.9; default 99
 * @param thresholdMs the limit in milliseconds, 1 to 600000; default 2000
 * @param windowSeconds length of the sliding window, 1 to 600 seconds; default 10
 * @param minRequests fewest requests in the window before the rule may fire, 1 to 100000; default 20
 */
public record LatencyThreshold(Double percentile, Integer thresholdMs, Integer windowSeconds, Integer minRequests) {

    public LatencyThreshold(
            @Nullable Double percentile,
            @Nullable Integer thresholdMs,
            @Nullable Integer windowSeconds,
            @Nullable Integer minRequests) {
        SpecCheck check = SpecCheck.of("latency threshold");
        this.percentile = check.range("percentile", percentile, 99.0, 50.0, 99.9);
        this.thresholdMs = check.range("thresholdMs", thresholdMs, 2_000, 1, 600_000);
        this.windowSeconds = check.range("windowSeconds", windowSeconds, 10, 1, 600);
        this.minRequests = check.range("minRequests", minRequests, 20, 1, 100_000);
        check.throwIfInvalid();
    }
}
