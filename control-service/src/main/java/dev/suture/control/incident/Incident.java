package dev.suture.control.incident;

import dev.suture.control.detection.RootCause;
import dev.suture.control.detection.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An ongoing or past problem of one route.
 *
 * @param id the incident's id
 * @param routeId the route
 * @param rootCause the current classification; changes are in the timeline
 * @param severity the current severity
 * @param state where the incident is
 * @param instances every instance the incident has concerned
 * @param signals the signal values of the latest classification
 * @param summary one line for an operator
 * @param dryRun the route's policy was in dry run when the incident opened: nothing is applied
 * @param openedAt when detection reported it
 * @param timeToDetectMs from the first bad signal to opening: from the start of the earliest second in which a finding
 *     that opened it saw its signal go bad (its {@code onset}) to {@code openedAt}; never negative
 * @param unhealthySince start of the current unhealthy stretch; null while recovering or resolved
 * @param healthySince start of the current healthy stretch; null while unhealthy
 * @param escalatedAt when it was first escalated; null if never
 * @param recoveredAt when signals became healthy for good; set on resolution
 * @param timeToRecoverMs from opening to recoveredAt; set on resolution
 * @param resolvedAt when it was resolved
 * @param acknowledgedBy who acknowledged it
 * @param acknowledgedAt when it was acknowledged
 */
public record Incident(
        long id,
        String routeId,
        RootCause rootCause,
        Severity severity,
        IncidentState state,
        List<String> instances,
        Map<String, Double> signals,
        String summary,
        boolean dryRun,
        Instant openedAt,
        long timeToDetectMs,
        @Nullable Instant unhealthySince,
        @Nullable Instant healthySince,
        @Nullable Instant escalatedAt,
        @Nullable Instant recoveredAt,
        @Nullable Long timeToRecoverMs,
        @Nullable Instant resolvedAt,
        @Nullable String acknowledgedBy,
        @Nullable Instant acknowledgedAt) {

    public Incident {
        instances = List.copyOf(instances);
        signals = Map.copyOf(signals);
    }

    Incident withState(IncidentState next) {
        return new Incident(
                id,
                routeId,
                rootCause,
                severity,
                next,
                instances,
                signals,
                summary,
                dryRun,
                openedAt,
                timeToDetectMs,
                unhealthySince,
                healthySince,
                escalatedAt,
                recoveredAt,
                timeToRecoverMs,
                resolvedAt,
                acknowledgedBy,
                acknowledgedAt);
    }

    Incident classified(RootCause cause, Severity level, List<String> urls, Map<String, Double> values, String text) {
        return new Incident(
                id,
                routeId,
                cause,
                level,
                state,
                urls,
                values,
                text,
                dryRun,
                openedAt,
                timeToDetectMs,
                unhealthySince,
                healthySince,
                escalatedAt,
                recoveredAt,
                timeToRecoverMs,
                resolvedAt,
                acknowledgedBy,
                acknowledgedAt);
    }

    Incident unhealthy(Instant since) {
        return new Incident(
                id,
                routeId,
                rootCause,
                severity,
                state,
                instances,
                signals,
                summary,
                dryRun,
                openedAt,
                timeToDetectMs,
                since,
                null,
                escalatedAt,
                recoveredAt,
                timeToRecoverMs,
                resolvedAt,
                acknowledgedBy,
                acknowledgedAt);
    }

    Incident healthy(Instant since) {
        return new Incident(
                id,
                routeId,
                rootCause,
                severity,
                state,
                instances,
                signals,
                summary,
                dryRun,
                openedAt,
                timeToDetectMs,
                null,
                since,
                escalatedAt,
                recoveredAt,
                timeToRecoverMs,
                resolvedAt,
                acknowledgedBy,
                acknowledgedAt);
    }

    Incident escalated(Instant at) {
        return new Incident(
                id,
                routeId,
                rootCause,
                severity,
                state,
                instances,
                signals,
                summary,
                dryRun,
                openedAt,
                timeToDetectMs,
                unhealthySince,
                healthySince,
                escalatedAt == null ? at : escalatedAt,
                recoveredAt,
                timeToRecoverMs,
                resolvedAt,
                acknowledgedBy,
                acknowledgedAt);
    }

    Incident resolved(Instant at, Instant recovered) {
        long recoverMs = Math.max(0, Duration.between(openedAt, recovered).toMillis());
        return new Incident(
                id,
                routeId,
                rootCause,
                severity,
                state,
                instances,
                signals,
                summary,
                dryRun,
                openedAt,
                timeToDetectMs,
                null,
                healthySince,
                escalatedAt,
                recovered,
                recoverMs,
                at,
                acknowledgedBy,
                acknowledgedAt);
    }

    /** True until the incident is resolved. */
    public boolean active() {
        return state != IncidentState.RESOLVED;
    }
}
