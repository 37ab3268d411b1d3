package dev.suture.control.api;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Stands in for the other features' controllers, which signal failures the plain Spring way. A test configuration, so
 * that only {@link AdminApiTest} contexts get it.
 */
@TestConfiguration(proxyBeanMethods = false)
@RestController
class FailingController {

    @GetMapping("/test/response-status")
    void responseStatus() {
        throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "not ready yet");
    }

    @GetMapping("/test/error-response")
    void errorResponse() {
        ErrorResponseException failure = new ErrorResponseException(HttpStatus.CONFLICT);
        failure.getBody().setDetail("gateway g1 is already connected elsewhere");
        throw failure;
    }

    @GetMapping("/test/bug")
    void bug() {
        throw new IllegalStateException("internal detail that must not leak");
    }
}
