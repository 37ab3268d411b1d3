package dev.suture.control.api;

import dev.suture.model.validation.Violation;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/** 400: query parameters, headers or body fields that break the API's rules, each named in {@code errors}. */
public class InvalidRequestException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(List<Violation> errors) {
        super(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", describe(errors), errors);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    static String describe(List<Violation> errors) {
        return errors.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "));
    }
}
