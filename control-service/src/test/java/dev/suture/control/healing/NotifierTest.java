package dev.suture.control.healing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Incident notifications as a real webhook receives them. */
class NotifierTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final HttpServer webhook = startWebhook();

    @AfterEach
    void stopWebhook() {
        webhook.stop(0);
    }

    @Test
    void anIncidentEventIsPostedAsJson() {
        String url = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/notify";
        Notifier notifier = new Notifier(settings(url), JSON);

        notifier.notify("escalated", Map.of("id", 7, "route", "orders"));

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        JsonNode body = JSON.readTree(received.get(0));
        assertThat(body.get("event").asString()).isEqualTo("escalated");
        assertThat(body.get("incident").get("route").asString()).isEqualTo("orders");
    }

    @Test
    void aBlankUrlTurnsNotificationsOffRatherThanFailingTheIncidentTick() {
        Notifier off = new Notifier(settings(" "), JSON);

        assertThatCode(() -> off.notify("opened", Map.of("id", 1)))
                .as("a request to a URL without a scheme would throw on the tick's thread")
                .doesNotThrowAnyException();
    }

    private HttpServer startWebhook() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/notify", exchange -> {
                received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HealingProperties settings(String notifyUrl) {
        return new HealingProperties(
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                20,
                10,
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                notifyUrl);
    }
}
