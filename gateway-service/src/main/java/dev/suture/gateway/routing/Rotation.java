package dev.suture.gateway.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of a route's instances take turns right now, and until when that holds. It changes only when an ejection
 * expires, so a route computes it a handful of times per snapshot rather than per request. Immutable.
 */
final class Rotation {

    private final Upstream[] order;
    private final long validUntilMillis;
    private final boolean fallback;

    private Rotation(Upstream[] order, long validUntilMillis, boolean fallback) {
        this.order = order;
        this.validUntilMillis = validUntilMillis;
        this.fallback = fallback;
    }

    /**
     * The pool to use at {@code nowMillis}: the fallback pool when healing failed the route over (or the whole primary
     * pool is ejected), else the primary pool; either way without instances still ejected.
     */
    static Rotation at(long nowMillis, PoolMembers primary, PoolMembers fallbackPool, boolean failover) {
        List<Upstream> usablePrimary = primary.usableAt(nowMillis);
        List<Upstream> usableFallback = fallbackPool.usableAt(nowMillis);
        boolean useFallback = !usableFallback.isEmpty() && (failover || usablePrimary.isEmpty());
        List<Upstream> chosen = useFallback ? usableFallback : usablePrimary;
        long validUntil = Math.min(primary.nextReturnAfter(nowMillis), fallbackPool.nextReturnAfter(nowMillis));
        return new Rotation(SmoothWeightedOrder.of(chosen), validUntil, useFallback);
    }

    Upstream[] order() {
        return order;
    }

    long validUntilMillis() {
        return validUntilMillis;
    }

    boolean fallback() {
        return fallback;
    }

    /** One pool's instances with the time each is ejected until (0 when it is not ejected). Immutable. */
    record PoolMembers(List<Upstream> instances, long[] ejectedUntilMillis) {

        static final PoolMembers EMPTY = new PoolMembers(List.of(), new long[0]);

        List<Upstream> usableAt(long nowMillis) {
            List<Upstream> usable = new ArrayList<>(instances.size());
            for (int i = 0; i < instances.size(); i++) {
                if (ejectedUntilMillis[i] <= nowMillis) {
                    usable.add(instances.get(i));
                }
            }
            return usable;
        }

        /** The earliest moment after {@code nowMillis} at which an ejected instance returns; MAX_VALUE when none. */
        long nextReturnAfter(long nowMillis) {
            long next = Long.MAX_VALUE;
            for (long until : ejectedUntilMillis) {
                if (until > nowMillis && until < next) {
                    next = until;
                }
            }
            return next;
        }

        int ejectedAt(long nowMillis) {
            int ejected = 0;
            for (long until : ejectedUntilMillis) {
                if (until > nowMillis) {
                    ejected++;
                }
            }
            return ejected;
        }
    }
}
