package dev.suture.control.incident;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How incidents went over a time range, by their opening time.
 *
 * @param from start of the range, inclusive
 * @param to end of the range, exclusive
 * @param opened incidents opened in the range
 * @param autoResolved of those, resolved without ever being escalated
 * @param escalated of those, escalated at least once
 * @param timeToDetectMs time to detect over those incidents
 * @param timeToRecoverMs time to recover over those that resolved
 */
public record IncidentSummary(
        Instant from,
        Instant to,
        long opened,
        long autoResolved,
        long escalated,
        Distribution timeToDetectMs,
        Distribution timeToRecoverMs) {

    /** Percentiles in milliseconds; all null when there was nothing to measure. */
    public record Distribution(
            @Nullable Long p50,
            @Nullable Long p90,
            @Nullable Long max) {}
}
