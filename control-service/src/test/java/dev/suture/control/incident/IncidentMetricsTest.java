package dev.suture.control.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.suture.control.api.AdminClient;
import dev.suture.control.detection.RootCause;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The incident and signal meters as Prometheus scrapes them from the running service. The service is shared with other
 * incident tests, so each check compares a scrape with the one before it.
 */
@IncidentTest
class IncidentMetricsTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final String INSTANCE = "http://10.43.0.1:80";

    private final Scenario scenario;
    private final AdminClient api;

    IncidentMetricsTest(Scenario scenario, @LocalServerPort int port) {
        this.scenario = scenario;
        this.api = new AdminClient(port);
    }

    @Test
    void aScrapeShowsTheOpenIncidentItsEjectionAndItsTimesToDetectAndRecover() {
        scenario.route("metrics", INSTANCE, "http://10.43.0.2:80", "http://10.43.0.3:80", "http://10.43.0.4:80");
        PrometheusScrape before = scrape();

        scenario.ticks(1, SECOND, "metrics", scenario.unhealthy("metrics", RootCause.INSTANCE_ERRORS, 40, INSTANCE));

        PrometheusScrape opened = scrape();
        assertThat(opened.since(before, "suture_incidents_open")).isEqualTo(1);
        assertThat(opened.since(before, "suture_healing_actions_total", "type", "EJECTION", "dryRun", "false"))
                .isEqualTo(1);
        assertThat(opened.since(before, "suture_incidents_detection_seconds_count"))
                .isEqualTo(1);
        assertThat(opened.since(before, "suture_incidents_detection_seconds_sum"))
                .as("detected 2.5 s after the onset")
                .isCloseTo(2.5, within(1e-6));
        assertThat(opened.since(before, "suture_incidents_detection_seconds_bucket", "le", "2"))
                .isZero();
        assertThat(opened.since(before, "suture_incidents_detection_seconds_bucket", "le", "5"))
                .isEqualTo(1);

        scenario.during(Duration.ofSeconds(61), "metrics", scenario.healthy("metrics", 40));

        assertThat(scenario.only("metrics").incident().state()).isEqualTo(IncidentState.RESOLVED);
        PrometheusScrape resolved = scrape();
        assertThat(resolved.since(before, "suture_incidents_open")).isZero();
        assertThat(resolved.since(before, "suture_incidents_recovery_seconds_count"))
                .isEqualTo(1);
        assertThat(resolved.since(before, "suture_incidents_recovery_seconds_sum"))
                .as("healthy again one second after opening")
                .isCloseTo(1.0, within(1e-6));
        assertThat(resolved.since(before, "suture_incidents_recovery_seconds_bucket", "le", "10"))
                .isEqualTo(1);
    }

    @Test
    void aScrapeShowsHowLateAGatewaysReportArrived() {
        PrometheusScrape before = scrape();
        Instant windowStart = scenario.now().minusMillis(1_300);

        AdminClient.Reply reply = api.post("/api/v1/fleet/gw-lag/reports", report("gw-lag", windowStart));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        PrometheusScrape after = scrape();
        assertThat(after.since(before, "suture_signals_report_lag_seconds_count"))
                .isEqualTo(1);
        assertThat(after.since(before, "suture_signals_report_lag_seconds_sum"))
                .as("a one-second window that ended 300 ms before it arrived")
                .isCloseTo(0.3, within(1e-6));
    }

    private PrometheusScrape scrape() {
        AdminClient.Reply reply = api.get("/actuator/prometheus");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return PrometheusScrape.parse(reply.body());
    }

    private static String report(String gatewayId, Instant windowStart) {
        return """
                {"gatewayId": "%s", "sequence": 1, "windowStart": "%s", "windowMillis": 1000,
                 "appliedVersion": 1, "droppedWindows": 0,
                 "routes": [{"routeId": "metrics-lag", "requests": 1, "retries": 0, "rateLimited": 0,
                             "unavailable": 0, "instances": [{"url": "http://10.43.9.1:80", "outcomes": {"OK": 1},
                             "latencyBuckets": null, "consecutiveConnectionFailures": 0}]}]}
                """.formatted(gatewayId, windowStart);
    }
}
