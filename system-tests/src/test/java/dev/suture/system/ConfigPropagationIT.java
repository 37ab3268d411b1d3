package dev.suture.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Routes declared through the admin API reach a fleet of two real gateways and carry real traffic. */
class ConfigPropagationIT {

    private static final List<String> GATEWAYS = List.of("gw-a", "gw-b");

    private static LocalFleet fleet;
    private static Upstream blue;
    private static Upstream green;

    @BeforeAll
    static void startFleet() {
        blue = Upstream.start("blue");
        green = Upstream.start("green");
        fleet = LocalFleet.create("propagation");
        fleet.startControl();
        GATEWAYS.forEach(fleet::startGateway);
        awaitFleetInSync();
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
        blue.close();
        green.close();
    }

    @Test
    void aRouteCreatedThroughTheApiCarriesTrafficOnEveryGatewayWithinASecond() {
        long start = System.nanoTime();
        Http.Response created = fleet.admin().post("/api/v1/routes", route("orders", "/orders/**", blue));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        Map<String, Long> servedAfterMillis = new HashMap<>();
        while (servedAfterMillis.size() < GATEWAYS.size() && System.nanoTime() - start < 5_000_000_000L) {
            for (String gateway : GATEWAYS) {
                if (!servedAfterMillis.containsKey(gateway)
                        && fleet.gateway(gateway).get("/orders/42").body().equals("blue")) {
                    servedAfterMillis.put(gateway, (System.nanoTime() - start) / 1_000_000);
                }
            }
        }

        assertThat(servedAfterMillis)
                .as("milliseconds from the API call to each gateway's first routed request")
                .containsOnlyKeys(GATEWAYS)
                .allSatisfy((gateway, millis) -> assertThat(millis).isLessThan(1_000));
    }

    @Test
    void changingARoutesUpstreamsMovesItsTraffic() {
        fleet.admin().post("/api/v1/routes", route("carts", "/carts/**", blue));
        awaitServedBy("/carts/1", "blue");
        String etag = fleet.admin().get("/api/v1/routes/carts").header("ETag");

        Http.Response updated =
                fleet.admin().put("/api/v1/routes/carts", route("carts", "/carts/**", green), Map.of("If-Match", etag));

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        awaitServedBy("/carts/1", "green");
        int greenBefore = green.requests();
        int blueBefore = blue.requests();
        for (int i = 0; i < 20; i++) {
            assertThat(fleet.gateway("gw-a").get("/carts/" + i).body()).isEqualTo("green");
        }
        assertThat(green.requests() - greenBefore).isEqualTo(20);
        assertThat(blue.requests() - blueBefore).isZero();
    }

    @Test
    void aPoolOfTwoInstancesSharesTrafficBetweenThem() {
        fleet.admin().post("/api/v1/routes", """
                {"id": "stock", "path": "/stock/**",
                 "upstreams": [{"url": "%s"}, {"url": "%s"}], "policy": "default"}
                """.formatted(blue.url(), green.url()));
        awaitServedByAny("/stock/1");

        Map<String, Integer> servedBy = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            servedBy.merge(fleet.gateway("gw-b").get("/stock/" + i).body(), 1, Integer::sum);
        }

        assertThat(servedBy).containsOnlyKeys("blue", "green");
        assertThat(servedBy.get("blue")).isBetween(15, 25);
    }

    @Test
    void deletingARouteMakesItsPathNotFoundOnEveryGateway() {
        fleet.admin().post("/api/v1/routes", route("returns", "/returns/**", blue));
        awaitServedBy("/returns/7", "blue");

        assertThat(fleet.admin().delete("/api/v1/routes/returns").status()).isEqualTo(204);

        for (String gateway : GATEWAYS) {
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(
                                    fleet.gateway(gateway).get("/returns/7").status())
                            .isEqualTo(404));
        }
    }

    @Test
    void everyGatewayAppliesEachVersionInTurn() {
        long previous = currentVersion();
        for (int i = 0; i < 5; i++) {
            Http.Response created =
                    fleet.admin().post("/api/v1/routes", route("step-" + i, "/step-" + i + "/**", blue));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long before = previous;
            long version = await().atMost(Duration.ofSeconds(5)).until(this::currentVersion, v -> v > before);

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(appliedVersions())
                            .as("each gateway's applied version after change %d", version)
                            .containsOnlyKeys(GATEWAYS)
                            .allSatisfy(
                                    (gateway, applied) -> assertThat(applied).isGreaterThanOrEqualTo(version)));
            assertThat(appliedVersions())
                    .as("no gateway skipped ahead of the control service")
                    .allSatisfy((gateway, applied) -> assertThat(applied).isLessThanOrEqualTo(currentVersion()));
            previous = version;
        }
        for (String gateway : GATEWAYS) {
            assertThat(fleet.gateway(gateway).get("/step-4/x").body()).isEqualTo("blue");
        }
    }

    @Test
    void aBurstOfChangesLeavesEveryGatewayOnTheLastVersionWithNoRejection() {
        for (int i = 0; i < 10; i++) {
            Http.Response created =
                    fleet.admin().post("/api/v1/routes", route("burst-" + i, "/burst-" + i + "/**", green));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }

        awaitFleetInSync();
        long current = currentVersion();
        JsonNode gateways = fleet.admin().get("/api/v1/gateways").json().get("items");
        assertThat(gateways).hasSize(2);
        for (JsonNode gateway : gateways) {
            assertThat(gateway.get("connected").asBoolean()).isTrue();
            assertThat(gateway.get("appliedVersion").asLong()).isEqualTo(current);
            assertThat(gateway.get("rejections")).isEmpty();
            assertThat(Instant.parse(gateway.get("lastSeen").asText()))
                    .as("last seen at the latest when it acknowledged")
                    .isAfterOrEqualTo(Instant.parse(gateway.get("appliedAt").asText()));
        }
        for (String gateway : GATEWAYS) {
            for (int i = 0; i < 10; i++) {
                assertThat(fleet.gateway(gateway).get("/burst-" + i + "/x").body())
                        .isEqualTo("green");
            }
        }
    }

    private long currentVersion() {
        return fleet.admin().get("/api/v1/config").json().get("version").asLong();
    }

    private static Map<String, Long> appliedVersions() {
        Map<String, Long> applied = new HashMap<>();
        fleet.admin()
                .get("/api/v1/gateways")
                .json()
                .get("items")
                .forEach(gateway -> applied.put(
                        gateway.get("id").asText(),
                        gateway.get("appliedVersion").asLong()));
        return applied;
    }

    static String route(String id, String path, Upstream upstream) {
        return """
                {"id": "%s", "path": "%s", "upstreams": [{"url": "%s"}], "policy": "default"}
                """.formatted(id, path, upstream.url());
    }

    private static void awaitServedBy(String path, String upstream) {
        for (String gateway : GATEWAYS) {
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() ->
                            assertThat(fleet.gateway(gateway).get(path).body()).isEqualTo(upstream));
        }
    }

    private static void awaitServedByAny(String path) {
        for (String gateway : GATEWAYS) {
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () -> assertThat(fleet.gateway(gateway).get(path).status())
                                    .isEqualTo(200));
        }
    }

    static void awaitFleetInSync() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode items = fleet.admin().get("/api/v1/gateways").json().get("items");
            assertThat(items).hasSize(GATEWAYS.size());
            items.forEach(gateway -> assertThat(gateway.get("inSync").asBoolean())
                    .as(gateway.toString())
                    .isTrue());
        });
    }
}
