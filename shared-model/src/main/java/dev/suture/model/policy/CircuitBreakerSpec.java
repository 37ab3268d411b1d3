package dev.suture.model.policy;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breaker each gateway keeps per upstream instance.
 *
 * @param enabled default true
 * @param failureRatePercent failure rate that opens the breaker, 1 to 100; default 50
 * @param slowCallRatePercent slow-call rate that opens the breaker, 1 to 100; default 100 (slowness alone never opens)
 * @param slowCallDurationMs a call slower than this is slow, 1 to 600000 ms; default 5000
 * @param slidingWindowSeconds window the rates are computed over, 1 to 600 s; default 10
 * @param minimumCalls calls in the window before the rates count, 1 to 100000; default 20
 * @param waitInOpenMs time open before probing, 100 to 3600000 ms; default 10000
 * @param permittedCallsInHalfOpen probes let through when half-open, 1 to 100; default 3
 * @param maxWaitInHalfOpenMs longest a breaker stays half-open waiting for probes, 100 to 600000 ms; default 5000
 */
public record CircuitBreakerSpec(
        Boolean enabled,
        Integer failureRatePercent,
        Integer slowCallRatePercent,
        Integer slowCallDurationMs,
        Integer slidingWindowSeconds,
        Integer minimumCalls,
        Integer waitInOpenMs,
        Integer permittedCallsInHalfOpen,
        Integer maxWaitInHalfOpenMs) {

    public CircuitBreakerSpec(
            @Nullable Boolean enabled,
            @Nullable Integer failureRatePercent,
            @Nullable Integer slowCallRatePercent,
            @Nullable Integer slowCallDurationMs,
            @Nullable Integer slidingWindowSeconds,
            @Nullable Integer minimumCalls,
            @Nullable Integer waitInOpenMs,
            @Nullable Integer permittedCallsInHalfOpen,
            @Nullable Integer maxWaitInHalfOpenMs) {
        SpecCheck check = SpecCheck.of("circuit breaker");
        this.enabled = enabled == null || enabled;
        this.failureRatePercent = check.range("failureRatePercent", failureRatePercent, 50, 1, 100);
        this.slowCallRatePercent = check.range("slowCallRatePercent", slowCallRatePercent, 100, 1, 100);
        this.slowCallDurationMs = check.range("slowCallDurationMs", slowCallDurationMs, 5_000, 1, 600_000);
        this.slidingWindowSeconds = check.range("slidingWindowSeconds", slidingWindowSeconds, 10, 1, 600);
        this.minimumCalls = check.range("minimumCalls", minimumCalls, 20, 1, 100_000);
        this.waitInOpenMs = check.range("waitInOpenMs", waitInOpenMs, 10_000, 100, 3_600_000);
        this.permittedCallsInHalfOpen = check.range("permittedCallsInHalfOpen", permittedCallsInHalfOpen, 3, 1, 100);
        this.maxWaitInHalfOpenMs = check.range("maxWaitInHalfOpenMs", maxWaitInHalfOpenMs, 5_000, 100, 600_000);
        check.throwIfInvalid();
    }

    public static CircuitBreakerSpec defaults() {
        return new CircuitBreakerSpec(null, null, null, null, null, null, null, null, null);
    }
}
