package dev.suture.control.api;

import dev.suture.model.validation.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Which page of a list the client asked for, from {@code ?page=0&size=20}.
 *
 * @param page zero-based page number, at least 0; default 0
 * @param size items per page, 1 to {@value #MAX_SIZE}; default {@value #DEFAULT_SIZE}
 */
public record PageQuery(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 200;

    /** The defaults as {@code @RequestParam} needs them, as text. */
    public static final String PAGE_PARAM_DEFAULT = "0";

    public static final String SIZE_PARAM_DEFAULT = "" + DEFAULT_SIZE;

    public PageQuery {
        List<Violation> errors = new ArrayList<>();
        if (page < 0) {
            errors.add(new Violation("page", "must be at least 0 but was " + page));
        }
        if (size < 1 || size > MAX_SIZE) {
            errors.add(new Violation("size", "must be between 1 and " + MAX_SIZE + " but was " + size));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    /** Rows to skip; a long because page times size can pass the int range. */
    public long offset() {
        return (long) page * size;
    }
}
