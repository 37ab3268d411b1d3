package dev.suture.control.incident;

import dev.suture.control.detection.RootCause;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which incidents a listing shows; null fields do not filter.
 *
 * @param state only incidents in this state
 * @param routeId only this route's incidents
 * @param rootCause only incidents currently classified so
 * @param from only incidents opened at or after this time
 * @param to only incidents opened before this time
 */
public record IncidentFilter(
        @Nullable IncidentState state,
        @Nullable String routeId,
        @Nullable RootCause rootCause,
        @Nullable Instant from,
        @Nullable Instant to) {}
