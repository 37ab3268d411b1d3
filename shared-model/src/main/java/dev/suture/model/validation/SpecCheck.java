package dev.suture.model.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Collects the violations of one record while its compact constructor runs, then throws them together.
 *
 * <p>Each method checks one field and returns the value to store (its default when the caller left it out), so a
 * constructor reads as a list of field rules. Not thread-safe; one instance lives for one constructor call.
 */
public final class SpecCheck {

    /** Ids and names: lowercase letters, digits, '-' and '_', starting with a letter or digit, at most 63 long. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final String subject;
    private final List<Violation> violations = new ArrayList<>();

    private SpecCheck(String subject) {
        this.subject = subject;
    }

    public static SpecCheck of(String subject) {
        return new SpecCheck(subject);
    }

    public SpecCheck require(boolean condition, String field, String message) {
        if (!condition) {
            violations.add(new Violation(field, message));
        }
        return this;
    }

    public @Nullable String name(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(field, "is required"));
        } else if (!NAME.matcher(value).matches()) {
            violations.add(new Violation(
                    field, "must be 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit"));
        }
        return value;
    }

    public int range(String field, @Nullable Integer value, int defaultValue, int min, int max) {
        int actual = value == null ? defaultValue : value;
        if (actual < min || actual > max) {
            violations.add(new Violation(field, "must be between " + min + " and " + max + " but was " + actual));
        }
        return actual;
    }

    public double range(String field, @Nullable Double value, double defaultValue, double min, double max) {
        double actual = value == null ? defaultValue : value;
        if (Double.isNaN(actual) || actual < min || actual > max) {
            violations.add(new Violation(field, "must be between " + min + " and " + max + " but was " + actual));
        }
        return actual;
    }

    public String text(String field, @Nullable String value, String defaultValue, int maxLength) {
        String actual = value == null ? defaultValue : value;
        if (actual.length() > maxLength) {
            violations.add(new Violation(field, "must be at most " + maxLength + " characters long"));
        }
        return actual;
    }

    /** An absolute http or https URL with a host and nothing after the path. */
    public @Nullable String httpUrl(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(field, "is required"));
            return value;
        }
        try {
            URI uri = new URI(value);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!http || uri.getHost() == null) {
                violations.add(new Violation(field, "must be an absolute http or https URL with a host"));
            } else if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                violations.add(new Violation(field, "must not contain user info, a query or a fragment"));
            }
        } catch (URISyntaxException e) {
            violations.add(new Violation(field, "is not a valid URL: " + e.getReason()));
        }
        return value;
    }

    /** An immutable copy of a list, empty when absent; null elements are violations and are dropped. */
    public <T> List<T> list(String field, @Nullable List<@Nullable T> value, int maxSize) {
        if (value == null) {
            return List.of();
        }
        if (value.size() > maxSize) {
            violations.add(new Violation(field, "must have at most " + maxSize + " entries but had " + value.size()));
        }
        List<T> copy = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            T element = value.get(i);
            if (element == null) {
                violations.add(new Violation(field + "[" + i + "]", "must not be null"));
            } else {
                copy.add(element);
            }
        }
        return List.copyOf(copy);
    }

    public void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw new InvalidSpecException(subject, violations);
        }
    }
}
