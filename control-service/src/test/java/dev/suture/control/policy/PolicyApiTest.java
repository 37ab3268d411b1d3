package dev.suture.control.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.control.api.AdminApiTest;
import dev.suture.control.api.AdminClient;
import dev.suture.control.api.AdminClient.Reply;
import dev.suture.model.policy.HealingPolicySpec;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@AdminApiTest
@TestConstructor(autowireMode = TestConstructor.AutowireMode.ALL)
class PolicyApiTest {

    private final AdminClient api;
    private final PolicyEditor editor;
    private final PolicyCatalog catalog;
    private final String name = "p-" + UUID.randomUUID().toString().substring(0, 8);

    PolicyApiTest(@LocalServerPort int port, PolicyEditor editor, PolicyCatalog catalog) {
        this.api = new AdminClient(port);
        this.editor = editor;
        this.catalog = catalog;
    }

    @Test
    void theDefaultPolicyExistsFromTheFirstStartWithEverySettingAtItsDefault() {
        Reply policy = api.get("/api/v1/policies/default");

        assertThat(policy.status()).isEqualTo(200);
        assertThat(specOnly(policy.json()))
                .isEqualTo(new JsonMapper().valueToTree(HealingPolicySpec.defaults("default")));
        JsonNode created = api.get("/api/v1/policies/default/revisions")
                .json()
                .path("items")
                .get(0);
        assertThat(created.path("action").asString()).isEqualTo("CREATED");
        assertThat(created.path("actor").asString()).isEqualTo(PolicyEditor.SYSTEM_ACTOR);
    }

    @Test
    void creatingTheDefaultPolicyAgainAtStartupDoesNothing() {
        long before = catalog.get("default").version();

        editor.createDefaultIfMissing();

        assertThat(catalog.get("default").version()).isEqualTo(before);
        assertThat(api.get("/api/v1/policies/default/revisions")
                        .json()
                        .path("totalItems")
                        .asLong())
                .isEqualTo(before);
    }

    @Test
    void aPolicyGivenOnlyANameTakesEveryDefault() {
        Reply created = api.post("/api/v1/policies", "{\"name\": \"%s\"}".formatted(name));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/v1/policies/" + name);
        assertThat(created.etag()).isEqualTo("\"1\"");
        assertThat(specOnly(created.json())).isEqualTo(new JsonMapper().valueToTree(HealingPolicySpec.defaults(name)));
        assertThat(api.get("/api/v1/policies/" + name).json()).isEqualTo(created.json());
    }

    @Test
    void replacingAPolicyHonoursIfMatch() {
        String etag = api.post("/api/v1/policies", "{\"name\": \"%s\"}".formatted(name))
                .etag();
        String dryRun = "{\"name\": \"%s\", \"dryRun\": true}".formatted(name);

        Reply replaced = api.put("/api/v1/policies/" + name, dryRun, "If-Match", etag);
        Reply stale = api.put("/api/v1/policies/" + name, "{\"name\": \"%s\"}".formatted(name), "If-Match", etag);

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.etag()).isEqualTo("\"2\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(api.get("/api/v1/policies/" + name).json().path("dryRun").asBoolean())
                .isTrue();
    }

    @Test
    void aPutWhoseBodyNameDiffersFromThePathIsRefused() {
        api.post("/api/v1/policies", "{\"name\": \"%s\"}".formatted(name));

        Reply refused = api.put("/api/v1/policies/" + name, "{\"name\": \"other\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactly("name");
    }

    @Test
    void creatingATakenNameIsAConflict() {
        Reply duplicate = api.post("/api/v1/policies", "{\"name\": \"default\", \"dryRun\": true}");

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorFields()).containsExactly("name");
        assertThat(api.get("/api/v1/policies/default").json().path("dryRun").asBoolean())
                .isFalse();
    }

    @Test
    void theDefaultPolicyCannotBeDeleted() {
        Reply refused = api.delete("/api/v1/policies/default");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("type").asString()).endsWith("/default-policy-protected");
        assertThat(api.get("/api/v1/policies/default").status()).isEqualTo(200);
    }

    @Test
    void aPolicyStillUsedByARouteCannotBeDeletedAndNothingChanges() {
        api.post("/api/v1/policies", "{\"name\": \"%s\"}".formatted(name));
        String route = """
                {"id": "%s-route", "path": "/p/**", "upstreams": [{"url": "http://127.0.0.1:9001"}], "policy": "%s"}
                """.formatted(name, name);
        api.post("/api/v1/routes", route);

        Reply refused = api.delete("/api/v1/policies/" + name);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("type").asString()).endsWith("/policy-in-use");
        assertThat(refused.json().path("detail").asString()).contains(name + "-route");
        assertThat(refused.json().path("routes").toString()).isEqualTo("[\"" + name + "-route\"]");
        Reply policy = api.get("/api/v1/policies/" + name);
        assertThat(policy.status()).isEqualTo(200);
        assertThat(policy.etag()).isEqualTo("\"1\"");
        assertThat(api.get("/api/v1/policies/" + name + "/revisions")
                        .json()
                        .path("totalItems")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void anUnusedPolicyIsDeletedAndItsHistoryRemains() {
        api.post("/api/v1/policies", "{\"name\": \"%s\"}".formatted(name));

        Reply deleted = api.delete("/api/v1/policies/" + name, "X-Suture-Actor", "dave");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/policies/" + name).status()).isEqualTo(404);
        JsonNode history = api.get("/api/v1/policies/" + name + "/revisions").json();
        assertThat(history.path("items").get(0).path("action").asString()).isEqualTo("DELETED");
        assertThat(history.path("items").get(0).path("actor").asString()).isEqualTo("dave");
    }

    @Test
    void thePolicyListIsSortedByNameAndIncludesTheDefault() {
        api.post("/api/v1/policies", "{\"name\": \"%s\"}".formatted(name));

        JsonNode page = api.get("/api/v1/policies?size=200").json();

        assertThat(page.path("items").findValuesAsString("name")).isSorted().contains("default", name);
    }

    @Test
    void theCatalogListsEverySpecSortedByName() {
        api.post("/api/v1/policies", "{\"name\": \"%s\", \"dryRun\": true}".formatted(name));

        List<HealingPolicySpec> specs = catalog.allSpecs();

        assertThat(specs).extracting(HealingPolicySpec::name).isSorted().contains("default", name);
        assertThat(specs)
                .filteredOn(spec -> spec.name().equals(name))
                .singleElement()
                .extracting(HealingPolicySpec::dryRun)
                .isEqualTo(true);
    }

    @Test
    void aNestedOutOfRangeValueIsNamedByItsFullPath() {
        String body = """
                {"name": "%s", "circuitBreaker": {"failureRatePercent": 0},
                 "detection": {"latency": {"percentile": 20, "thresholdMs": 0}}}
                """.formatted(name);

        Reply refused = api.post("/api/v1/policies", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorFields())
                .containsAnyOf("circuitBreaker.failureRatePercent", "detection.latency.percentile");
        assertThat(refused.errorFields()).allMatch(field -> field.contains("."));
        assertThat(api.get("/api/v1/policies/" + name).status()).isEqualTo(404);
    }

    /** The response without the fields the server owns. */
    private static JsonNode specOnly(JsonNode response) {
        ObjectNode copy = (ObjectNode) response.deepCopy();
        for (String serverOwned : List.of("version", "createdAt", "updatedAt")) {
            copy.remove(serverOwned);
        }
        return copy;
    }
}
