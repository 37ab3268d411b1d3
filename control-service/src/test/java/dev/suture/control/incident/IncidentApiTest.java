package dev.suture.control.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.control.api.AdminClient;
import dev.suture.control.detection.RootCause;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The incident history API over real HTTP, with incidents made by feeding assessments. */
@IncidentTest
class IncidentApiTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private final Scenario scenario;
    private final AdminClient api;

    IncidentApiTest(Scenario scenario, @LocalServerPort int port) {
        this.scenario = scenario;
        this.api = new AdminClient(port);
    }

    @Test
    void listsFilterAndPageNewestFirst() {
        Instant from = scenario.now();
        scenario.route("api-first", "http://10.30.0.1:80", "http://10.30.0.2:80", "http://10.30.0.3:80");
        scenario.route("api-second", "http://10.31.0.1:80", "http://10.31.0.2:80", "http://10.31.0.3:80");
        scenario.ticks(1, SECOND, "api-first", scenario.unhealthy("api-first", RootCause.OVERLOAD, 40));
        scenario.ticks(
                1,
                SECOND,
                "api-second",
                scenario.unhealthy("api-second", RootCause.INSTANCE_ERRORS, 40, "http://10.31.0.1:80"));
        Instant to = scenario.now().plusSeconds(1);

        JsonNode page =
                api.get("/api/v1/incidents?size=1&from=" + from + "&to=" + to).json();
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
        assertThat(page.get("totalPages").asLong()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("routeId").asString()).isEqualTo("api-second");
        JsonNode second = api.get("/api/v1/incidents?size=1&page=1&from=" + from + "&to=" + to)
                .json();
        assertThat(second.get("items").get(0).get("routeId").asString()).isEqualTo("api-first");

        JsonNode overloads =
                api.get("/api/v1/incidents?rootCause=overload&route=api-first").json();
        assertThat(overloads.get("totalItems").asLong()).isEqualTo(1);
        JsonNode mitigating =
                api.get("/api/v1/incidents?state=MITIGATING&route=api-second").json();
        assertThat(mitigating.get("totalItems").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/incidents?state=MITIGATING&route=api-first")
                        .json()
                        .get("totalItems")
                        .asLong())
                .as("the overload is rate limited, so also mitigating")
                .isEqualTo(1);
    }

    @Test
    void badFiltersAreProblems() {
        AdminClient.Reply state = api.get("/api/v1/incidents?state=ON_FIRE");
        AdminClient.Reply time = api.get("/api/v1/incidents?from=yesterday");

        assertThat(state.status()).isEqualTo(400);
        assertThat(state.errorFields()).containsExactly("state");
        assertThat(time.status()).isEqualTo(400);
        assertThat(time.errorFields()).containsExactly("from");
    }

    @Test
    void anIncidentShowsItsTimelineAndTakesAcknowledgementsAndNotesButNoEdits() {
        scenario.route("api-detail", "http://10.32.0.1:80", "http://10.32.0.2:80", "http://10.32.0.3:80");
        scenario.ticks(
                2,
                SECOND,
                "api-detail",
                scenario.unhealthy("api-detail", RootCause.INSTANCE_DOWN, 40, "http://10.32.0.1:80"));
        long id = scenario.only("api-detail").incident().id();
        String path = "/api/v1/incidents/" + id;

        JsonNode detail = api.get(path).json();
        assertThat(detail.get("incident").get("rootCause").asString()).isEqualTo("INSTANCE_DOWN");
        assertThat(detail.get("timeline").get(0).get("kind").asString()).isEqualTo("DETECTED");

        JsonNode acknowledged =
                api.post(path + "/acknowledge", "", "X-Suture-Actor", "alice").json();
        assertThat(acknowledged.get("incident").get("acknowledgedBy").asString())
                .isEqualTo("alice");
        JsonNode noted = api.post(path + "/notes", "{\"text\": \"looking at the node\"}", "X-Suture-Actor", "bob")
                .json();
        JsonNode last = noted.get("timeline").get(noted.get("timeline").size() - 1);
        assertThat(last.get("kind").asString()).isEqualTo("NOTE");
        assertThat(last.get("actor").asString()).isEqualTo("bob");
        assertThat(last.get("message").asString()).isEqualTo("looking at the node");

        assertThat(api.post(path + "/notes", "{\"text\": \" \"}").status()).isEqualTo(400);
        assertThat(api.put(path, "{}").status()).isEqualTo(405);
        assertThat(api.delete(path).status()).isEqualTo(405);
        AdminClient.Reply missing = api.get("/api/v1/incidents/987654321");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void theSummaryCountsAndMeasuresIncidentsOpenedInTheRange() {
        Instant from = scenario.now();
        scenario.route("api-summary", "http://10.33.0.1:80", "http://10.33.0.2:80", "http://10.33.0.3:80");
        scenario.ticks(
                1,
                SECOND,
                "api-summary",
                scenario.unhealthySince(
                        from.minusMillis(2_700), "api-summary", RootCause.INSTANCE_ERRORS, 40, "http://10.33.0.1:80"));
        scenario.during(Duration.ofSeconds(70), "api-summary", scenario.healthy("api-summary", 40));
        Instant to = scenario.now().plusSeconds(1);

        JsonNode summary =
                api.get("/api/v1/incidents/summary?from=" + from + "&to=" + to).json();

        assertThat(summary.get("opened").asLong()).isEqualTo(1);
        assertThat(summary.get("autoResolved").asLong()).isEqualTo(1);
        assertThat(summary.get("escalated").asLong()).isZero();
        assertThat(summary.get("timeToDetectMs").get("p50").asLong())
                .as("the problem began 2.7 s before the test; the first tick came a second later")
                .isEqualTo(3_700);
        assertThat(summary.get("timeToRecoverMs").get("max").asLong()).isEqualTo(1_000);
    }
}
