package dev.suture.control.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.control.api.AdminApiTest;
import dev.suture.control.api.AdminClient;
import dev.suture.control.api.AdminClient.Reply;
import dev.suture.control.snapshot.ConfigPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestConstructor;

/** The report endpoint over real HTTP, as gateways call it. */
@AdminApiTest
@TestConstructor(autowireMode = TestConstructor.AutowireMode.ALL)
class SignalReportApiTest {

    private static final String REPORT = """
            {"gatewayId": "%s", "sequence": %d, "windowStart": "2026-12-03T12:00:00Z", "windowMillis": 1000,
             "appliedVersion": 1, "droppedWindows": 0,
             "routes": [{"routeId": "orders", "requests": 2, "retries": 0, "rateLimited": 0, "unavailable": 0,
                         "instances": [{"url": "http://10.0.0.1:8080", "outcomes": {"OK": 2},
                                        "latencyBuckets": null, "consecutiveConnectionFailures": 0}]}]}
            """;

    /** A report of the window starting at the given instant, on the given route. */
    private static final String RECENT_REPORT = """
            {"gatewayId": "%s", "sequence": 1, "windowStart": "%s", "windowMillis": 1000,
             "appliedVersion": 1, "droppedWindows": 0,
             "routes": [{"routeId": "%s", "requests": 2, "retries": 0, "rateLimited": 0, "unavailable": 0,
                         "instances": [{"url": "http://10.0.0.1:8080", "outcomes": {"OK": 2},
                                        "latencyBuckets": null, "consecutiveConnectionFailures": 0}]}]}
            """;

    private final AdminClient api;
    private final SignalWindows windows;
    private final ConfigPublisher publisher;
    private final MeterRegistry meters;

    SignalReportApiTest(
            @LocalServerPort int port, SignalWindows windows, ConfigPublisher publisher, MeterRegistry meters) {
        this.api = new AdminClient(port);
        this.windows = windows;
        this.publisher = publisher;
        this.meters = meters;
    }

    @Test
    void aReportIsAccepted() {
        Reply reply = api.post("/api/v1/fleet/gw-report/reports", REPORT.formatted("gw-report", 1));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    }

    @Test
    void aReportSentAgainIsAcceptedButCountedOnce() {
        api.post("/api/v1/routes", """
                {"id": "retried", "path": "/retried/**", "upstreams": [{"url": "http://10.0.0.1:8080"}]}
                """);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> publisher.current().stream()
                        .flatMap(snapshot -> snapshot.routes().stream())
                        .anyMatch(route -> route.id().equals("retried")));
        // The evaluator does this at every tick; done here so the windows surely know the route before it reports.
        windows.declare(publisher.current().orElseThrow());
        Instant windowStart = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        String report = RECENT_REPORT.formatted("gw-again", windowStart, "retried");
        double duplicatesBefore = duplicates();

        Reply first = api.post("/api/v1/fleet/gw-again/reports", report);
        Reply again = api.post("/api/v1/fleet/gw-again/reports", report);

        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(again.status()).as("a retry needs no different answer").isEqualTo(202);
        RouteWindow window = windows.window("retried", windowStart.getEpochSecond() + 1, 1);
        assertThat(window.route().requests())
                .as("the retried report is not added again")
                .isEqualTo(2);
        assertThat(window.instance("http://10.0.0.1:8080").attempts()).isEqualTo(2);
        assertThat(duplicates() - duplicatesBefore).isEqualTo(1);
    }

    private double duplicates() {
        return meters.counter("suture.signals.reports", "result", "duplicate").count();
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
