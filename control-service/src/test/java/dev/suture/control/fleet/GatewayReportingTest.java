package dev.suture.control.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.control.api.AdminClient;
import dev.suture.control.api.AdminClient.Reply;
import dev.suture.control.database.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** The fleet listing shows each gateway's reports: when the last came, whether it went stale, and its own health. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "suture.signals.stale-after=1s")
@ContextConfiguration(initializers = TestDatabase.class)
class GatewayReportingTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String REPORT = """
            {"gatewayId": "%s", "sequence": %d, "windowStart": "%s", "windowMillis": 1000,
             "appliedVersion": 1, "droppedWindows": 0, "routes": [],
             "health": {"ready": true, "processCpuLoad": %s, "heapUsedFraction": 0.25, "openBreakers": 2}}
            """;

    @LocalServerPort
    int port;

    private AdminClient admin;

    @BeforeEach
    void connectAdmin() {
        admin = new AdminClient(port);
        await().atMost(WAIT).until(() -> admin.get("/api/v1/config").status() == 200);
    }

    @Test
    void theNewestReportedHealthIsShownAndAGatewayThatFallsSilentTurnsStale() {
        try (GatewayStreamClient stream = GatewayStreamClient.open(port, "gw-health", 0)) {
            await().atMost(WAIT)
                    .until(() -> admin.get("/api/v1/gateways/gw-health").status() == 200);
            assertThat(admin.get("/api/v1/gateways/gw-health")
                            .json()
                            .get("reporting")
                            .isNull())
                    .as("no report yet")
                    .isTrue();

            report("gw-health", 2, "0.4");
            report("gw-health", 3, "0.9");
            JsonNode reporting = admin.get("/api/v1/gateways/gw-health").json().get("reporting");

            assertThat(reporting.get("stale").asBoolean()).isFalse();
            assertThat(reporting.get("health").get("ready").asBoolean()).isTrue();
            assertThat(reporting.get("health").get("processCpuLoad").asDouble()).isEqualTo(0.9);
            assertThat(reporting.get("health").get("heapUsedFraction").asDouble())
                    .isEqualTo(0.25);
            assertThat(reporting.get("health").get("openBreakers").asInt()).isEqualTo(2);

            report("gw-health", 1, "0.1");
            assertThat(admin.get("/api/v1/gateways/gw-health")
                            .json()
                            .get("reporting")
                            .get("health")
                            .get("processCpuLoad")
                            .asDouble())
                    .as("a late report of an older window does not overwrite newer health")
                    .isEqualTo(0.9);

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(admin.get("/api/v1/gateways/gw-health")
                                    .json()
                                    .get("reporting")
                                    .get("stale")
                                    .asBoolean())
                            .as("silent for longer than stale-after")
                            .isTrue());
        }
    }

    @Test
    void healthOutOfRangeIsRefusedNamingTheField() {
        Reply refused = admin.post(
                "/api/v1/fleet/gw-bad-health/reports", REPORT.formatted("gw-bad-health", 1, Instant.now(), "1.5"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactly("health.processCpuLoad");
    }

    private void report(String gateway, long sequence, String cpu) {
        Instant windowStart = Instant.now().minusSeconds(3 - sequence);
        Reply accepted = admin.post(
                "/api/v1/fleet/" + gateway + "/reports", REPORT.formatted(gateway, sequence, windowStart, cpu));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    }
}
