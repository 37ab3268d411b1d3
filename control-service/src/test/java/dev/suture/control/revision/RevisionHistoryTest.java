package dev.suture.control.revision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.control.api.AdminApiTest;
import dev.suture.control.api.AdminClient;
import dev.suture.control.api.AdminClient.Reply;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@AdminApiTest
class RevisionHistoryTest {

    @LocalServerPort
    int port;

    AdminClient api;
    String id;

    @BeforeEach
    void setUp() {
        api = new AdminClient(port);
        id = "h-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void everyChangeOfARouteIsRecordedNewestFirstWithActorAndChangedFields() {
        api.post("/api/v1/routes", route("/orders/**", 2000), "X-Suture-Actor", "alice");
        api.put("/api/v1/routes/" + id, route("/orders/v2/**", 900), "X-Suture-Actor", "bob");
        api.delete("/api/v1/routes/" + id);

        JsonNode page = api.get("/api/v1/routes/" + id + "/revisions").json();

        assertThat(page.path("totalItems").asLong()).isEqualTo(3);
        JsonNode deleted = page.path("items").get(0);
        JsonNode updated = page.path("items").get(1);
        JsonNode created = page.path("items").get(2);
        assertThat(deleted.path("revision").asLong()).isEqualTo(3);
        assertThat(deleted.path("action").asString()).isEqualTo("DELETED");
        assertThat(deleted.path("actor").isNull()).isTrue();
        assertThat(deleted.path("spec").isNull()).isTrue();
        assertThat(updated.path("action").asString()).isEqualTo("UPDATED");
        assertThat(updated.path("actor").asString()).isEqualTo("bob");
        assertThat(updated.path("changedFields").toString()).isEqualTo("[\"connectTimeoutMs\",\"path\"]");
        assertThat(updated.path("spec").path("path").asString()).isEqualTo("/orders/v2/**");
        assertThat(created.path("action").asString()).isEqualTo("CREATED");
        assertThat(created.path("actor").asString()).isEqualTo("alice");
        assertThat(created.path("changedFields").isEmpty()).isTrue();
        assertThat(created.path("spec").path("connectTimeoutMs").asInt()).isEqualTo(2000);
        assertThat(created.path("at").asString()).isNotBlank();
    }

    @Test
    void aRecreatedRouteContinuesItsRevisionNumbersSoOldETagsNeverMatchIt() {
        api.post("/api/v1/routes", route("/a/**", 2000));
        api.delete("/api/v1/routes/" + id);

        Reply recreated = api.post("/api/v1/routes", route("/b/**", 2000));
        Reply staleWrite = api.put("/api/v1/routes/" + id, route("/c/**", 2000), "If-Match", "\"1\"");

        assertThat(recreated.etag()).isEqualTo("\"3\"");
        assertThat(staleWrite.status()).isEqualTo(412);
        assertThat(api.get("/api/v1/routes/" + id + "/revisions?size=1")
                        .json()
                        .path("items")
                        .get(0)
                        .path("revision")
                        .asLong())
                .isEqualTo(3);
    }

    @Test
    void revisionsOfANeverCreatedIdAreNotFound() {
        Reply missing = api.get("/api/v1/routes/" + id + "/revisions");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("detail").asString()).contains(id);
        assertThat(api.get("/api/v1/policies/" + id + "/revisions").status()).isEqualTo(404);
    }

    @Test
    void aPolicyUpdateNamesTheNestedFieldsItChanged() {
        api.post("/api/v1/policies", "{\"name\": \"%s\"}".formatted(id), "X-Suture-Actor", "carol");
        api.put("/api/v1/policies/" + id, """
                {"name": "%s", "retry": {"maxAttempts": 5}, "detection": {"errorRate": {"threshold": 0.3}}}
                """.formatted(id));

        JsonNode latest = api.get("/api/v1/policies/" + id + "/revisions")
                .json()
                .path("items")
                .get(0);

        assertThat(latest.path("revision").asLong()).isEqualTo(2);
        assertThat(latest.path("changedFields").toString())
                .isEqualTo("[\"detection.errorRate.threshold\",\"retry.maxAttempts\"]");
        assertThat(latest.path("actor").isNull()).isTrue();
    }

    @Test
    void anOverlongActorIsRefusedNamingTheHeader() {
        Reply refused = api.post("/api/v1/routes", route("/a/**", 2000), "X-Suture-Actor", "x".repeat(201));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactly("X-Suture-Actor");
        assertThat(api.get("/api/v1/routes/" + id).status()).isEqualTo(404);
    }

    private String route(String path, int connectTimeoutMs) {
        return """
                {"id": "%s", "path": "%s", "upstreams": [{"url": "http://127.0.0.1:9001"}], "connectTimeoutMs": %d}
                """.formatted(id, path, connectTimeoutMs);
    }
}
