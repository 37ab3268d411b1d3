package dev.suture.control.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.suture.control.detection.RootCause;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.policy.RestartHookSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The restart hook as a real HTTP server receives it: after the unhealthy time, with backoff, within its limit. */
@IncidentTest
class RestartHookTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Scenario scenario;
    private final HttpServer hook;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    RestartHookTest(Scenario scenario) throws IOException {
        this.scenario = scenario;
        this.hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/restart", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("X-Token"), body));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        hook.start();
    }

    @AfterEach
    void stopHook() {
        hook.stop(0);
    }

    @Test
    void theHookIsCalledAfterTheUnhealthyTimeWithDoublingBackoffAndNoMoreThanTheWindowAllows() {
        String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/restart";
        RestartHookSpec restart = new RestartHookSpec(true, url, "POST", Map.of("X-Token", "s3cret"), 5, 10, 3, 3600);
        scenario.policy(new HealingPolicySpec("restarts", null, null, null, null, null, null, null, restart));
        scenario.route("stuck", "restarts", List.of("http://10.20.0.1:80"), List.of());
        Instant start = scenario.now();

        scenario.during(Duration.ofSeconds(120), "stuck", scenario.unhealthy("stuck", RootCause.SERVICE_FAILING, 40));

        IncidentDetail incident = scenario.only("stuck");
        List<Long> callSeconds = incident.timeline().stream()
                .filter(entry -> entry.kind() == TimelineKind.ACTION)
                .filter(entry -> "RESTART_HOOK".equals(entry.details().get("type")))
                .map(entry -> Duration.between(start, entry.at()).toSeconds())
                .toList();
        assertThat(callSeconds)
                .as("opened at 1 s; first call 5 s later, then 10 s and 20 s of backoff; 3 calls per window")
                .containsExactly(6L, 16L, 36L);

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 3);
        Received first = received.get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.token()).isEqualTo("s3cret");
        JsonNode body = JSON.readTree(first.body());
        assertThat(body.get("incidentId").asLong())
                .isEqualTo(incident.incident().id());
        assertThat(body.get("route").asString()).isEqualTo("stuck");
        assertThat(body.get("rootCause").asString()).isEqualTo("SERVICE_FAILING");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> scenario.only("stuck").timeline().stream()
                                .filter(entry -> entry.kind() == TimelineKind.ACTION_RESULT)
                                .filter(entry -> entry.message().contains("answered 202"))
                                .count()
                        == 3);
    }

    private record Received(String method, String token, String body) {}
}
