package dev.suture.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SmoothWeightedOrderTest {

    @Test
    void equalWeightsGivePlainRoundRobin() {
        List<Upstream> pool = List.of(upstream("a", 5), upstream("b", 5), upstream("c", 5));

        assertThat(names(SmoothWeightedOrder.of(pool))).containsExactly("a", "b", "c");
    }

    @Test
    void unequalWeightsAreSpreadOutRatherThanRunTogether() {
        List<Upstream> pool = List.of(upstream("a", 5), upstream("b", 1), upstream("c", 1));

        assertThat(names(SmoothWeightedOrder.of(pool))).containsExactly("a", "a", "b", "a", "c", "a", "a");
    }

    @Test
    void aCycleGivesEachInstanceExactlyItsWeightAfterDividingByTheCommonDivisor() {
        List<Upstream> pool = List.of(upstream("a", 300), upstream("b", 200), upstream("c", 100));

        Upstream[] order = SmoothWeightedOrder.of(pool);

        assertThat(order).hasSize(6);
        assertThat(counts(order)).containsEntry("a", 3L).containsEntry("b", 2L).containsEntry("c", 1L);
    }

    @Test
    void aHugeCycleIsScaledDownKeepingTheSharesClose() {
        List<Upstream> pool =
                new ArrayList<>(List.of(upstream("a", 997), upstream("b", 991), upstream("c", 983), upstream("d", 1)));
        for (int i = 0; i < 60; i++) {
            pool.add(upstream("x" + i, 1000 - i));
        }

        Upstream[] order = SmoothWeightedOrder.of(pool);

        assertThat(order.length).isLessThanOrEqualTo(SmoothWeightedOrder.MAX_CYCLE + pool.size());
        Map<String, Long> counts = counts(order);
        double total = order.length;
        assertThat(counts.get("a") / total).isCloseTo(997.0 / 61_202, offset(0.001));
        assertThat(counts.get("d")).as("a tiny weight still gets a turn").isEqualTo(1L);
    }

    @Test
    void anEmptyPoolHasNoTurns() {
        assertThat(SmoothWeightedOrder.of(List.of())).isEmpty();
    }

    private static Upstream upstream(String name, int weight) {
        return new Upstream("http://" + name, weight);
    }

    private static List<String> names(Upstream[] order) {
        return Arrays.stream(order)
                .map(u -> u.url().substring("http://".length()))
                .toList();
    }

    private static Map<String, Long> counts(Upstream[] order) {
        return names(order).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
