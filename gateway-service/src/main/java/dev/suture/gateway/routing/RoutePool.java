package dev.suture.gateway.routing;

import dev.suture.gateway.signal.InstanceRecorder;
import dev.suture.gateway.signal.RouteRecorder;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One route's upstream instances with the healing overlay applied: which are ejected until when, which are on
 * probation, whether the route is failed over to its fallback pool, and its rate limit. Picks the instance for each
 * request, and carries the recorders that the route's traffic is counted in.
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
            long nowMillis) {
        this.routeId = routeId;
        this.primary = primary;
        this.fallback = fallback;
        this.failover = failover;
        this.rateLimiter = rateLimiter;
        this.recorder = recorder;
        this.instanceRecorders = List.copyOf(instanceRecorders);
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
        Rotation current = rotation.get();
        if (nowMillis >= current.validUntilMillis()) {
            current = rotate(current, nowMillis);
        }
        Upstream[] order = current.order();
        if (order.length == 0) {
            return null;
        }
        long turn = turns.getAndIncrement() & Long.MAX_VALUE;
        return order[(int) (turn % order.length)];
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
