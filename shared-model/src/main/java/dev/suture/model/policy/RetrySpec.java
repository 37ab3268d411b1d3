package dev.suture.model.policy;

import dev.suture.model.validation.SpecCheck;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a gateway retries a failed attempt on another instance, and the budget that keeps retries from becoming a
 * storm when the whole upstream is down.
 *
 * @param enabled whether retries happen at all; default true
 * @param maxAttempts attempts per request including the first, 1 to 10; default 3
 * @param initialBackoffMs first backoff before jitter, 0 to 10000 ms; default 25
 * @param maxBackoffMs cap on the exponential backoff, at least initialBackoffMs, up to 60000 ms; default 250
 * @param budgetRatio retries allowed as a fraction of requests on each gateway, 0 to 1; default 0.2
 * @param minRetriesPerSecond retries always allowed per second per route, 0 to 10000; default 10
 * @param retryOnStatuses upstream statuses that are retried, each 500 to 599; default 502, 503, 504
 * @param retryNonIdempotent retry POST and PATCH even without an Idempotency-Key; default false
 * @param maxBufferedBodyBytes largest request body kept for replay, 0 to 10485760; default 65536
 */
public record RetrySpec(
        Boolean enabled,
        Integer maxAttempts,
        Integer initialBackoffMs,
        Integer maxBackoffMs,
        Double budgetRatio,
        Integer minRetriesPerSecond,
        List<Integer> retryOnStatuses,
        Boolean retryNonIdempotent,
        Integer maxBufferedBodyBytes) {

    public RetrySpec(
            @Nullable Boolean enabled,
            @Nullable Integer maxAttempts,
            @Nullable Integer initialBackoffMs,
            @Nullable Integer maxBackoffMs,
            @Nullable Double budgetRatio,
            @Nullable Integer minRetriesPerSecond,
            @Nullable List<Integer> retryOnStatuses,
            @Nullable Boolean retryNonIdempotent,
            @Nullable Integer maxBufferedBodyBytes) {
        SpecCheck check = SpecCheck.of("retry");
        this.enabled = enabled == null || enabled;
        this.maxAttempts = check.range("maxAttempts", maxAttempts, 3, 1, 10);
        this.initialBackoffMs = check.range("initialBackoffMs", initialBackoffMs, 25, 0, 10_000);
        this.maxBackoffMs = check.range("maxBackoffMs", maxBackoffMs, 250, 0, 60_000);
        check.require(this.maxBackoffMs >= this.initialBackoffMs, "maxBackoffMs", "must be >= initialBackoffMs");
        this.budgetRatio = check.range("budgetRatio", budgetRatio, 0.2, 0.0, 1.0);
        this.minRetriesPerSecond = check.range("minRetriesPerSecond", minRetriesPerSecond, 10, 0, 10_000);
        this.retryOnStatuses =
                retryOnStatuses == null ? List.of(502, 503, 504) : check.list("retryOnStatuses", retryOnStatuses, 100);
        for (int status : this.retryOnStatuses) {
            check.require(status >= 500 && status <= 599, "retryOnStatuses", "must hold 5xx statuses, not " + status);
        }
        this.retryNonIdempotent = retryNonIdempotent != null && retryNonIdempotent;
        this.maxBufferedBodyBytes =
                check.range("maxBufferedBodyBytes", maxBufferedBodyBytes, 65_536, 0, 10 * 1024 * 1024);
        check.throwIfInvalid();
    }

    public static RetrySpec defaults() {
        return new RetrySpec(null, null, null, null, null, null, null, null, null);
    }
}
