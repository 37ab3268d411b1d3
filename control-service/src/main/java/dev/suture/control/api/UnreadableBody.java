package dev.suture.control.api;

import dev.suture.model.validation.InvalidSpecException;
import dev.suture.model.validation.Violation;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Explains a request body that could not be turned into the handler's argument: which field is wrong and why.
 *
 * <p>Jackson and Spring wrap the real cause in layers (a spec record's {@link InvalidSpecException} inside a
 * {@link ValueInstantiationException} inside Spring's {@link HttpMessageNotReadableException}); this class looks
 * through them, most specific cause first.
 */
final class UnreadableBody {

    /** Fields the server owns in responses; a client that sends them back is told so, not that they are unknown. */
    private static final Set<String> SERVER_OWNED = Set.of("version", "createdAt", "updatedAt");

    /**
     * How Jackson's message for content after the body's value begins; Jackson reports it as a mismatch of the
     * body's type, which would read as "the body must be an object" for a body that is one.
     */
    private static final String TRAILING_TOKEN = "Trailing token";

    /** How a client would name the JSON value each Java type needs; the wire records use boxed types only. */
    private static final Map<Class<?>, String> EXPECTED = Map.of(
            Integer.class, "a whole number",
            Long.class, "a whole number",
            Double.class, "a number",
            Boolean.class, "true or false",
            String.class, "a string");

    private UnreadableBody() {}

    static ProblemDetail describe(HttpMessageNotReadableException failure) {
        BodyTooLargeException tooLarge = cause(failure, BodyTooLargeException.class);
        if (tooLarge != null) {
            return tooLarge(tooLarge);
        }
        InvalidSpecException invalid = cause(failure, InvalidSpecException.class);
        if (invalid != null) {
            return invalidSpec(invalid, cause(failure, ValueInstantiationException.class));
        }
        UnrecognizedPropertyException unknown = cause(failure, UnrecognizedPropertyException.class);
        if (unknown != null) {
            return unknownField(unknown);
        }
        MismatchedInputException mismatch = cause(failure, MismatchedInputException.class);
        if (mismatch != null && String.valueOf(mismatch.getOriginalMessage()).startsWith(TRAILING_TOKEN)) {
            return malformed(mismatch.getLocation(), "there is more after the JSON value");
        }
        if (mismatch != null && mismatch.getTargetType() != null) {
            return wrongType(mismatch);
        }
        StreamReadException malformed = cause(failure, StreamReadException.class);
        if (malformed != null) {
            return malformed(malformed);
        }
        DatabindException other = cause(failure, DatabindException.class);
        if (other != null) {
            return problem("invalid-request", "Invalid request", FieldPath.of(other), other.getOriginalMessage());
        }
        // Spring's own message names the handler method's signature, which tells a client nothing.
        return ProblemException.problem(
                HttpStatus.BAD_REQUEST,
                "missing-body",
                "Missing body",
                "the request needs a JSON body, and none could be read",
                List.of());
    }

    private static ProblemDetail tooLarge(BodyTooLargeException tooLarge) {
        ProblemDetail problem = ProblemException.problem(
                HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Body too large", tooLarge.getMessage(), List.of());
        problem.setProperty("limitBytes", tooLarge.limitBytes());
        return problem;
    }

    private static ProblemDetail invalidSpec(InvalidSpecException invalid, @Nullable DatabindException where) {
        String parent = where == null ? "" : FieldPath.of(where);
        List<Violation> errors = invalid.violations().stream()
                .map(v -> new Violation(FieldPath.join(parent, v.field()), v.message()))
                .toList();
        return ProblemException.problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "Invalid request",
                InvalidRequestException.describe(errors),
                errors);
    }

    private static ProblemDetail unknownField(UnrecognizedPropertyException unknown) {
        String field = FieldPath.of(unknown);
        boolean serverOwned = unknown.getPath().size() == 1 && SERVER_OWNED.contains(unknown.getPropertyName());
        String message = serverOwned
                ? "is set by the server and cannot be written"
                : "is not a known field; known fields are " + known(unknown.getKnownPropertyIds());
        return problem("unknown-field", "Unknown field", field, message);
    }

    private static ProblemDetail wrongType(MismatchedInputException mismatch) {
        String field = FieldPath.of(mismatch);
        String expected = expected(Objects.requireNonNull(mismatch.getTargetType()));
        String message = mismatch instanceof InvalidFormatException format && format.getValue() != null
                ? "must be " + expected + ", not '" + format.getValue() + "'"
                : "must be " + expected;
        return problem("wrong-type", "Wrong type", field, message);
    }

    private static ProblemDetail malformed(StreamReadException malformed) {
        return malformed(malformed.getLocation(), malformed.getOriginalMessage());
    }

    private static ProblemDetail malformed(@Nullable TokenStreamLocation at, String reason) {
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        ProblemDetail problem = ProblemException.problem(
                HttpStatus.BAD_REQUEST,
                "malformed-json",
                "Malformed JSON",
                "the body is not valid JSON" + where + ": " + reason,
                List.of());
        if (at != null) {
            problem.setProperty("line", at.getLineNr());
            problem.setProperty("column", at.getColumnNr());
        }
        return problem;
    }

    private static ProblemDetail problem(String type, String title, String field, String message) {
        String detail = (field.isEmpty() ? "the body" : field) + " " + message;
        return ProblemException.problem(
                HttpStatus.BAD_REQUEST, type, title, detail, List.of(new Violation(field, message)));
    }

    private static String expected(Class<?> type) {
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return EXPECTED.getOrDefault(type, "an object");
    }

    private static String known(Collection<Object> ids) {
        return ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static <T extends Throwable> @Nullable T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
