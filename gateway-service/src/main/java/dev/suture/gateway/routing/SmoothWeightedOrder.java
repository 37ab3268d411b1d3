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
        if (instances.isEmpty()) {
            return NONE;
        }
        int[] weights = reducedWeights(instances);
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
    private static int[] reducedWeights(List<Upstream> instances) {
        int[] weights = new int[instances.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = instances.get(i).weight();
        }
        divideByCommonDivisor(weights);
        int total = sum(weights);
        if (total > MAX_CYCLE) {
            for (int i = 0; i < weights.length; i++) {
                weights[i] = Math.max(1, (int) Math.round((double) weights[i] * MAX_CYCLE / total));
            }
            divideByCommonDivisor(weights);
        }
        return weights;
    }

    private static void divideByCommonDivisor(int[] weights) {
        int divisor = 0;
        for (int weight : weights) {
            divisor = gcd(divisor, weight);
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= divisor;
        }
    }

    private static int gcd(int a, int b) {
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
