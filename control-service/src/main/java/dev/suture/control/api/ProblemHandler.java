package dev.suture.control.api;

import dev.suture.model.validation.InvalidSpecException;
import dev.suture.model.validation.Violation;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every failed request as an RFC 9457 problem ({@code application/problem+json}). Spring's own exceptions
 * (405, 415, {@code ResponseStatusException}, {@code ErrorResponseException}, ...) go through the base class; this
 * class adds the body-reading failures, the spec violations and the fallbacks, and makes sure that every problem has
 * an {@code errors} array, empty when no single field is to blame.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    /** Long enough for a database failover or a pool to recover, short enough for a person to wait. */
    private static final String DATABASE_RETRY_AFTER_SECONDS = "5";

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException failure, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = UnreadableBody.describe(failure);
        return handleExceptionInternal(failure, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException failure, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = failure.getPropertyName() == null ? "" : failure.getPropertyName();
        String message =
                "must be a " + simpleTypeName(failure.getRequiredType()) + ", not '" + failure.getValue() + "'";
        ProblemDetail problem = ProblemException.problem(
                HttpStatus.BAD_REQUEST,
                "wrong-type",
                "Wrong type",
                field + " " + message,
                List.of(new Violation(field, message)));
        return handleExceptionInternal(failure, problem, headers, status, request);
    }

    /** A spec record refused values that came from somewhere other than a request body, for example a path check. */
    @ExceptionHandler
    ResponseEntity<Object> handleInvalidSpec(InvalidSpecException failure, WebRequest request) {
        return handle(failure, new InvalidRequestException(failure.violations()).getBody(), request);
    }

    /**
     * A constraint or a lock caught a race the checks before it could not see, for example a policy deleted while a
     * route naming it was being written, or two transactions deadlocking. Nothing was changed; the client may retry.
     */
    @ExceptionHandler({DataIntegrityViolationException.class, ConcurrencyFailureException.class})
    ResponseEntity<Object> handleConflictingWrite(DataAccessException failure, WebRequest request) {
        log.info(
                "write refused by the database: {}",
                failure.getMostSpecificCause().getMessage());
        ProblemDetail problem = ProblemException.problem(
                HttpStatus.CONFLICT,
                "conflict",
                "Conflicting change",
                "the change conflicts with a concurrent change and was not applied; read the current state and retry",
                List.of());
        return handle(failure, problem, request);
    }

    /**
     * The database cannot be reached or gave up for a moment. The request changed nothing, and the same request may
     * well succeed shortly, which a 503 with Retry-After tells clients and proxies in their own terms.
     */
    @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class})
    ResponseEntity<Object> handleDatabaseUnavailable(RuntimeException failure, WebRequest request) {
        log.warn("request failed, database unavailable: {}", failure.getMessage());
        ProblemDetail problem = ProblemException.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "database-unavailable",
                "Database unavailable",
                "the control service cannot reach its database; nothing was changed, retry shortly",
                List.of());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER_SECONDS);
        ResponseEntity<Object> response =
                handleExceptionInternal(failure, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
        return response == null
                ? ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build()
                : response;
    }

    /** Anything else is a bug: log it with its stack trace, and tell the client no more than that it failed. */
    @ExceptionHandler
    ResponseEntity<Object> handleUnexpected(RuntimeException failure, WebRequest request) {
        log.error("request failed unexpectedly: {}", request.getDescription(false), failure);
        ProblemDetail problem = ProblemException.problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "the request failed on the server; the control service's log has the cause",
                List.of());
        return handle(failure, problem, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException failure, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // Spring's detail speaks of static resources, which this service does not serve.
        failure.getBody()
                .setDetail("nothing is served at " + failure.getHttpMethod() + " /" + failure.getResourcePath());
        return super.handleNoResourceFoundException(failure, headers, status, request);
    }

    /**
     * Gives the problems that Spring and other controllers raise the same shape as this API's own: a Suture type
     * named after the status (405 is {@code method-not-allowed}) and an {@code errors} array.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
                problem.setType(URI.create(ProblemException.TYPE_BASE + slug(problem.getStatus())));
            }
            if (problem.getProperties() == null || !problem.getProperties().containsKey(ProblemException.ERRORS)) {
                problem.setProperty(ProblemException.ERRORS, List.of());
            }
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private ResponseEntity<Object> handle(Exception failure, ProblemDetail problem, WebRequest request) {
        ResponseEntity<Object> response = handleExceptionInternal(
                failure, problem, new HttpHeaders(), HttpStatusCode.valueOf(problem.getStatus()), request);
        // Only null when the response is already committed, and then nothing more can be sent anyway.
        return response == null ? ResponseEntity.status(problem.getStatus()).build() : response;
    }

    private static String slug(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null
                ? "status-" + status
                : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String simpleTypeName(@Nullable Class<?> type) {
        if (type == null) {
            return "value of another type";
        }
        return type == int.class || type == Integer.class || type == long.class || type == Long.class
                ? "whole number"
                : type.getSimpleName().toLowerCase(Locale.ROOT);
    }
}
