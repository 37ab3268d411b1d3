package dev.suture.control.api;

import java.util.List;
import tools.jackson.core.JacksonException;

/**
 * The field a Jackson failure points at, written as a client writes it: {@code upstreams[0].weight}. The root of the
 * body is the empty string.
 */
final class FieldPath {

    private FieldPath() {}

    static String of(JacksonException failure) {
        return of(failure.getPath());
    }

    static String of(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference step : path) {
            if (step.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** A field named relative to a nested object, seen from the root: {@code upstreams[0]} and {@code url}. */
    static String join(String parent, String field) {
        if (parent.isEmpty()) {
            return field;
        }
        return field.isEmpty() || field.startsWith("[") ? parent + field : parent + "." + field;
    }
}
