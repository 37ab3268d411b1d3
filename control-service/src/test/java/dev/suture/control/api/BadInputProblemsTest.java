package dev.suture.control.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.control.api.AdminClient.Reply;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestConstructor;
import tools.jackson.databind.JsonNode;

/** Every kind of bad request comes back as a problem that names what to fix, and writes nothing. */
@AdminApiTest
@TestConstructor(autowireMode = TestConstructor.AutowireMode.ALL)
class BadInputProblemsTest {

    private static final int ONE_MIB = 1024 * 1024;

    private final AdminClient api;
    private final String id = "b-" + UUID.randomUUID().toString().substring(0, 8);

    BadInputProblemsTest(@LocalServerPort int port) {
        this.api = new AdminClient(port);
    }

    @Test
    void malformedJsonIsA400ThatSaysWhere() {
        Reply problem = api.post("/api/v1/routes", "{\"id\": \"x\",\n \"path\": }");

        assertProblem(problem, 400, "malformed-json");
        assertThat(problem.json().path("detail").asString()).contains("line 2, column");
        assertThat(problem.json().path("line").asInt()).isEqualTo(2);
        assertThat(problem.json().path("errors").isArray()).isTrue();
    }

    @Test
    void contentAfterTheJsonValueIsMalformedJson() {
        String route = "{\"id\": \"%s\", \"path\": \"/a\", \"upstreams\": [{\"url\": \"http://h\"}]}".formatted(id);

        Reply problem = api.post("/api/v1/routes", route + " {}");

        assertProblem(problem, 400, "malformed-json");
        assertThat(problem.json().path("detail").asString()).contains("more after the JSON value");
        assertThat(api.get("/api/v1/routes/" + id).status()).isEqualTo(404);
    }

    @Test
    void aValueOfTheWrongTypeIsNamedByItsJacksonPath() {
        String body = """
                {"id": "%s", "path": "/a/**", "upstreams": [{"url": "http://127.0.0.1:9001", "weight": "heavy"}]}
                """.formatted(id);

        Reply problem = api.post("/api/v1/routes", body);

        assertProblem(problem, 400, "wrong-type");
        assertThat(problem.errorFields()).containsExactly("upstreams[0].weight");
        assertThat(problem.json().path("errors").get(0).path("message").asString())
                .contains("whole number", "heavy");
    }

    @Test
    void aFractionForAWholeNumberIsAWrongTypeNotATruncation() {
        String body = """
                {"id": "%s", "path": "/a/**", "upstreams": [{"url": "http://127.0.0.1:9001"}], "connectTimeoutMs": 1.5}
                """.formatted(id);

        Reply problem = api.post("/api/v1/routes", body);

        assertProblem(problem, 400, "wrong-type");
        assertThat(problem.errorFields()).containsExactly("connectTimeoutMs");
    }

    @Test
    void anObjectWhereAnArrayBelongsIsAWrongType() {
        Reply problem =
                api.post("/api/v1/routes", "{\"id\": \"%s\", \"path\": \"/a\", \"upstreams\": {}}".formatted(id));

        assertProblem(problem, 400, "wrong-type");
        assertThat(problem.errorFields()).containsExactly("upstreams");
    }

    @Test
    void anUnknownFieldIsRefusedAndNamed() {
        String body = """
                {"id": "%s", "path": "/a/**", "upstreams": [{"url": "http://127.0.0.1:9001", "wieght": 2}]}
                """.formatted(id);

        Reply problem = api.post("/api/v1/routes", body);

        assertProblem(problem, 400, "unknown-field");
        assertThat(problem.errorFields()).containsExactly("upstreams[0].wieght");
        assertThat(problem.json().path("errors").get(0).path("message").asString())
                .contains("url", "weight");
    }

    @Test
    void aMisspeltFieldIsReportedAsItselfNotAsTheViolationItCauses() {
        Reply topLevel =
                api.post("/api/v1/routes", "{\"id\": \"%s\", \"path\": \"/a\", \"upstrems\": []}".formatted(id));
        Reply nested = api.post(
                "/api/v1/routes",
                "{\"id\": \"%s\", \"path\": \"/a\", \"upstreams\": [{\"ulr\": \"http://h\"}]}".formatted(id));
        Reply inPolicy =
                api.post("/api/v1/policies", "{\"name\": \"%s\", \"retry\": {\"maxAtempts\": 0}}".formatted(id));

        assertProblem(topLevel, 400, "unknown-field");
        assertThat(topLevel.errorFields()).containsExactly("upstrems");
        assertThat(nested.errorFields()).containsExactly("upstreams[0].ulr");
        assertThat(inPolicy.errorFields()).containsExactly("retry.maxAtempts");
    }

    @Test
    void serverOwnedFieldsCannotBeSetByAClient() {
        for (String field :
                new String[] {"\"version\": 9", "\"createdAt\": \"2020-01-01T00:00:00Z\"", "\"updatedAt\": 1"}) {
            String body = "{\"id\": \"%s\", \"path\": \"/a\", \"upstreams\": [{\"url\": \"http://h\"}], %s}"
                    .formatted(id, field);

            Reply problem = api.post("/api/v1/routes", body);

            assertProblem(problem, 400, "unknown-field");
            assertThat(problem.json().path("errors").get(0).path("message").asString())
                    .isEqualTo("is set by the server and cannot be written");
        }
        assertThat(api.get("/api/v1/routes/" + id).status()).isEqualTo(404);
    }

    @Test
    void serverOwnedFieldsCannotBeSetOnAPolicyEither() {
        String body = "{\"name\": \"%s\", \"version\": 3}".formatted(id);

        Reply problem = api.post("/api/v1/policies", body);

        assertProblem(problem, 400, "unknown-field");
        assertThat(problem.errorFields()).containsExactly("version");
        assertThat(api.get("/api/v1/policies/" + id).status()).isEqualTo(404);
    }

    @Test
    void everyViolationOfTheRouteIsReportedAtOnce() {
        String body = """
                {"id": "Bad Id", "path": "no-slash", "upstreams": [], "connectTimeoutMs": 0, "methods": ["FETCH"]}
                """;

        Reply problem = api.post("/api/v1/routes", body);

        assertProblem(problem, 400, "invalid-request");
        assertThat(problem.errorFields()).contains("id", "path", "upstreams", "connectTimeoutMs", "methods");
    }

    @Test
    void aNestedViolationIsPrefixedWithThePathOfItsObject() {
        String body = """
                {"id": "%s", "path": "/a/**",
                 "upstreams": [{"url": "http://127.0.0.1:9001"}, {"url": "ftp://files", "weight": 5000}]}
                """.formatted(id);

        Reply problem = api.post("/api/v1/routes", body);

        assertProblem(problem, 400, "invalid-request");
        assertThat(problem.errorFields()).containsExactlyInAnyOrder("upstreams[1].url", "upstreams[1].weight");
    }

    @Test
    void aNullUpstreamIsNamedByItsIndex() {
        String body = "{\"id\": \"%s\", \"path\": \"/a\", \"upstreams\": [null]}".formatted(id);

        Reply problem = api.post("/api/v1/routes", body);

        assertProblem(problem, 400, "invalid-request");
        assertThat(problem.errorFields()).contains("upstreams[0]");
    }

    @Test
    void aMissingBodyIsA400() {
        Reply problem = api.post("/api/v1/routes", "");

        assertProblem(problem, 400, "missing-body");
    }

    @Test
    void aBodyOverTheLimitIsA413() {
        String body = "{\"id\": \"" + id + "\", \"path\": \"/a\", \"pad\": \"" + "x".repeat(ONE_MIB) + "\"}";

        Reply problem = api.post("/api/v1/routes", body);

        assertProblem(problem, 413, "body-too-large");
        assertThat(problem.json().path("limitBytes").asLong()).isEqualTo(ONE_MIB);
    }

    @Test
    void aChunkedBodyWithoutContentLengthIsCutOffAtTheLimitToo() {
        Reply problem = api.postChunked("/api/v1/routes", () -> jsonPaddedTo(2 * ONE_MIB));

        assertProblem(problem, 413, "body-too-large");
        assertThat(api.get("/api/v1/routes/" + id).status()).isEqualTo(404);
    }

    @Test
    void aChunkedBodyJustUnderTheLimitIsAccepted() {
        Reply created = api.postChunked("/api/v1/routes", () -> jsonPaddedTo(ONE_MIB - 1024));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
        Reply problem = api.post("/api/v1/routes", "id=orders", "Content-Type", "text/plain");

        assertProblem(problem, 415, "unsupported-media-type");
    }

    @Test
    void anUnsupportedMethodIsA405Problem() {
        Reply problem = api.send("PATCH", "/api/v1/routes/" + id, java.net.http.HttpRequest.BodyPublishers.noBody());

        assertProblem(problem, 405, "method-not-allowed");
        assertThat(problem.header("Allow")).contains("PUT");
    }

    @Test
    void anUnknownUrlIsA404Problem() {
        Reply problem = api.get("/api/v1/nothing-here");

        assertProblem(problem, 404, "not-found");
    }

    /** A valid route whose body is padded with whitespace, streamed so that no Content-Length is sent. */
    private InputStream jsonPaddedTo(int bytes) {
        String json = "{\"id\": \"" + id + "\", \"path\": \"/a\", \"upstreams\": [{\"url\": \"http://h\"}]}";
        byte[] head = json.getBytes(StandardCharsets.UTF_8);
        InputStream padding =
                new ByteArrayInputStream(" ".repeat(bytes - head.length).getBytes(StandardCharsets.UTF_8));
        return new SequenceInputStream(new ByteArrayInputStream(head), padding);
    }

    static void assertProblem(Reply problem, int status, String type) {
        assertThat(problem.status()).as(problem.toString()).isEqualTo(status);
        assertThat(problem.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode body = problem.json();
        assertThat(body.path("status").asInt()).as(problem.toString()).isEqualTo(status);
        assertThat(body.path("title").asString()).as(problem.toString()).isNotBlank();
        assertThat(body.path("detail").asString()).as(problem.toString()).isNotBlank();
        assertThat(body.path("errors").isArray()).as(problem.toString()).isTrue();
        assertThat(body.path("type").asString()).as(problem.toString()).isEqualTo(ProblemException.TYPE_BASE + type);
    }
}
