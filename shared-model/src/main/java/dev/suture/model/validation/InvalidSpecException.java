package dev.suture.model.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by a wire record's constructor when its values break the contract. It carries every violation found in that
 * record, not just the first, so that an API caller can fix them all in one round trip.
 */
public class InvalidSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    public InvalidSpecException(String subject, List<Violation> violations) {
        super(subject + " is invalid: " + describe(violations));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        return violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; "));
    }
}
