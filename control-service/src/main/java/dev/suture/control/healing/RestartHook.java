package dev.suture.control.healing;

import dev.suture.model.policy.RestartHookSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls a route's restart webhook when it stays unhealthy. The first call waits until the route has been unhealthy
 * for {@code unhealthyForSeconds}; each further call of the same incident waits {@code minBackoffSeconds × 2^(n-1)}
 * after the previous one, and no route gets more than {@code maxCallsPerWindow} calls per {@code windowSeconds}.
 *
 * <p>Calls are sent asynchronously so that the evaluation tick never waits on a slow hook; the result arrives later.
 */
@Component
class RestartHook {

    private static final Logger log = LoggerFactory.getLogger(RestartHook.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ActionStore store;
    private final JsonMapper json;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RestartHook(ActionStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    /** A call when the policy allows one now. */
    List<Decision> plan(HealingContext context) {
        RestartHookSpec spec = context.policy().restartHook();
        Instant now = context.now();
        if (!spec.enabled() || now.isBefore(context.unhealthySince().plusSeconds(spec.unhealthyForSeconds()))) {
            return List.of();
        }
        List<Instant> recent = store.hookCallsSince(context.route().id(), now.minusSeconds(spec.windowSeconds()));
        if (recent.size() >= spec.maxCallsPerWindow()) {
            return List.of();
        }
        int calls = store.hookCalls(context.incidentId());
        if (calls > 0 && !recent.isEmpty()) {
            long backoff = (long) spec.minBackoffSeconds() << Math.min(calls - 1, 20);
            if (now.isBefore(recent.get(0).plusSeconds(backoff))) {
                return List.of();
            }
        }
        HealingAction call =
                HealingAction.of(context, ActionType.RESTART_HOOK, null, null, spec.method() + " " + spec.url());
        return List.of(Decision.apply(
                call,
                "unhealthy since " + context.unhealthySince() + ", restart call " + (calls + 1),
                Map.of("unhealthySeconds", (double)
                        Duration.between(context.unhealthySince(), now).toSeconds())));
    }

    /** Sends the call; {@code result} hears the outcome in words, once. */
    void call(RestartHookSpec spec, HealingAction action, String rootCause, Consumer<String> result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("incidentId", action.incidentId());
        body.put("route", action.routeId());
        body.put("rootCause", rootCause);
        body.put("at", action.startedAt().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(spec.url()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .method(spec.method(), bodyFor(spec.method(), json.writeValueAsString(body)));
        spec.headers().forEach(request::header);
        CompletableFuture<HttpResponse<Void>> sent =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        sent.whenComplete((response, error) -> {
            String outcome = error == null ? "answered " + response.statusCode() : "failed: " + error;
            log.info("restart hook called incident={} route={} {}", action.incidentId(), action.routeId(), outcome);
            result.accept(outcome);
        });
    }

    private static HttpRequest.BodyPublisher bodyFor(String method, String body) {
        return "GET".equals(method) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    }
}
