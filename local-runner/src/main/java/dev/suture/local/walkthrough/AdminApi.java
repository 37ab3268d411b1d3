package dev.suture.local.walkthrough;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON over HTTP to the control service's admin API and to the demo upstreams' fault API. */
public final class AdminApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /**
     * An answer: its status and its body parsed as JSON (empty when it had none).
     *
     * @param status the HTTP status
     * @param body the body as JSON
     */
    public record Answer(int status, JsonNode body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    public Answer get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public Answer post(String url, String json) {
        return send(withJson(url).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer put(String url, String json) {
        return send(withJson(url).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    }

    /** Creates an entity, or replaces it when it exists already (409 on create), so that a rerun starts the same. */
    public Answer createOrReplace(String collectionUrl, String id, String json) {
        Answer created = post(collectionUrl, json);
        Answer answer = created.status() == 409 ? put(collectionUrl + "/" + id, json) : created;
        if (!answer.ok()) {
            throw new IllegalStateException("could not declare " + id + " at " + collectionUrl + ": " + answer);
        }
        return answer;
    }

    private static HttpRequest.Builder withJson(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-Suture-Actor", "walkthrough");
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Answer(response.statusCode(), body.isBlank() ? JSON.missingNode() : JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from " + request.build().uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
