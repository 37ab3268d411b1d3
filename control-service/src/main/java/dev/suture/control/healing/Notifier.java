package dev.suture.control.healing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells {@code suture.healing.notify-url} when an incident opens, escalates or resolves, as a JSON POST sent in the
 * background. A failed notification is logged and not retried: the incident history is the record of truth.
 */
@Component
public class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final HealingProperties properties;
    private final JsonMapper json;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Notifier(HealingProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    public void notify(String event, Map<String, Object> incident) {
        if (properties.notifyUrl().isBlank()) {
            return;
        }
        String body = json.writeValueAsString(Map.of("event", event, "incident", incident));
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.notifyUrl()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null || response.statusCode() >= 300) {
                log.warn(
                        "incident notification not delivered event={} url={} result={}",
                        event,
                        properties.notifyUrl(),
                        error != null ? error.toString() : "status " + response.statusCode());
            }
        });
    }
}
