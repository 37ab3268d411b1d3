package dev.suture.control.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.control.api.AdminApiTest;
import dev.suture.control.api.AdminClient;
import dev.suture.control.api.AdminClient.Reply;
import dev.suture.control.api.ProblemException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestConstructor;
import tools.jackson.databind.JsonNode;

/**
 * A route's upstream credentials through the admin API: stored with their defaults, refused with a problem naming each
 * bad field, and never able to carry a secret in plain text.
 */
@AdminApiTest
@TestConstructor(autowireMode = TestConstructor.AutowireMode.ALL)
class RouteCredentialsApiTest {

    private final AdminClient api;
    private final String id = "cred-" + UUID.randomUUID().toString().substring(0, 8);

    RouteCredentialsApiTest(@LocalServerPort int port) {
        this.api = new AdminClient(port);
    }

    @Test
    void aRouteWithCredentialsIsStoredWithTheirDefaultsAndNamesOnlyWhereTheSecretIs() {
        Reply created = api.post("/api/v1/routes", route("""
                {"oauth2": {"tokenUrl": "https://auth.example.com/oauth2/token", "clientId": "orders-gw",
                            "clientSecretEnv": "ORDERS_CLIENT_SECRET", "scopes": ["orders.write", "orders.read"]}}
                """));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode oauth2 =
                api.get("/api/v1/routes/" + id).json().path("credentials").path("oauth2");
        assertThat(oauth2.path("tokenUrl").asString()).isEqualTo("https://auth.example.com/oauth2/token");
        assertThat(oauth2.path("clientSecretEnv").asString()).isEqualTo("ORDERS_CLIENT_SECRET");
        assertThat(oauth2.path("clientSecretFile").isNull()).isTrue();
        assertThat(oauth2.path("clientAuthentication").asString()).isEqualTo("client_secret_basic");
        assertThat(oauth2.path("scopes").toString()).isEqualTo("[\"orders.read\",\"orders.write\"]");
    }

    @Test
    void aRouteWithoutCredentialsShowsThemAsNull() {
        assertThat(api.post("/api/v1/routes", route("null")).status()).isEqualTo(201);

        assertThat(api.get("/api/v1/routes/" + id).json().path("credentials").isNull())
                .isTrue();
    }

    @Test
    void everyBadCredentialFieldIsNamedByItsPath() {
        Reply problem = api.post("/api/v1/routes", route("""
                {"oauth2": {"tokenUrl": "ftp://auth", "clientId": "gw", "clientSecretEnv": "1BAD",
                            "clientAuthentication": "private_key_jwt"}}
                """));

        assertProblem(problem, 400, "invalid-request");
        assertThat(problem.errorFields())
                .containsExactlyInAnyOrder(
                        "credentials.oauth2.tokenUrl",
                        "credentials.oauth2.clientSecretEnv",
                        "credentials.oauth2.clientAuthentication");
        assertThat(api.get("/api/v1/routes/" + id).status()).isEqualTo(404);
    }

    @Test
    void credentialsNamingNoSecretOrTwoAreRefused() {
        Reply neither = api.post("/api/v1/routes", route("""
                {"oauth2": {"tokenUrl": "https://auth.example.com/token", "clientId": "gw"}}
                """));
        Reply both = api.post("/api/v1/routes", route("""
                {"oauth2": {"tokenUrl": "https://auth.example.com/token", "clientId": "gw",
                            "clientSecretEnv": "SECRET", "clientSecretFile": "/run/secrets/gw"}}
                """));

        assertProblem(neither, 400, "invalid-request");
        assertThat(neither.errorFields()).containsExactly("credentials.oauth2.clientSecretEnv");
        assertProblem(both, 400, "invalid-request");
        assertThat(both.body()).contains("exactly one of clientSecretEnv and clientSecretFile");
    }

    @Test
    void aSecretInPlainTextIsRefusedAsAnUnknownFieldAndStoredNowhere() {
        Reply problem = api.post("/api/v1/routes", route("""
                {"oauth2": {"tokenUrl": "https://auth.example.com/token", "clientId": "gw",
                            "clientSecret": "hunter2"}}
                """));

        assertProblem(problem, 400, "unknown-field");
        assertThat(problem.errorFields()).containsExactly("credentials.oauth2.clientSecret");
        assertThat(problem.body()).doesNotContain("hunter2");
        assertThat(api.get("/api/v1/routes/" + id).status()).isEqualTo(404);
    }

    private String route(String credentials) {
        return """
                {"id": "%s", "path": "/%s/**", "upstreams": [{"url": "http://127.0.0.1:9001"}], "credentials": %s}
                """.formatted(id, id, credentials);
    }

    private static void assertProblem(Reply problem, int status, String type) {
        assertThat(problem.status()).as(problem.toString()).isEqualTo(status);
        assertThat(problem.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(problem.json().path("type").asString())
                .as(problem.toString())
                .isEqualTo(ProblemException.TYPE_BASE + type);
    }
}
