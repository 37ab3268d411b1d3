package dev.suture.gateway.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.gateway.harness.FakeControlService;
import dev.suture.gateway.harness.FakeUpstream;
import dev.suture.gateway.harness.RunningGateway;
import dev.suture.gateway.harness.Snapshots;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What an operator can read from a running gateway: its status, its info section and its metrics. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusAndMetricsTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private FakeControlService control;
    private FakeUpstream alpha;
    private RunningGateway gateway;

    @BeforeAll
    void start(@TempDir Path dataDir) throws IOException {
        control = FakeControlService.start();
        alpha = FakeUpstream.start("alpha");
        gateway = RunningGateway.start(control.url(), "observed", dataDir.resolve("snapshot.json"));
        control.publish(
                Snapshots.version(3).route("orders", "/orders/**", alpha).build());
        control.awaitAck(3);
        control.publishRaw(4, "{\"version\": 4}");
        control.awaitAck(4);
    }

    @AfterAll
    void stop() {
        gateway.close();
        control.close();
        alpha.close();
    }

    @Test
    void theStatusEndpointReportsIdentityAppliedVersionAndTheControlLink() {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> status().path("control").path("controlVersion").asLong() == 4);
        JsonNode status = status();

        assertThat(status.path("id").asString()).isEqualTo("observed");
        assertThat(status.path("ready").asBoolean()).isTrue();
        assertThat(status.path("address").asString()).endsWith(":" + gateway.port());
        assertThat(status.path("snapshot").path("appliedVersion").asLong()).isEqualTo(3);
        assertThat(status.path("snapshot").path("routes").asInt()).isEqualTo(1);
        assertThat(status.path("snapshot").path("createdAt").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(status.path("snapshot").path("lastRejectedVersion").asLong()).isEqualTo(4);
        assertThat(status.path("snapshot").path("lastRejectedReason").asString())
                .contains("createdAt is required");
        assertThat(status.path("control").path("connected").asBoolean()).isTrue();
        assertThat(status.path("control").path("url").asString())
                .isEqualTo(control.url().toString());
    }

    @Test
    void theInfoEndpointCarriesTheAppliedVersion() {
        JsonNode info = json.readTree(gateway.management("/actuator/info").body());

        assertThat(info.path("suture").path("id").asString()).isEqualTo("observed");
        assertThat(info.path("suture").path("appliedVersion").asLong()).isEqualTo(3);
    }

    @Test
    void prometheusExposesTheSnapshotAndStreamMetrics() {
        String metrics = gateway.management("/actuator/prometheus").body();

        assertThat(metrics)
                .contains("suture_gateway_snapshot_version 3.0")
                .contains("suture_gateway_snapshots_total{outcome=\"applied\"} 1.0")
                .contains("suture_gateway_snapshots_total{outcome=\"rejected\"} 1.0")
                .contains("suture_gateway_control_reconnects_total 0.0")
                .contains("suture_gateway_control_connected 1.0")
                .contains("suture_gateway_requests_refused_total{reason=\"no_instance\"}");
    }

    @Test
    void prometheusExposesAttemptsByRouteAndOutcomeAndTheSignalReports() {
        gateway.get("/orders/1");
        gateway.get("/orders/1");

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                gateway.management("/actuator/prometheus").body())
                        .contains("suture_gateway_upstream_attempts_total{outcome=\"ok\",route=\"orders\"} 2.0")
                        .containsPattern("suture_gateway_signal_reports_total\\{result=\"sent\"\\} [1-9]")
                        .contains("suture_gateway_signal_dropped_windows_total 0.0")
                        .contains("suture_gateway_signal_buffered")
                        .contains("suture_gateway_requests_refused_total{reason=\"rate_limited\"} 0.0"));
    }

    private JsonNode status() {
        return json.readTree(gateway.get("/suture/status").body());
    }
}
