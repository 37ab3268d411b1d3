package dev.suture.gateway.routing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One route's upstream instances with the healing overlay applied: which are ejected until when, and whether the route
 * is failed over to its fallback pool. Picks the instance for each request.
 *
 * <p>Thread-safe without locks. The members are immutable; the current {@link Rotation} sits in an atomic reference
 * and is replaced only when an ejection expires, and the turn counter is a single atomic increment.
 */
public final class RoutePool {

    private final String routeId;
    private final Rotation.PoolMembers primary;
    private final Rotation.PoolMembers fallback;
    private final boolean failover;
    private final AtomicReference<Rotation> rotation;
    private final AtomicLong turns = new AtomicLong();

    RoutePool(
            String routeId,
            Rotation.PoolMembers primary,
            Rotation.PoolMembers fallback,
            boolean failover,
            long nowMillis) {
        this.routeId = routeId;
        this.primary = primary;
        this.fallback = fallback;
        this.failover = failover;
        this.rotation = new AtomicReference<>(Rotation.at(nowMillis, primary, fallback, failover));
    }

    public String routeId() {
        return routeId;
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
