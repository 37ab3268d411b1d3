package dev.suture.control.api;

import static dev.suture.control.api.BadInputProblemsTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.control.api.AdminClient.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestConstructor;

/** Failures raised the plain Spring way, by any controller, come out in the same problem format as this API's. */
@AdminApiTest
@TestConstructor(autowireMode = TestConstructor.AutowireMode.ALL)
class SpringErrorsAsProblemsTest {

    private final AdminClient api;

    SpringErrorsAsProblemsTest(@LocalServerPort int port) {
        this.api = new AdminClient(port);
    }

    @Test
    void aResponseStatusExceptionBecomesAProblemTypedByItsStatus() {
        Reply problem = api.get("/test/response-status");

        assertProblem(problem, 503, "service-unavailable");
        assertThat(problem.json().path("detail").asString()).isEqualTo("not ready yet");
    }

    @Test
    void anErrorResponseExceptionKeepsItsDetail() {
        Reply problem = api.get("/test/error-response");

        assertProblem(problem, 409, "conflict");
        assertThat(problem.json().path("detail").asString()).isEqualTo("gateway g1 is already connected elsewhere");
    }

    @Test
    void anUnexpectedFailureIsA500ThatLeaksNothing() {
        Reply problem = api.get("/test/bug");

        assertProblem(problem, 500, "internal-error");
        assertThat(problem.body()).doesNotContain("internal detail");
    }

    @Test
    void theOpenApiDocumentDescribesTheAdminApi() {
        Reply docs = api.get("/v3/api-docs");

        assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
        assertThat(docs.json().path("paths").propertyNames())
                .contains(
                        "/api/v1/routes",
                        "/api/v1/routes/{id}",
                        "/api/v1/routes/{id}/revisions",
                        "/api/v1/policies",
                        "/api/v1/policies/{name}",
                        "/api/v1/policies/{name}/revisions",
                        "/api/v1/gateways",
                        "/api/v1/config",
                        "/api/v1/incidents",
                        "/api/v1/incidents/{id}",
                        "/api/v1/incidents/summary");
        assertThat(docs.json()
                        .path("paths")
                        .path("/api/v1/routes")
                        .path("post")
                        .path("summary")
                        .asString())
                .isEqualTo("Create a route");
        assertThat(docs.json().path("components").path("schemas").propertyNames())
                .as("a revision's spec is described as an object, not as Jackson's tree classes")
                .doesNotContain("JsonNode");
    }
}
