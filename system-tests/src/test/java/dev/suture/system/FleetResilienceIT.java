package dev.suture.system;

import static dev.suture.system.ConfigPropagationIT.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The fleet's story when things go wrong: a config one gateway cannot apply, the control service going away, a gateway
 * restarting while it is away, and the control service coming back. Each step builds on the one before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetResilienceIT {

    private static LocalFleet fleet;
    private static Upstream upstream;

    @BeforeAll
    static void startFleet() {
        upstream = Upstream.start("primary");
        fleet = LocalFleet.create("resilience");
        fleet.startControl();
        fleet.startGateway("roomy");
        // A capacity guard of one route on this gateway: the second route makes a snapshot it must refuse.
        fleet.startGateway("tight", "--suture.gateway.max-routes=1");
        fleet.admin().post("/api/v1/routes", route("orders", "/orders/**", upstream));
        awaitServed("roomy", "/orders/1");
        awaitServed("tight", "/orders/1");
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
        upstream.close();
    }

    @Test
    @Order(1)
    void aSnapshotAGatewayCannotApplyIsRejectedAndReportedWhileItKeepsRoutingOnThePreviousOne() {
        fleet.admin().post("/api/v1/routes", route("billing", "/billing/**", upstream));
        long rejectedVersion = awaitVersionWithRoute("billing");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode tight = fleet.admin().get("/api/v1/gateways/tight").json();
            assertThat(tight.get("rejections")).isNotEmpty();
            assertThat(tight.get("rejections").get(0).get("version").asLong()).isEqualTo(rejectedVersion);
            assertThat(tight.get("rejections").get(0).get("reason").asText()).contains("routes");
            assertThat(tight.get("inSync").asBoolean()).isFalse();
        });
        awaitServed("roomy", "/billing/1");
        assertThat(fleet.gateway("tight").get("/orders/1").body()).isEqualTo("primary");
        assertThat(fleet.gateway("tight").get("/billing/1").status()).isEqualTo(404);
        assertThat(fleet.admin()
                        .get("/api/v1/gateways/roomy")
                        .json()
                        .get("inSync")
                        .asBoolean())
                .isTrue();
    }

    @Test
    @Order(2)
    void stoppingTheControlServiceLeavesTheGatewaysRouting() {
        fleet.stop("control");

        // Five seconds of traffic while each gateway's stream is broken and its reconnects fail, not just the moment
        // after the stop.
        long until = System.nanoTime() + 5_000_000_000L;
        int requests = 0;
        while (System.nanoTime() < until) {
            assertThat(fleet.gateway("roomy").get("/orders/" + requests).body()).isEqualTo("primary");
            assertThat(fleet.gateway("roomy").get("/billing/" + requests).body())
                    .isEqualTo("primary");
            assertThat(fleet.gateway("tight").get("/orders/" + requests).body()).isEqualTo("primary");
            requests++;
            pause(50);
        }
        assertThat(requests).isGreaterThan(20);
    }

    @Test
    @Order(3)
    void aGatewayRestartedWhileTheControlServiceIsDownRoutesFromItsSavedSnapshot() {
        assertThat(fleet.isRunning("control")).isFalse();
        fleet.stop("roomy");

        fleet.startGateway("roomy");

        awaitServed("roomy", "/orders/1");
        assertThat(fleet.gateway("roomy").get("/billing/1").body()).isEqualTo("primary");
    }

    @Test
    @Order(4)
    void gatewaysReconnectWhenTheControlServiceReturnsAndApplyNewVersions() {
        fleet.startControl();
        fleet.admin().post("/api/v1/routes", route("search", "/search/**", upstream));

        awaitServed("roomy", "/search/q");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode roomy = fleet.admin().get("/api/v1/gateways/roomy").json();
            assertThat(roomy.get("connected").asBoolean()).isTrue();
            assertThat(roomy.get("inSync").asBoolean()).isTrue();
            assertThat(fleet.admin()
                            .get("/api/v1/gateways/tight")
                            .json()
                            .get("connected")
                            .asBoolean())
                    .isTrue();
        });
    }

    private static long awaitVersionWithRoute(String routeId) {
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> fleet.admin().get("/api/v1/config").json(),
                        config -> config.get("routes").findValuesAsString("id").contains(routeId))
                .get("version")
                .asLong();
    }

    private static void awaitServed(String gateway, String path) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(fleet.gateway(gateway).get(path).body()).isEqualTo("primary"));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
