package dev.suture.model.policy;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * A share of requests that, once reached over a window holding enough requests, counts as a problem. A field left
 * out takes the default named below; a rule left out entirely takes the rule's own default in {@link DetectionSpec}.
 *
 * @param threshold fraction of requests, 0.01 to 1.0; default 0.5
 * @param windowSeconds length of the sliding window, 1 to 600 seconds; default 10
 * @param minRequests fewest requests in the window before the rule may fire, 1 to 100000; default 20
 */
public record RateThreshold(Double threshold, Integer windowSeconds, Integer minRequests) {

    public RateThreshold(@Nullable Double threshold, @Nullable Integer windowSeconds, @Nullable Integer minRequests) {
        SpecCheck check = SpecCheck.of("rate threshold");
        this.threshold = check.range("threshold", threshold, 0.5, 0.01, 1.0);
        this.windowSeconds = check.range("windowSeconds", windowSeconds, 10, 1, 600);
        this.minRequests = check.range("minRequests", minRequests, 20, 1, 100_000);
        check.throwIfInvalid();
    }
}
