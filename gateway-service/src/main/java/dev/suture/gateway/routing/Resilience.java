package dev.suture.gateway.routing;

import dev.suture.gateway.breaker.InstanceBreaker;
import dev.suture.gateway.retry.RetryBudget;
import dev.suture.gateway.retry.RetryRules;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a route's pool needs to absorb failures on this gateway: the circuit breaker of each instance by URL, the
 * compiled retry policy and its budget, and the deadline for a response.
 *
 * @param retryBudget null when the route's policy does not retry
 * @param deadlineNanos the route's response timeout
 */
record Resilience(
        Map<String, InstanceBreaker> breakers,
        RetryRules retryRules,
        @Nullable RetryBudget retryBudget,
        long deadlineNanos) {

    /** No breakers, no retries and a generous deadline, for pools built in tests of selection alone. */
    static final Resilience NONE = new Resilience(Map.of(), RetryRules.NONE, null, 15_000_000_000L);
}
