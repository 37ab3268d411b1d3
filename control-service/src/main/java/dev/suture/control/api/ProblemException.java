package dev.suture.control.api;

import dev.suture.model.validation.Violation;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refused request that carries its own RFC 9457 problem detail. Each subclass is one kind of refusal with one status
 * and one {@code type}, so that clients can branch on the type and operators can search the docs for it.
 *
 * <p>Extends Spring's {@link ErrorResponseException}, so the problem is rendered the same way whether or not a
 * controller advice handles it.
 */
public abstract class ProblemException extends ErrorResponseException {

    /** Problem types are this base followed by a short slug, for example {@code not-found}; docs/api.md lists them. */
    public static final String TYPE_BASE = "https://suture.dev/problems/";

    /** The property holding the bad fields, each as {@code {"field": "...", "message": "..."}}. */
    public static final String ERRORS = "errors";

    private static final long serialVersionUID = 1L;

    protected ProblemException(HttpStatus status, String type, String title, String detail, List<Violation> errors) {
        super(status, problem(status, type, title, detail, errors), null);
    }

    /** A problem of this API: a Suture type, a title, a detail and the bad fields, possibly none. */
    public static ProblemDetail problem(
            HttpStatus status, String type, String title, String detail, List<Violation> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        problem.setProperty(ERRORS, List.copyOf(errors));
        return problem;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail() == null ? super.getMessage() : getBody().getDetail();
    }
}
