package dev.suture.gateway.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of a route's instances take turns right now, with which weights, and until when that holds. It changes only
 * when an ejection or a probation ends, so a route computes it a handful of times per snapshot rather than per
 * request. Immutable.
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
        PoolMembers chosenPool = useFallback ? fallbackPool : primary;
        List<Upstream> chosen = useFallback ? usableFallback : usablePrimary;
        long validUntil = Math.min(primary.nextChangeAfter(nowMillis), fallbackPool.nextChangeAfter(nowMillis));
        return new Rotation(
                SmoothWeightedOrder.of(chosen, chosenPool.effectiveWeights(chosen, nowMillis)),
                validUntil,
                useFallback);
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

    /**
     * One pool's instances with the time each is ejected until (0 when it is not ejected), and the share of its usual
     * traffic each gets while on probation, until when (100 and 0 when it is not on probation). Immutable.
     */
    record PoolMembers(
            List<Upstream> instances, long[] ejectedUntilMillis, int[] probationPercent, long[] probationUntilMillis) {

        static final PoolMembers EMPTY = new PoolMembers(List.of(), new long[0], new int[0], new long[0]);

        /**
         * The weights of {@code usable} (in that order) at {@code nowMillis}: the declared weight, scaled by the
         * probation percentage while a probation lasts. Everything is multiplied by 100 so that scaled weights stay
         * whole numbers; {@link SmoothWeightedOrder} divides the common factor out again.
         */
        long[] effectiveWeights(List<Upstream> usable, long nowMillis) {
            long[] weights = new long[usable.size()];
            int next = 0;
            for (int i = 0; i < instances.size() && next < weights.length; i++) {
                if (instances.get(i) == usable.get(next)) {
                    int percent = probationUntilMillis[i] > nowMillis ? probationPercent[i] : 100;
                    weights[next++] = (long) instances.get(i).weight() * percent;
                }
            }
            return weights;
        }

        int onProbationAt(long nowMillis) {
            int count = 0;
            for (long until : probationUntilMillis) {
                if (until > nowMillis) {
                    count++;
                }
            }
            return count;
        }

        List<Upstream> usableAt(long nowMillis) {
            List<Upstream> usable = new ArrayList<>(instances.size());
            for (int i = 0; i < instances.size(); i++) {
                if (ejectedUntilMillis[i] <= nowMillis) {
                    usable.add(instances.get(i));
                }
            }
            return usable;
        }

        /**
         * The earliest moment after {@code nowMillis} at which an ejected instance returns or a probation ends;
         * MAX_VALUE when none.
         */
        long nextChangeAfter(long nowMillis) {
            return Math.min(
                    earliestAfter(ejectedUntilMillis, nowMillis), earliestAfter(probationUntilMillis, nowMillis));
        }

        private static long earliestAfter(long[] times, long nowMillis) {
            long next = Long.MAX_VALUE;
            for (long until : times) {
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
