package dev.suture.control.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.control.api.AdminClient;
import dev.suture.control.database.TestDatabase;
import dev.suture.model.snapshot.ConfigSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The config stream as gateways use it, over real HTTP against the whole control service and PostgreSQL. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "suture.fleet.heartbeat-interval=200ms")
@ContextConfiguration(initializers = TestDatabase.class)
@TestConstructor(autowireMode = TestConstructor.AutowireMode.ALL)
class FleetStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final FleetStreams streams;
    private final JdbcClient jdbc;

    private AdminClient admin;

    FleetStreamTest(FleetStreams streams, JdbcClient jdbc) {
        this.streams = streams;
        this.jdbc = jdbc;
    }

    @BeforeEach
    void connectAdmin() {
        admin = new AdminClient(port);
        await().atMost(WAIT).until(() -> admin.get("/api/v1/config").status() == 200);
    }

    @Test
    void aGatewayReceivesTheCurrentSnapshotAsSoonAsItConnects() throws Exception {
        long current = currentVersion();

        try (GatewayStreamClient stream = GatewayStreamClient.open(port, "gw-fresh", 0)) {
            GatewayStreamClient.Event first = stream.next(WAIT);

            assertThat(first).isNotNull();
            assertThat(first.name()).isEqualTo("snapshot");
            assertThat(JSON.readValue(first.data(), ConfigSnapshot.class).version())
                    .isEqualTo(current);
        }
    }

    @Test
    void aGatewayAlreadyRunningTheCurrentVersionOnlyGetsHeartbeats() throws Exception {
        long current = currentVersion();

        try (GatewayStreamClient stream = GatewayStreamClient.open(port, "gw-current", current)) {
            GatewayStreamClient.Event first = stream.next(WAIT);

            assertThat(first).isNotNull();
            assertThat(first.name()).isEqualTo("heartbeat");
            assertThat(JSON.readTree(first.data()).get("version").asLong()).isEqualTo(current);
        }
    }

    @Test
    void aRouteChangeReachesEveryOpenStreamAsOneNewVersion() throws Exception {
        try (GatewayStreamClient one = GatewayStreamClient.open(port, "gw-one", currentVersion());
                GatewayStreamClient two = GatewayStreamClient.open(port, "gw-two", currentVersion())) {
            awaitConnected("gw-one");
            awaitConnected("gw-two");
            long before = currentVersion();

            admin.post("/api/v1/routes", route("fanout", "http://127.0.0.1:9101"));

            for (GatewayStreamClient stream : new GatewayStreamClient[] {one, two}) {
                GatewayStreamClient.Event event = stream.next("snapshot", WAIT);
                assertThat(event).isNotNull();
                ConfigSnapshot snapshot = JSON.readValue(event.data(), ConfigSnapshot.class);
                assertThat(snapshot.version()).isGreaterThan(before);
                assertThat(snapshot.routes()).anySatisfy(r -> assertThat(r.id()).isEqualTo("fanout"));
                assertThat(snapshot.policies()).extracting(p -> p.name()).containsExactly("default");
            }
        }
    }

    @Test
    void anUnchangedRouteWrittenAgainMakesNoNewVersion() {
        admin.post("/api/v1/routes", route("steady", "http://127.0.0.1:9102"));
        await().atMost(WAIT).until(() -> configHasRoute("steady"));
        long version = currentVersion();
        String etag = admin.get("/api/v1/routes/steady").etag();

        admin.put("/api/v1/routes/steady", route("steady", "http://127.0.0.1:9102"), "If-Match", etag);

        assertThat(currentVersion()).isEqualTo(version);
    }

    @Test
    void anAcknowledgementShowsInTheFleetListing() throws Exception {
        try (GatewayStreamClient stream = GatewayStreamClient.open(port, "gw-acks", 0)) {
            long version = JSON.readValue(stream.next("snapshot", WAIT).data(), ConfigSnapshot.class)
                    .version();

            AdminClient.Reply ack = admin.post(
                    "/api/v1/fleet/gw-acks/acks",
                    "{\"version\": " + version + ", \"applied\": true, \"reason\": \"\"}");

            assertThat(ack.status()).isEqualTo(204);
            JsonNode gateway = admin.get("/api/v1/gateways/gw-acks").json();
            assertThat(gateway.get("connected").asBoolean()).isTrue();
            assertThat(gateway.get("address").asText()).isEqualTo("http://10.0.0.9:8080");
            assertThat(gateway.get("softwareVersion").asText()).isEqualTo("test-1");
            assertThat(gateway.get("appliedVersion").asLong()).isEqualTo(version);
            assertThat(gateway.get("appliedAt").isNull()).isFalse();
            assertThat(currentVersion())
                    .as("nothing published since the stream opened")
                    .isEqualTo(version);
            assertThat(gateway.get("inSync").asBoolean()).isTrue();

            admin.post("/api/v1/routes", route("acked-then-changed", "http://127.0.0.1:9103"));
            await().atMost(WAIT).until(() -> currentVersion() > version);

            JsonNode behind = admin.get("/api/v1/gateways/gw-acks").json();
            assertThat(behind.get("appliedVersion").asLong())
                    .as("a new version is not applied until acknowledged")
                    .isEqualTo(version);
            assertThat(behind.get("inSync").asBoolean()).isFalse();
        }
    }

    @Test
    void aRejectedVersionIsListedWithItsReasonAndLeavesTheAppliedVersionAlone() throws Exception {
        try (GatewayStreamClient stream = GatewayStreamClient.open(port, "gw-nack", 0)) {
            stream.next("snapshot", WAIT);

            admin.post(
                    "/api/v1/fleet/gw-nack/acks",
                    "{\"version\": 41, \"applied\": false, \"reason\": \"too many routes\"}");

            JsonNode gateway = admin.get("/api/v1/gateways/gw-nack").json();
            assertThat(gateway.get("appliedVersion").asLong()).isZero();
            assertThat(gateway.get("rejections").get(0).get("version").asLong()).isEqualTo(41);
            assertThat(gateway.get("rejections").get(0).get("reason").asText()).isEqualTo("too many routes");
        }
    }

    @Test
    void aRejectionWithoutAReasonIsABadRequest() {
        AdminClient.Reply reply = admin.post("/api/v1/fleet/gw-any/acks", "{\"version\": 3, \"applied\": false}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).contains("reason");
    }

    @Test
    void anAcknowledgementFromAGatewayNeverSeenIsNotFound() {
        AdminClient.Reply reply =
                admin.post("/api/v1/fleet/gw-ghost/acks", "{\"version\": 3, \"applied\": true, \"reason\": \"\"}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("detail").asText()).contains("gw-ghost");
    }

    @Test
    void aStreamWithAnInvalidGatewayIdIsRefusedWithTheField() {
        AdminClient.Reply reply = admin.get("/api/v1/fleet/stream?id=Not%20Valid", "Accept", "text/event-stream");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).contains("id");
    }

    @Test
    void aGatewayThatClosesItsStreamIsShownDisconnected() throws Exception {
        GatewayStreamClient stream = GatewayStreamClient.open(port, "gw-leaving", 0);
        awaitConnected("gw-leaving");

        stream.close();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(admin.get("/api/v1/gateways/gw-leaving")
                                .json()
                                .get("connected")
                                .asBoolean())
                        .isFalse());
    }

    @Test
    void aGatewayReconnectingUnderTheSameIdReplacesItsOldStream() throws Exception {
        try (GatewayStreamClient old = GatewayStreamClient.open(port, "gw-twice", 0)) {
            old.next("snapshot", WAIT);

            try (GatewayStreamClient fresh = GatewayStreamClient.open(port, "gw-twice", 0)) {
                assertThat(fresh.next("snapshot", WAIT)).isNotNull();

                assertThat(old.next("<end>", WAIT)).isEqualTo(GatewayStreamClient.Event.END);
                assertThat(admin.get("/api/v1/gateways/gw-twice")
                                .json()
                                .get("connected")
                                .asBoolean())
                        .isTrue();
            }
        }
    }

    @Test
    void stoppingForShutdownEndsEveryStreamAndLeavesTheRecordToTheNextStart() throws Exception {
        try (GatewayStreamClient stream = GatewayStreamClient.open(port, "gw-shutdown", 0)) {
            stream.next("snapshot", WAIT);
            awaitConnected("gw-shutdown");
            try {
                streams.stop();

                assertThat(stream.next("<end>", WAIT)).isEqualTo(GatewayStreamClient.Event.END);
                await().during(Duration.ofMillis(500))
                        .atMost(WAIT)
                        .alias("closing for shutdown writes nothing: the database may be going away too")
                        .until(() -> recordedConnected("gw-shutdown"));
            } finally {
                streams.start();
            }
            assertThat(recordedConnected("gw-shutdown"))
                    .as("the next start marks every gateway that was connected offline")
                    .isFalse();
        }
    }

    /** The gateway's row, not the listing, which shows the streams open now. */
    private boolean recordedConnected(String gatewayId) {
        return jdbc.sql("SELECT connected FROM gateways WHERE id = ?")
                .param(gatewayId)
                .query(Boolean.class)
                .single();
    }

    private void awaitConnected(String gatewayId) {
        await().atMost(WAIT).until(() -> {
            AdminClient.Reply reply = admin.get("/api/v1/gateways/" + gatewayId);
            return reply.status() == 200 && reply.json().get("connected").asBoolean();
        });
    }

    private boolean configHasRoute(String routeId) {
        for (JsonNode route : admin.get("/api/v1/config").json().get("routes")) {
            if (route.get("id").asText().equals(routeId)) {
                return true;
            }
        }
        return false;
    }

    private long currentVersion() {
        return admin.get("/api/v1/config").json().get("version").asLong();
    }

    private static String route(String id, String upstream) {
        return """
                {"id": "%s", "path": "/%s/**", "upstreams": [{"url": "%s"}], "policy": "default"}
                """.formatted(id, id, upstream);
    }
}
