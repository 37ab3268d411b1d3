package dev.suture.control.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.control.api.AdminApiTest;
import dev.suture.control.api.AdminClient;
import dev.suture.control.api.AdminClient.Reply;
import dev.suture.control.api.RecordedConfigChanges;
import dev.suture.model.route.RouteSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestConstructor;
import tools.jackson.databind.JsonNode;

@AdminApiTest
@TestConstructor(autowireMode = TestConstructor.AutowireMode.ALL)
class RouteApiTest {

    private static final int RACERS = 6;

    private final AdminClient api;
    private final RouteCatalog catalog;
    private final RecordedConfigChanges changes;
    private final String id = "r-" + UUID.randomUUID().toString().substring(0, 8);

    RouteApiTest(@LocalServerPort int port, RouteCatalog catalog, RecordedConfigChanges changes) {
        this.api = new AdminClient(port);
        this.catalog = catalog;
        this.changes = changes;
    }

    @Test
    void aCreatedRouteComesBackWithItsDefaultsVersionAndLocation() {
        Reply created = api.post("/api/v1/routes", minimalRoute(id));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/v1/routes/" + id);
        assertThat(created.etag()).isEqualTo("\"1\"");
        JsonNode body = created.json();
        assertThat(body.path("id").asString()).isEqualTo(id);
        assertThat(body.path("policy").asString()).isEqualTo("default");
        assertThat(body.path("connectTimeoutMs").asInt()).isEqualTo(2000);
        assertThat(body.path("responseTimeoutMs").asInt()).isEqualTo(15000);
        assertThat(body.path("upstreams").get(0).path("weight").asInt()).isEqualTo(1);
        assertThat(body.path("version").asLong()).isEqualTo(1);
        assertThat(body.path("createdAt").asString()).isNotBlank();

        Reply read = api.get("/api/v1/routes/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.etag()).isEqualTo("\"1\"");
        assertThat(read.json()).isEqualTo(body);
    }

    @Test
    void everyOptionalFieldIsStoredAndReturned() {
        String body = """
                {"id": "%s", "path": "/orders/{orderId}/**", "host": "API.example.com",
                 "methods": ["get", "POST"],
                 "upstreams": [{"url": "http://127.0.0.1:9001/", "weight": 3}, {"url": "http://127.0.0.1:9002"}],
                 "fallbackUpstreams": [{"url": "https://backup.example.com"}],
                 "connectTimeoutMs": 500, "responseTimeoutMs": 3000, "policy": "default"}
                """.formatted(id);

        JsonNode route = api.post("/api/v1/routes", body).json();

        assertThat(route.path("host").asString()).isEqualTo("api.example.com");
        assertThat(route.path("methods").toString()).isEqualTo("[\"GET\",\"POST\"]");
        assertThat(route.path("upstreams").get(0).path("url").asString()).isEqualTo("http://127.0.0.1:9001");
        assertThat(route.path("upstreams").get(0).path("weight").asInt()).isEqualTo(3);
        assertThat(route.path("fallbackUpstreams").get(0).path("url").asString())
                .isEqualTo("https://backup.example.com");
        assertThat(route.path("connectTimeoutMs").asInt()).isEqualTo(500);
        assertThat(api.get("/api/v1/routes/" + id).json()).isEqualTo(route);
    }

    @Test
    void replacingARouteBumpsItsVersionAndKeepsCreatedAt() {
        JsonNode created = api.post("/api/v1/routes", minimalRoute(id)).json();

        Reply replaced = api.put("/api/v1/routes/" + id, route(id, "/v2/**", 250));

        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.etag()).isEqualTo("\"2\"");
        assertThat(replaced.json().path("path").asString()).isEqualTo("/v2/**");
        assertThat(replaced.json().path("createdAt")).isEqualTo(created.path("createdAt"));
        assertThat(api.get("/api/v1/routes/" + id)
                        .json()
                        .path("connectTimeoutMs")
                        .asInt())
                .isEqualTo(250);
    }

    @Test
    void replacingARouteWithAnIdenticalBodyChangesNothing() {
        api.post("/api/v1/routes", minimalRoute(id));

        Reply same = api.put("/api/v1/routes/" + id, minimalRoute(id));

        assertThat(same.status()).isEqualTo(200);
        assertThat(same.etag()).isEqualTo("\"1\"");
        assertThat(api.get("/api/v1/routes/" + id + "/revisions")
                        .json()
                        .path("totalItems")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void aStaleIfMatchIsRefusedWith412AndChangesNothing() {
        api.post("/api/v1/routes", minimalRoute(id));
        api.put("/api/v1/routes/" + id, route(id, "/second/**", 2000));

        Reply stale = api.put("/api/v1/routes/" + id, route(id, "/third/**", 2000), "If-Match", "\"1\"");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        assertThat(stale.json().path("type").asString()).endsWith("/stale-version");
        assertThat(stale.json().path("currentVersion").asLong()).isEqualTo(2);
        assertThat(stale.json().path("detail").asString()).contains("\"1\"", "\"2\"", id);
        assertThat(api.get("/api/v1/routes/" + id).json().path("path").asString())
                .isEqualTo("/second/**");
    }

    @Test
    void aCurrentIfMatchIsAcceptedAndReturnsTheNewETag() {
        String etag = api.post("/api/v1/routes", minimalRoute(id)).etag();

        Reply replaced = api.put("/api/v1/routes/" + id, route(id, "/next/**", 2000), "If-Match", etag);
        Reply wildcard = api.put("/api/v1/routes/" + id, route(id, "/again/**", 2000), "If-Match", "*");

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.etag()).isEqualTo("\"2\"");
        assertThat(wildcard.etag()).isEqualTo("\"3\"");
    }

    @Test
    void aWeakIfMatchNeverMatchesBecauseIfMatchComparesStrongly() {
        api.post("/api/v1/routes", minimalRoute(id));

        Reply weak = api.put("/api/v1/routes/" + id, route(id, "/next/**", 2000), "If-Match", "W/\"1\"");

        assertThat(weak.status()).isEqualTo(412);
    }

    @Test
    void aDeleteHonoursIfMatchAndThenTheRouteIsGone() {
        api.post("/api/v1/routes", minimalRoute(id));

        Reply stale = api.delete("/api/v1/routes/" + id, "If-Match", "\"7\"");
        Reply deleted = api.delete("/api/v1/routes/" + id, "If-Match", "\"1\"");

        assertThat(stale.status()).isEqualTo(412);
        assertThat(deleted.status()).isEqualTo(204);
        Reply gone = api.get("/api/v1/routes/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("detail").asString()).contains(id);
        assertThat(api.delete("/api/v1/routes/" + id).status()).isEqualTo(404);
    }

    @Test
    void aGetWithTheCurrentETagInIfNoneMatchAnswersNotModified() {
        String etag = api.post("/api/v1/routes", minimalRoute(id)).etag();

        Reply cached = api.get("/api/v1/routes/" + id, "If-None-Match", etag);

        assertThat(cached.status()).isEqualTo(304);
    }

    @Test
    void creatingATakenIdIsAConflictNamingTheId() {
        api.post("/api/v1/routes", minimalRoute(id));

        Reply duplicate = api.post("/api/v1/routes", route(id, "/other/**", 2000));

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().path("type").asString()).endsWith("/already-exists");
        assertThat(duplicate.errorFields()).containsExactly("id");
        assertThat(api.get("/api/v1/routes/" + id).json().path("path").asString())
                .isEqualTo("/orders/**");
    }

    @Test
    void aRouteNamingAMissingPolicyIsUnprocessableAndNamesThePolicyField() {
        String body = """
                {"id": "%s", "path": "/x/**", "upstreams": [{"url": "http://127.0.0.1:9001"}], "policy": "nope"}
                """.formatted(id);

        Reply refused = api.post("/api/v1/routes", body);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorFields()).containsExactly("policy");
        assertThat(refused.json().path("detail").asString()).contains("nope");
        assertThat(api.get("/api/v1/routes/" + id).status()).isEqualTo(404);
    }

    @Test
    void aPutWhoseBodyIdDiffersFromThePathIsRefused() {
        api.post("/api/v1/routes", minimalRoute(id));

        Reply refused = api.put("/api/v1/routes/" + id, minimalRoute(id + "-other"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactly("id");
    }

    @Test
    void replacingAnUnknownRouteIsNotFound() {
        Reply missing = api.put("/api/v1/routes/" + id, minimalRoute(id));

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("type").asString()).endsWith("/not-found");
        assertThat(missing.json().path("detail").asString()).isEqualTo("route '" + id + "' does not exist");
    }

    @Test
    void anInvalidPathPatternIsRefusedAtTheEdgeNamingThePathField() {
        Reply refused = api.post("/api/v1/routes", route(id, "/orders/{orderId", 2000));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactly("path");
        assertThat(api.get("/api/v1/routes/" + id).status()).isEqualTo(404);
    }

    @Test
    void theListIsSortedByIdAndPagedConsistently() {
        for (String suffix : List.of("c", "a", "b")) {
            api.post("/api/v1/routes", minimalRoute(id + "-" + suffix));
        }

        JsonNode first = api.get("/api/v1/routes?page=0&size=2").json();
        long total = first.path("totalItems").asLong();
        List<String> ids = new ArrayList<>();
        for (int page = 0; page < first.path("totalPages").asInt(); page++) {
            JsonNode items =
                    api.get("/api/v1/routes?page=" + page + "&size=2").json().path("items");
            items.forEach(item -> ids.add(item.path("id").asString()));
        }

        assertThat(first.path("page").asInt()).isZero();
        assertThat(first.path("size").asInt()).isEqualTo(2);
        assertThat(first.path("totalPages").asLong()).isEqualTo((total + 1) / 2);
        assertThat(ids).hasSize((int) total).isSorted().contains(id + "-a", id + "-b", id + "-c");
        assertThat(first.path("items").get(0).has("version")).isTrue();
    }

    @Test
    void theListDefaultsToPageZeroOfTwenty() {
        JsonNode page = api.get("/api/v1/routes").json();

        assertThat(page.path("page").asInt()).isZero();
        assertThat(page.path("size").asInt()).isEqualTo(20);
    }

    @Test
    void aPageSizeAboveTheMaximumIsRefusedNamingTheParameter() {
        Reply tooBig = api.get("/api/v1/routes?size=201");
        Reply negative = api.get("/api/v1/routes?page=-1");
        Reply notANumber = api.get("/api/v1/routes?page=first");

        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.errorFields()).containsExactly("size");
        assertThat(negative.errorFields()).containsExactly("page");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.errorFields()).containsExactly("page");
        assertThat(api.get("/api/v1/routes?size=200").status()).isEqualTo(200);
    }

    @Test
    void everyCommittedChangeIsAnnouncedAndARefusedOneIsNot() {
        api.post("/api/v1/routes", minimalRoute(id));
        api.put("/api/v1/routes/" + id, route(id, "/changed/**", 2000));
        api.post("/api/v1/routes", minimalRoute(id));
        api.put("/api/v1/routes/" + id, route(id, "/refused/**", 2000), "If-Match", "\"1\"");
        api.delete("/api/v1/routes/" + id);

        assertThat(changes.causes().stream().filter(cause -> cause.contains(id)))
                .containsExactly("route " + id + " created", "route " + id + " updated", "route " + id + " deleted");
    }

    @Test
    void theCatalogListsEverySpecSortedById() {
        api.post("/api/v1/routes", minimalRoute(id + "-b"));
        api.post("/api/v1/routes", minimalRoute(id + "-a"));

        List<RouteSpec> specs = catalog.allSpecs();

        assertThat(specs).extracting(RouteSpec::id).isSorted().contains(id + "-a", id + "-b");
        assertThat(specs)
                .filteredOn(spec -> spec.id().equals(id + "-a"))
                .singleElement()
                .extracting(RouteSpec::policy)
                .isEqualTo("default");
    }

    @Test
    void racingWritesWithTheSameIfMatchLetExactlyOneThrough() throws Exception {
        String etag = api.post("/api/v1/routes", minimalRoute(id)).etag();
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                String body = route(id, "/racer-" + i + "/**", 2000);
                replies.add(pool.submit(() -> api.put("/api/v1/routes/" + id, body, "If-Match", etag)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Reply> reply : replies) {
                statuses.add(reply.get(30, TimeUnit.SECONDS).status());
            }

            assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 412);
            assertThat(api.get("/api/v1/routes/" + id).etag()).isEqualTo("\"2\"");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void racingCreatesOfOneIdLetExactlyOneThrough() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                replies.add(pool.submit(() -> api.post("/api/v1/routes", minimalRoute(id))));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Reply> reply : replies) {
                statuses.add(reply.get(30, TimeUnit.SECONDS).status());
            }

            assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
            assertThat(api.get("/api/v1/routes/" + id + "/revisions")
                            .json()
                            .path("totalItems")
                            .asLong())
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    static String minimalRoute(String id) {
        return """
                {"id": "%s", "path": "/orders/**", "upstreams": [{"url": "http://127.0.0.1:9001"}], "policy": "default"}
                """.formatted(id);
    }

    static String route(String id, String path, int connectTimeoutMs) {
        return """
                {"id": "%s", "path": "%s", "upstreams": [{"url": "http://127.0.0.1:9001"}], "connectTimeoutMs": %d}
                """.formatted(id, path, connectTimeoutMs);
    }
}
