package dev.suture.control.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.suture.control.detection.RootCause;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification webhook as a real receiver on this host hears incidents open, escalate and resolve, with
 * {@code suture.healing.notify-url} pointing at it.
 */
@IncidentTest
class IncidentNotificationTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<JsonNode> RECEIVED = new CopyOnWriteArrayList<>();
    private static final HttpServer RECEIVER = startReceiver();

    private final Scenario scenario;

    IncidentNotificationTest(Scenario scenario) {
        this.scenario = scenario;
    }

    @DynamicPropertySource
    static void notifyTheReceiver(DynamicPropertyRegistry registry) {
        registry.add(
                "suture.healing.notify-url",
                () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/incidents");
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop(0);
    }

    @Test
    void anIncidentThatEscalatesIsAnnouncedWhenItOpensAndWhenItEscalates() {
        scenario.route("notify-escalate", "http://10.40.0.1:80", "http://10.40.0.2:80");

        scenario.ticks(
                1,
                SECOND,
                "notify-escalate",
                scenario.unhealthy(
                        "notify-escalate", RootCause.INSTANCE_DOWN, 40, "http://10.40.0.1:80", "http://10.40.0.2:80"));

        long id = scenario.only("notify-escalate").incident().id();
        List<JsonNode> events = awaitEvents("notify-escalate", 2);
        assertThat(events)
                .extracting(event -> event.get("event").asString())
                .containsExactlyInAnyOrder("opened", "escalated");
        assertEvent(event(events, "opened"), id, "notify-escalate", "INSTANCE_DOWN", "OPEN");
        assertEvent(event(events, "escalated"), id, "notify-escalate", "INSTANCE_DOWN", "ESCALATED");
    }

    @Test
    void anIncidentThatResolvesIsAnnouncedWhenItOpensAndWhenItResolves() {
        scenario.route(
                "notify-resolve",
                "http://10.41.0.1:80",
                "http://10.41.0.2:80",
                "http://10.41.0.3:80",
                "http://10.41.0.4:80");

        scenario.ticks(
                1,
                SECOND,
                "notify-resolve",
                scenario.unhealthy("notify-resolve", RootCause.INSTANCE_ERRORS, 40, "http://10.41.0.1:80"));
        long id = scenario.only("notify-resolve").incident().id();
        assertEvent(event(awaitEvents("notify-resolve", 1), "opened"), id, "notify-resolve", "INSTANCE_ERRORS", "OPEN");

        scenario.during(Duration.ofSeconds(61), "notify-resolve", scenario.healthy("notify-resolve", 40));

        assertThat(scenario.only("notify-resolve").incident().state()).isEqualTo(IncidentState.RESOLVED);
        List<JsonNode> events = awaitEvents("notify-resolve", 2);
        assertThat(events)
                .extracting(event -> event.get("event").asString())
                .as("never escalated, so nothing else was sent")
                .containsExactly("opened", "resolved");
        assertEvent(event(events, "resolved"), id, "notify-resolve", "INSTANCE_ERRORS", "RESOLVED");
    }

    private static List<JsonNode> awaitEvents(String route, int count) {
        await().atMost(Duration.ofSeconds(5))
                .alias(count + " notifications for " + route)
                .until(() -> received(route).size() >= count);
        return received(route);
    }

    private static List<JsonNode> received(String route) {
        return RECEIVED.stream()
                .filter(body -> body.path("incident").path("route").asString().equals(route))
                .toList();
    }

    private static JsonNode event(List<JsonNode> events, String name) {
        return events.stream()
                .filter(event -> event.get("event").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " notification in " + events));
    }

    private static void assertEvent(JsonNode event, long id, String route, String rootCause, String state) {
        JsonNode incident = event.get("incident");
        assertThat(incident.get("id").asLong()).isEqualTo(id);
        assertThat(incident.get("route").asString()).isEqualTo(route);
        assertThat(incident.get("rootCause").asString()).isEqualTo(rootCause);
        assertThat(incident.get("state").asString()).isEqualTo(state);
    }

    private static HttpServer startReceiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/incidents", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if ("POST".equals(exchange.getRequestMethod())
                        && "application/json"
                                .equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                    RECEIVED.add(JSON.readTree(new String(body, StandardCharsets.UTF_8)));
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
