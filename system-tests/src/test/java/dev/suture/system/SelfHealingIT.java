package dev.suture.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Faults injected into real upstreams while clients send traffic through two real gateways: each is noticed across the
 * fleet, named, acted on, watched until it recovers, and written down. Policies here use short windows so that a
 * fault plays out in seconds.
 */
class SelfHealingIT {

    private static final List<String> GATEWAYS = List.of("heal-a", "heal-b");
    private static final String FAST_POLICY = """
            {"name": "fast",
             "detection": {
               "errorRate": {"threshold": 0.3, "windowSeconds": 2, "minRequests": 5},
               "timeouts": {"threshold": 0.3, "windowSeconds": 2, "minRequests": 5},
               "latency": {"percentile": 90, "thresholdMs": 400, "windowSeconds": 3, "minRequests": 5},
               "connectionFailures": {"consecutive": 3, "windowSeconds": 2}},
             "ejection": {"baseEjectionSeconds": 3, "maxEjectionSeconds": 60, "maxEjectedPercent": 50}}
            """;

    private static LocalFleet fleet;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startFleet() {
        fleet = LocalFleet.create("healing");
        fleet.startControl("--suture.healing.recovery-hold=3s", "--suture.healing.probation-period=5s");
        GATEWAYS.forEach(gateway -> fleet.startGateway(gateway, "--suture.gateway.report-interval=500ms"));
        Http.Response policy = fleet.admin().post("/api/v1/policies", FAST_POLICY);
        assertThat(policy.status()).as(policy.body()).isEqualTo(201);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    @AfterEach
    void closeUpstreamsAndTraffic() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    void anInstanceThatStopsListeningIsEjectedOnEveryGatewayAndTheIncidentResolvesWhenItReturns() {
        List<FaultyUpstream> pool = pool("down", 3);
        declareRoute("down", pool, "[]");
        TrafficGenerator traffic = traffic("/down/x");
        awaitServedByAll(traffic, pool);

        Instant fault = Instant.now();
        pool.get(1).down();

        JsonNode incident = awaitIncident("down", "INSTANCE_DOWN");
        assertThat(incident.get("instances").toString()).contains(pool.get(1).url());
        awaitOverlay("ejections", pool.get(1).url());
        awaitEveryGatewayInSync();
        awaitClientsSeeOnly(traffic, s -> s.ok() && !s.upstream().equals("down-1"));
        assertThat(traffic.count(fault, s -> !s.ok()))
                .as("failed client requests during the fault")
                .isLessThan(100);

        pool.get(1).up();
        assertHealed(awaitResolved(incident), "EJECTION", "MITIGATING", "RECOVERING", "RESOLVED");
        awaitBackToNormal("down", traffic, pool);
    }

    @Test
    void anInstanceReturning500sIsEjectedAndClientsStopSeeingErrors() {
        List<FaultyUpstream> pool = pool("errors", 3);
        declareRoute("errors", pool, "[]");
        TrafficGenerator traffic = traffic("/errors/x");
        awaitServedByAll(traffic, pool);

        pool.get(2).failWith(500);

        JsonNode incident = awaitIncident("errors", "INSTANCE_ERRORS");
        assertThat(incident.get("instances").toString()).contains(pool.get(2).url());
        awaitOverlay("ejections", pool.get(2).url());
        awaitEveryGatewayInSync();
        awaitClientsSeeOnly(traffic, s -> s.ok() && !s.upstream().equals("errors-2"));

        pool.get(2).healthy();
        assertHealed(awaitResolved(incident), "EJECTION", "MITIGATING", "RECOVERING", "RESOLVED");
        awaitBackToNormal("errors", traffic, pool);
    }

    @Test
    void aSlowInstanceIsEjectedAndClientsGetFastAnswers() {
        List<FaultyUpstream> pool = pool("slow", 3);
        declareRoute("slow", pool, "[]");
        TrafficGenerator traffic = traffic("/slow/x");
        awaitServedByAll(traffic, pool);

        pool.get(0).slowBy(700);

        JsonNode incident = awaitIncident("slow", "INSTANCE_SLOW");
        assertThat(incident.get("instances").toString()).contains(pool.get(0).url());
        awaitOverlay("ejections", pool.get(0).url());
        awaitEveryGatewayInSync();
        awaitClientsSeeOnly(traffic, s -> s.ok() && !s.upstream().equals("slow-0"));

        pool.get(0).healthy();
        assertHealed(awaitResolved(incident), "EJECTION", "MITIGATING", "RECOVERING", "RESOLVED");
        awaitBackToNormal("slow", traffic, pool);
    }

    @Test
    void aWholePoolFailingFailsOverToTheFallbackPoolAndBack() {
        List<FaultyUpstream> pool = pool("primary", 2);
        FaultyUpstream fallback = FaultyUpstream.start("spare");
        toClose.add(fallback);
        declareRoute("primary", pool, "[{\"url\": \"" + fallback.url() + "\"}]");
        TrafficGenerator traffic = traffic("/primary/x");
        awaitServedByAll(traffic, pool);

        pool.forEach(upstream -> upstream.failWith(503));

        JsonNode incident = awaitIncident("primary", "SERVICE_FAILING");
        awaitOverlay("failovers", "primary");
        awaitEveryGatewayInSync();
        awaitClientsSeeOnly(traffic, s -> s.ok() && s.upstream().equals("spare"));

        pool.forEach(FaultyUpstream::healthy);
        assertHealed(awaitResolved(incident), "FAILOVER", "MITIGATING", "RECOVERING", "RESOLVED");
        awaitBackToNormal("primary", traffic, pool);
        assertThat(traffic.count(
                        Instant.now().minusSeconds(2), s -> s.upstream().equals("spare")))
                .as("the fallback pool is out of rotation again")
                .isZero();
    }

    @Test
    void anInstanceThatFlapsStaysOneIncidentWithLongerEjectionsEachTime() {
        List<FaultyUpstream> pool = pool("flaps", 3);
        declareRoute("flaps", pool, "[]");
        TrafficGenerator traffic = traffic("/flaps/x");
        awaitServedByAll(traffic, pool);

        pool.get(0).down();
        JsonNode incident = awaitIncident("flaps", "INSTANCE_DOWN");
        String id = incident.get("id").asText();
        awaitClientsSeeOnly(traffic, s -> s.ok() && !s.upstream().equals("flaps-0"));
        pool.get(0).up();
        await().atMost(Duration.ofSeconds(30)).until(() -> kindCount(detail(id), "PROBATION") > 0);
        pool.get(0).down();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ejectionSeconds(detail(id)))
                        .hasSizeGreaterThanOrEqualTo(2)
                        .isSorted());
        List<Long> ejections = ejectionSeconds(detail(id));
        assertThat(ejections.get(1)).isGreaterThan(ejections.get(0));
        assertThat(incidents("flaps")).hasSize(1);
        awaitEveryGatewayInSync();
        awaitClientsSeeOnly(traffic, s -> s.ok() && !s.upstream().equals("flaps-0"));

        pool.get(0).up();
        assertHealed(awaitResolved(incident), "EJECTION", "MITIGATING", "RECOVERING", "RESOLVED");
        awaitBackToNormal("flaps", traffic, pool);
        assertThat(incidents("flaps"))
                .as("one incident for the whole flapping episode")
                .hasSize(1);
    }

    private List<FaultyUpstream> pool(String route, int size) {
        List<FaultyUpstream> pool = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            FaultyUpstream upstream = FaultyUpstream.start(route + "-" + i);
            toClose.add(upstream);
            pool.add(upstream);
        }
        return pool;
    }

    private static void declareRoute(String id, List<FaultyUpstream> pool, String fallback) {
        StringBuilder upstreams = new StringBuilder();
        for (FaultyUpstream upstream : pool) {
            upstreams
                    .append(upstreams.length() == 0 ? "" : ",")
                    .append("{\"url\": \"")
                    .append(upstream.url())
                    .append("\"}");
        }
        Http.Response created = fleet.admin().post("/api/v1/routes", """
                {"id": "%s", "path": "/%s/**", "upstreams": [%s], "fallbackUpstreams": %s, "policy": "fast",
                 "responseTimeoutMs": 1000}
                """.formatted(id, id, upstreams, fallback));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private TrafficGenerator traffic(String path) {
        List<String> urls =
                GATEWAYS.stream().map(gateway -> fleet.gatewayUrl(gateway)).toList();
        TrafficGenerator traffic = new TrafficGenerator(urls, path, Duration.ofMillis(20));
        toClose.add(traffic);
        return traffic;
    }

    private static void awaitServedByAll(TrafficGenerator traffic, List<FaultyUpstream> pool) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Instant recent = Instant.now().minusSeconds(2);
            for (FaultyUpstream upstream : pool) {
                assertThat(traffic.count(recent, s -> s.ok() && s.upstream().equals(upstream.name())))
                        .as(upstream.name())
                        .isPositive();
            }
        });
    }

    /** Waits until the last two seconds of traffic through every gateway are all {@code good}. */
    private static void awaitClientsSeeOnly(TrafficGenerator traffic, Predicate<TrafficGenerator.Seen> good) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<TrafficGenerator.Seen> recent = traffic.since(Instant.now().minusSeconds(2));
            for (String gateway : GATEWAYS) {
                String url = fleet.gatewayUrl(gateway);
                assertThat(recent.stream().filter(s -> s.gateway().equals(url)))
                        .as("through " + gateway)
                        .isNotEmpty()
                        .allMatch(good);
            }
        });
    }

    private static void awaitOverlay(String list, String contains) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(fleet.admin()
                                .get("/api/v1/config")
                                .json()
                                .get("overlay")
                                .get(list)
                                .toString())
                        .contains(contains));
    }

    private static void awaitEveryGatewayInSync() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String gateway : GATEWAYS) {
                assertThat(fleet.admin()
                                .get("/api/v1/gateways/" + gateway)
                                .json()
                                .get("inSync")
                                .asBoolean())
                        .as(gateway)
                        .isTrue();
            }
        });
    }

    private static JsonNode awaitIncident(String route, String rootCause) {
        return await()
                .atMost(Duration.ofSeconds(20))
                .until(
                        () -> incidents(route),
                        items -> items.stream()
                                .anyMatch(i -> i.get("rootCause").asText().equals(rootCause)))
                .stream()
                .filter(i -> i.get("rootCause").asText().equals(rootCause))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode awaitResolved(JsonNode incident) {
        String id = incident.get("id").asText();
        return await().atMost(Duration.ofSeconds(120))
                .until(
                        () -> detail(id),
                        detail -> detail.get("incident").get("state").asText().equals("RESOLVED"));
    }

    /**
     * The resolved incident's record tells the whole story: detected, acted on with {@code action}, the config that
     * carried the action pushed, the states passed through in order, and times to detect and to recover.
     */
    private static void assertHealed(JsonNode detail, String action, String... states) {
        JsonNode incident = detail.get("incident");
        assertThat(kinds(detail))
                .as("timeline of incident %s", incident.get("id"))
                .startsWith("DETECTED")
                .contains("ACTION", "CONFIG_PUSHED", "STATE_CHANGE");
        assertThat(actionTypes(detail)).as("actions applied").contains(action);
        assertThat(stateChanges(detail)).as("states passed through").containsSubsequence(states);
        assertThat(incident.get("timeToDetectMs").asLong()).isPositive();
        assertThat(incident.get("timeToRecoverMs").asLong()).isPositive();
        assertThat(incident.get("resolvedAt").isNull()).isFalse();
    }

    /** Every instance serves again, and the last two seconds through every gateway had no failure. */
    private static void awaitBackToNormal(String route, TrafficGenerator traffic, List<FaultyUpstream> pool) {
        awaitServedByAll(traffic, pool);
        awaitClientsSeeOnly(traffic, TrafficGenerator.Seen::ok);
        awaitEveryGatewayInSync();
        String overlay =
                fleet.admin().get("/api/v1/config").json().get("overlay").toString();
        assertThat(overlay).as("the overlay is cleared of the healed route").doesNotContain("\"" + route + "\"");
        for (FaultyUpstream upstream : pool) {
            assertThat(overlay).doesNotContain(upstream.url());
        }
    }

    private static List<String> actionTypes(JsonNode detail) {
        List<String> types = new ArrayList<>();
        detail.get("timeline").forEach(entry -> {
            if (entry.get("kind").asText().equals("ACTION")) {
                types.add(entry.get("details").path("type").asText());
            }
        });
        return types;
    }

    private static List<String> stateChanges(JsonNode detail) {
        List<String> states = new ArrayList<>();
        detail.get("timeline").forEach(entry -> {
            if (entry.get("kind").asText().equals("STATE_CHANGE")) {
                states.add(entry.get("details").get("to").asText());
            }
        });
        return states;
    }

    private static JsonNode detail(String id) {
        return fleet.admin().get("/api/v1/incidents/" + id).json();
    }

    private static List<String> kinds(JsonNode detail) {
        List<String> kinds = new ArrayList<>();
        detail.get("timeline").forEach(entry -> kinds.add(entry.get("kind").asText()));
        return kinds;
    }

    private static long kindCount(JsonNode detail, String text) {
        List<String> found = new ArrayList<>();
        detail.get("timeline").forEach(entry -> {
            if (entry.toString().contains(text)) {
                found.add(text);
            }
        });
        return found.size();
    }

    /** The length of each ejection the incident applied, in order. */
    private static List<Long> ejectionSeconds(JsonNode detail) {
        List<Long> seconds = new ArrayList<>();
        detail.get("timeline").forEach(entry -> {
            JsonNode details = entry.get("details");
            if (entry.get("kind").asText().equals("ACTION")
                    && details.path("type").asText().equals("EJECTION")
                    && details.has("until")) {
                Instant start = Instant.parse(entry.get("at").asText());
                seconds.add(Duration.between(
                                start, Instant.parse(details.get("until").asText()))
                        .toSeconds());
            }
        });
        return seconds;
    }

    private static List<JsonNode> incidents(String route) {
        List<JsonNode> items = new ArrayList<>();
        fleet.admin()
                .get("/api/v1/incidents?route=" + route)
                .json()
                .get("items")
                .forEach(items::add);
        return items;
    }
}
