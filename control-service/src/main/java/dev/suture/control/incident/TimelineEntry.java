package dev.suture.control.incident;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One line of an incident's history. Entries are only ever appended.
 *
 * @param at when it happened (the control service's clock)
 * @param kind what it records
 * @param message what happened and why, in an operator's words
 * @param details the numbers behind it: signal values, action targets, config version
 * @param dryRun true for an action recorded but not applied
 * @param actor who wrote it, for acknowledgements and notes; null for the control service itself
 */
public record TimelineEntry(
        Instant at,
        TimelineKind kind,
        String message,
        Map<String, Object> details,
        boolean dryRun,
        @Nullable String actor) {

    public TimelineEntry {
        details = Map.copyOf(details);
    }

    static TimelineEntry of(Instant at, TimelineKind kind, String message, Map<String, Object> details) {
        return new TimelineEntry(at, kind, message, details, false, null);
    }
}
