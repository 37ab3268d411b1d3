package dev.suture.model.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ConfigSnapshotTest {

    private static final RouteSpec ORDERS =
            RouteSpec.of("orders", "/orders/**", List.of(UpstreamSpec.of("http://127.0.0.1:9001")));

    @Test
    void survivesAJsonRoundTripUnchanged() {
        ConfigSnapshot snapshot = new ConfigSnapshot(
                7,
                Instant.parse("2026-12-03T10:15:30.123Z"),
                List.of(ORDERS),
                List.of(HealingPolicySpec.defaults("default")),
                new HealingOverlay(
                        List.of(new InstanceEjection(
                                "orders", "http://127.0.0.1:9001", Instant.parse("2026-12-03T10:16:00Z"), "5xx")),
                        List.of()));
        JsonMapper json = JsonMapper.builder().build();

        String text = json.writeValueAsString(snapshot);

        assertThat(text).contains("\"createdAt\":\"2026-12-03T10:15:30.123Z\"").doesNotContain("\"empty\"");
        assertThat(json.readValue(text, ConfigSnapshot.class)).isEqualTo(snapshot);
    }

    @Test
    void aRouteMustFindItsPolicyInTheSnapshot() {
        assertThatThrownBy(() -> new ConfigSnapshot(3, Instant.now(), List.of(ORDERS), List.of(), null))
                .hasMessageContaining("route orders names policy default that is not included");
    }

    @Test
    void routeIdsAreUnique() {
        assertThatThrownBy(() -> new ConfigSnapshot(
                        3,
                        Instant.now(),
                        List.of(ORDERS, ORDERS),
                        List.of(HealingPolicySpec.defaults("default")),
                        null))
                .hasMessageContaining("names route orders twice");
    }

    @Test
    void anAbsentOverlayIsEmpty() {
        ConfigSnapshot snapshot = new ConfigSnapshot(1, Instant.now(), List.of(), List.of(), null);

        assertThat(snapshot.overlay().isEmpty()).isTrue();
    }
}
