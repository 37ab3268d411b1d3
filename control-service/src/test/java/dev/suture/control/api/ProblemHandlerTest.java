package dev.suture.control.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.context.request.ServletWebRequest;

/** The failures that are hard to cause through HTTP in a test, checked on the handler directly. */
class ProblemHandlerTest {

    private final ProblemHandler handler = new ProblemHandler();

    @Test
    void anUnreachableDatabaseIsA503WithRetryAfterNotA500() {
        var request = new ServletWebRequest(new MockHttpServletRequest("PUT", "/api/v1/routes/orders"));

        ResponseEntity<Object> response = handler.handleDatabaseUnavailable(
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction"), request);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        ProblemDetail problem = (ProblemDetail) response.getBody();
        assertThat(problem.getType()).hasToString(ProblemException.TYPE_BASE + "database-unavailable");
        assertThat(problem.getDetail()).doesNotContain("JDBC");
        assertThat(problem.getProperties()).containsKey(ProblemException.ERRORS);
    }

    @Test
    void aWriteTheDatabaseRefusedInARaceIsAConflictToRetry() {
        var request = new ServletWebRequest(new MockHttpServletRequest("POST", "/api/v1/routes"));

        ResponseEntity<Object> response = handler.handleConflictingWrite(
                new DataIntegrityViolationException("violates foreign key constraint routes_policy_name_fkey"),
                request);

        assertThat(response.getStatusCode().value()).isEqualTo(409);
        ProblemDetail problem = (ProblemDetail) response.getBody();
        assertThat(problem.getType()).hasToString(ProblemException.TYPE_BASE + "conflict");
        assertThat(problem.getDetail()).contains("retry").doesNotContain("fkey");
    }
}
