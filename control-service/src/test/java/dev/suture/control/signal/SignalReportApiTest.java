package dev.suture.control.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.control.api.AdminApiTest;
import dev.suture.control.api.AdminClient;
import dev.suture.control.api.AdminClient.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The report endpoint over real HTTP, as gateways call it. */
@AdminApiTest
class SignalReportApiTest {

    private static final String REPORT = """
            {"gatewayId": "%s", "sequence": %d, "windowStart": "2026-12-03T12:00:00Z", "windowMillis": 1000,
             "appliedVersion": 1, "droppedWindows": 0,
             "routes": [{"routeId": "orders", "requests": 2, "retries": 0, "rateLimited": 0, "unavailable": 0,
                         "instances": [{"url": "http://10.0.0.1:8080", "outcomes": {"OK": 2},
                                        "latencyBuckets": null, "consecutiveConnectionFailures": 0}]}]}
            """;

    @LocalServerPort
    int port;

    private AdminClient api;

    @BeforeEach
    void connect() {
        api = new AdminClient(port);
    }

    @Test
    void aReportIsAccepted() {
        Reply reply = api.post("/api/v1/fleet/gw-report/reports", REPORT.formatted("gw-report", 1));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    }

    @Test
    void aReportSentAgainIsAcceptedToo() {
        api.post("/api/v1/fleet/gw-again/reports", REPORT.formatted("gw-again", 1));

        Reply again = api.post("/api/v1/fleet/gw-again/reports", REPORT.formatted("gw-again", 1));

        assertThat(again.status()).as("a retry needs no different answer").isEqualTo(202);
    }

    @Test
    void aReportForAnotherGatewayThanThePathIsRefused() {
        Reply reply = api.post("/api/v1/fleet/gw-path/reports", REPORT.formatted("gw-body", 1));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asString()).isEqualTo("https://suture.dev/problems/invalid-request");
        assertThat(reply.errorFields()).containsExactly("gatewayId");
        assertThat(reply.json().path("detail").asString()).contains("gw-path").contains("gw-body");
    }

    @Test
    void anInvalidReportIsRefusedNamingTheField() {
        Reply reply = api.post("/api/v1/fleet/gw-bad/reports", REPORT.formatted("gw-bad", 0));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().path("type").asString()).isEqualTo("https://suture.dev/problems/invalid-request");
        assertThat(reply.errorFields()).containsExactly("sequence");
    }
}
