package dev.suture.gateway.routing;

import dev.suture.gateway.breaker.InstanceBreaker;
import dev.suture.gateway.credentials.TokenSource;
import dev.suture.gateway.retry.RetryBudget;
import dev.suture.gateway.retry.RetryRules;
import dev.suture.gateway.signal.InstanceRecorder;
import dev.suture.gateway.signal.RouteRecorder;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One route's upstream instances with the healing overlay applied: which are ejected until when, which are on
 * probation, whether the route is failed over to its fallback pool, and its rate limit. Picks the instance for each
 * request, and carries the recorders that the route's traffic is counted in and the source of its upstream tokens.
 *
 * <p>Thread-safe without locks. The members are immutable; the current {@link Rotation} sits in an atomic reference
 * and is replaced only when an ejection or probation ends, the turn counter is a single atomic increment, and the
 * rate limiter and recorders are lock-free.
 */
public final class RoutePool {

    private final String routeId;
    private final Rotation.PoolMembers primary;
    private final Rotation.PoolMembers fallback;
    private final boolean failover;
    private final @Nullable RequestRateLimiter rateLimiter;
    private final RouteRecorder recorder;
    private final List<InstanceRecorder> instanceRecorders;
    private final Map<String, InstanceBreaker> breakers;
    private final RetryRules retryRules;
    private final @Nullable RetryBudget retryBudget;
    private final long deadlineNanos;
    private final @Nullable TokenSource tokenSource;
    private final AtomicReference<Rotation> rotation;
    private final AtomicLong turns = new AtomicLong();

    RoutePool(
            String routeId,
            Rotation.PoolMembers primary,
            Rotation.PoolMembers fallback,
            boolean failover,
            @Nullable RequestRateLimiter rateLimiter,
            RouteRecorder recorder,
            List<InstanceRecorder> instanceRecorders,
            Resilience resilience,
            @Nullable TokenSource tokenSource,
            long nowMillis) {
        this.routeId = routeId;
        this.primary = primary;
        this.fallback = fallback;
        this.failover = failover;
        this.rateLimiter = rateLimiter;
        this.recorder = recorder;
        this.instanceRecorders = List.copyOf(instanceRecorders);
        this.breakers = Map.copyOf(resilience.breakers());
        this.retryRules = resilience.retryRules();
        this.retryBudget = resilience.retryBudget();
        this.deadlineNanos = resilience.deadlineNanos();
        this.tokenSource = tokenSource;
        this.rotation = new AtomicReference<>(Rotation.at(nowMillis, primary, fallback, failover));
    }

    public String routeId() {
        return routeId;
    }

    /** Where the route's requests, retries and refusals are counted. */
    public RouteRecorder recorder() {
        return recorder;
    }

    /** One recorder per distinct instance URL of both pools. */
    public List<InstanceRecorder> instanceRecorders() {
        return instanceRecorders;
    }

    /** Instances whose circuit breaker is open or half-open: not taking their full share of traffic. */
    public int openBreakers() {
        int open = 0;
        for (InstanceBreaker breaker : breakers.values()) {
            CircuitBreaker.State state = breaker.state();
            if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.HALF_OPEN) {
                open++;
            }
        }
        return open;
    }

    /** The recorder of the instance with {@code url}, or null when the route has no such instance. */
    @Nullable
    InstanceRecorder instanceRecorder(String url) {
        for (InstanceRecorder instance : instanceRecorders) {
            if (instance.url().equals(url)) {
                return instance;
            }
        }
        return null;
    }

    /** The circuit breaker of the instance with {@code url}, or null when the route has no such instance. */
    @Nullable
    InstanceBreaker breaker(String url) {
        return breakers.get(url);
    }

    /** Seconds until the route's open breakers let a probe through, for a client's {@code Retry-After}. */
    long secondsUntilProbe() {
        for (InstanceBreaker breaker : breakers.values()) {
            return breaker.secondsUntilProbe();
        }
        return 1;
    }

    public RetryRules retryRules() {
        return retryRules;
    }

    /** The route's retry budget on this gateway, or null when its policy does not retry. */
    public @Nullable RetryBudget retryBudget() {
        return retryBudget;
    }

    /** How long a request may wait for its response to start, all attempts together: the route's response timeout. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Where the access tokens of the route's upstream credentials come from, or null when it declares none. */
    public @Nullable TokenSource tokenSource() {
        return tokenSource;
    }

    /** The route's rate limit on this gateway, or null when it has none. */
    @Nullable
    RequestRateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** How many of the route's instances (both pools) are on probation at {@code nowMillis}. */
    public int onProbationAt(long nowMillis) {
        return primary.onProbationAt(nowMillis) + fallback.onProbationAt(nowMillis);
    }

    /** The instance for the next request, or null when the route has no usable instance. Allocates nothing. */
    public @Nullable Upstream next(long nowMillis) {
        Upstream[] order = order(nowMillis);
        if (order.length == 0) {
            return null;
        }
        long turn = turns.getAndIncrement() & Long.MAX_VALUE;
        return order[(int) (turn % order.length)];
    }

    /**
     * The instance for the next attempt whose circuit breaker lets it through, taking a permit from that breaker; null
     * when there is none. Starting at the instance whose turn it is, it prefers instances not in {@code tried} (the
     * first {@code triedCount} entries, the instances this request's earlier attempts went to) and comes back to a
     * tried one only when no other is left, so that a pool of one can still be retried. Allocates nothing.
     */
    public @Nullable Upstream pick(long nowMillis, Upstream @Nullable [] tried, int triedCount) {
        Upstream[] order = order(nowMillis);
        if (order.length == 0) {
            return null;
        }
        // A retry does not take a turn: it would shift the rotation for every request that follows.
        long turn = (triedCount == 0 ? turns.getAndIncrement() : turns.get()) & Long.MAX_VALUE;
        int start = (int) (turn % order.length);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < order.length; i++) {
                Upstream candidate = order[(start + i) % order.length];
                boolean wasTried = contains(tried, triedCount, candidate);
                if (wasTried == (pass == 1) && candidate.breaker().tryAcquire()) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Whether the route has instances in rotation; when it does and {@link #pick} found none, breakers are open. */
    public boolean hasInstancesAt(long nowMillis) {
        return order(nowMillis).length > 0;
    }

    private Upstream[] order(long nowMillis) {
        Rotation current = rotation.get();
        if (nowMillis >= current.validUntilMillis()) {
            current = rotate(current, nowMillis);
        }
        return current.order();
    }

    private static boolean contains(Upstream @Nullable [] tried, int triedCount, Upstream candidate) {
        for (int i = 0; i < triedCount; i++) {
            if (tried[i] == candidate) {
                return true;
            }
        }
        return false;
    }

    /** Whether requests at {@code nowMillis} go to the fallback pool. */
    public boolean usingFallback(long nowMillis) {
        return Rotation.at(nowMillis, primary, fallback, failover).fallback();
    }

    /** How many of the route's instances (both pools) are ejected at {@code nowMillis}. */
    public int ejectedAt(long nowMillis) {
        return primary.ejectedAt(nowMillis) + fallback.ejectedAt(nowMillis);
    }

    public boolean failover() {
        return failover;
    }

    private Rotation rotate(Rotation stale, long nowMillis) {
        Rotation fresh = Rotation.at(nowMillis, primary, fallback, failover);
        // Threads racing here compute the same rotation from the same immutable members, so losing the race is fine.
        rotation.compareAndSet(stale, fresh);
        return fresh;
    }
}
