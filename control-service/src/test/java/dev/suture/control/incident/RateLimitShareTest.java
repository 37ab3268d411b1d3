package dev.suture.control.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.control.detection.RootCause;
import dev.suture.control.fleet.FleetMembership;
import dev.suture.control.fleet.GatewayStreamClient;
import dev.suture.control.snapshot.ConfigPublisher;
import dev.suture.model.snapshot.ConfigSnapshot;
import dev.suture.model.snapshot.RouteRateLimit;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * A rate limit's per-gateway share as the fleet grows and shrinks: real config streams connect and leave, and each
 * change of the fleet's size reaches the gateways as a new snapshot.
 */
@IncidentTest
class RateLimitShareTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Scenario scenario;
    private final FleetMembership fleet;
    private final ConfigPublisher publisher;
    private final int port;

    RateLimitShareTest(Scenario scenario, FleetMembership fleet, ConfigPublisher publisher, @LocalServerPort int port) {
        this.scenario = scenario;
        this.fleet = fleet;
        this.publisher = publisher;
        this.port = port;
    }

    @Test
    void eachGatewaysShareFollowsTheConnectedFleetAndEveryChangeIsPublished() throws Exception {
        scenario.route("shared", "http://10.44.0.1:80", "http://10.44.0.2:80");
        scenario.ticks(3, SECOND, "shared", scenario.healthy("shared", 100));
        scenario.ticks(1, SECOND, "shared", overloaded());
        assertThat(fleet.connectedGateways()).isZero();
        assertThat(sharedLimit())
                .as("no gateway connected: the whole cap is one share")
                .satisfies(limit -> assertShare(limit, 1, 20.0));

        try (GatewayStreamClient first = GatewayStreamClient.open(port, "gw-share-1", 0);
                GatewayStreamClient second = GatewayStreamClient.open(port, "gw-share-2", 0)) {
            await().atMost(WAIT).until(() -> fleet.connectedGateways() == 2);
            long before = currentVersion();

            scenario.ticks(1, SECOND, "shared", overloaded());

            assertShare(sharedLimit(), 2, 10.0);
            ConfigSnapshot split = awaitSnapshotWithShare(first, 2);
            assertThat(split.version()).isGreaterThan(before);
            assertThat(awaitSnapshotWithShare(second, 2).version()).isEqualTo(split.version());

            second.close();
            await().atMost(WAIT).until(() -> fleet.connectedGateways() == 1);
            scenario.ticks(1, SECOND, "shared", overloaded());

            assertShare(sharedLimit(), 1, 20.0);
            assertThat(awaitSnapshotWithShare(first, 1).version()).isGreaterThan(split.version());
        }
    }

    private Scenario.Assessment overloaded() {
        return scenario.unhealthy("shared", RootCause.OVERLOAD, 300);
    }

    /** Reads the stream's snapshots until one splits the route's cap over {@code gateways}. */
    private static ConfigSnapshot awaitSnapshotWithShare(GatewayStreamClient stream, int gateways)
            throws InterruptedException {
        for (GatewayStreamClient.Event event = stream.next("snapshot", WAIT);
                event != null;
                event = stream.next("snapshot", WAIT)) {
            ConfigSnapshot snapshot = JSON.readValue(event.data(), ConfigSnapshot.class);
            Optional<RouteRateLimit> limit = snapshot.overlay().rateLimits().stream()
                    .filter(candidate -> candidate.routeId().equals("shared"))
                    .findFirst();
            if (limit.isPresent() && limit.get().gatewayCount() == gateways) {
                return snapshot;
            }
        }
        throw new AssertionError("no snapshot split the cap over " + gateways + " gateways within " + WAIT);
    }

    private long currentVersion() {
        return publisher.current().orElseThrow().version();
    }

    private RouteRateLimit sharedLimit() {
        return scenario.overlay().rateLimits().stream()
                .filter(limit -> limit.routeId().equals("shared"))
                .findFirst()
                .orElseThrow();
    }

    private static void assertShare(RouteRateLimit limit, int gateways, double perGateway) {
        assertThat(limit.fleetRequestsPerSecond())
                .as("the fleet-wide cap holds")
                .isEqualTo(20.0);
        assertThat(limit.gatewayCount()).isEqualTo(gateways);
        assertThat(limit.perGatewayRequestsPerSecond()).isEqualTo(perGateway);
    }
}
