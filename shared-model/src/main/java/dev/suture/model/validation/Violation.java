package dev.suture.model.validation;

import java.util.Objects;

/**
 * One reason a piece of configuration is invalid: the field (a dotted path relative to the object that was checked)
 * and a message a person can act on.
 */
public record Violation(String field, String message) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** The same violation, seen from an enclosing object that holds this one under {@code parent}. */
    public Violation under(String parent) {
        return new Violation(field.isEmpty() ? parent : parent + "." + field, message);
    }
}
