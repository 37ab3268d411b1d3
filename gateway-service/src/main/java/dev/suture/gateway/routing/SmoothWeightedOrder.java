package dev.suture.gateway.routing;

import java.util.List;

/**
 * Builds one cycle of smooth weighted round robin (the algorithm nginx uses) as a fixed array, so that picking an
 * instance on the request path is one array read instead of a pass over mutable weights under a lock.
 *
 * <p>Each step adds every instance's weight to its running score, picks the highest score (the first on a tie) and
 * subtracts the total weight from the winner. Over one cycle of {@code total} steps each instance is picked exactly
 * {@code weight} times, spread out rather than in runs: weights 5/1/1 give {@code a a b a c a a}. Equal weights give
 * plain round robin.
 */
final class SmoothWeightedOrder {

    /**
     * Longest cycle kept per route. Larger totals (many instances with large, coprime weights) are scaled down to fit,
     * which shifts each share by well under one percent of the cycle.
     */
    static final int MAX_CYCLE = 4096;

    private static final Upstream[] NONE = new Upstream[0];

    private SmoothWeightedOrder() {}

    static Upstream[] of(List<Upstream> instances) {
        long[] weights = new long[instances.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = instances.get(i).weight();
        }
        return of(instances, weights);
    }

    /** The cycle for {@code instances} with the given effective weights (each at least 1), in the same order. */
    static Upstream[] of(List<Upstream> instances, long[] effectiveWeights) {
        if (instances.isEmpty()) {
            return NONE;
        }
        int[] weights = reducedWeights(effectiveWeights);
        int total = sum(weights);
        int[] scores = new int[weights.length];
        Upstream[] order = new Upstream[total];
        for (int step = 0; step < total; step++) {
            int best = 0;
            for (int i = 0; i < weights.length; i++) {
                scores[i] += weights[i];
                if (scores[i] > scores[best]) {
                    best = i;
                }
            }
            scores[best] -= total;
            order[step] = instances.get(best);
        }
        return order;
    }

    /** Weights divided by their common divisor, scaled down when the cycle would exceed {@link #MAX_CYCLE}. */
    private static int[] reducedWeights(long[] effectiveWeights) {
        long[] weights = effectiveWeights.clone();
        divideByCommonDivisor(weights);
        long total = 0;
        for (long weight : weights) {
            total += weight;
        }
        if (total > MAX_CYCLE) {
            for (int i = 0; i < weights.length; i++) {
                weights[i] = Math.max(1, Math.round((double) weights[i] * MAX_CYCLE / total));
            }
            divideByCommonDivisor(weights);
        }
        int[] reduced = new int[weights.length];
        for (int i = 0; i < weights.length; i++) {
            reduced[i] = (int) weights[i];
        }
        return reduced;
    }

    private static void divideByCommonDivisor(long[] weights) {
        long divisor = 0;
        for (long weight : weights) {
            divisor = gcd(divisor, weight);
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= divisor;
        }
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static int sum(int[] weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        return total;
    }
}
