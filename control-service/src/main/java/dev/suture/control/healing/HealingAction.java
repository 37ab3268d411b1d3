package dev.suture.control.healing;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One action healing took for an incident, as stored. Active overlay actions (not dry run) make up the overlay.
 *
 * @param id database id, 0 before it is stored
 * @param incidentId the incident it acts for
 * @param routeId the route it acts on
 * @param type what it does
 * @param url the instance concerned, for ejections and probations
 * @param startedAt when it was applied
 * @param until when it ends by itself; null when it lasts until lifted
 * @param capRequestsPerSecond the fleet-wide cap of a rate limit
 * @param baselineRequestsPerSecond the healthy rate before the incident, which a rate limit ramps back to
 * @param retryAfterSeconds Retry-After of a rate limit's 429s
 * @param trafficPercent traffic share of a probation
 * @param reason why, with the signal behind it
 * @param dryRun recorded only, never applied
 */
public record HealingAction(
        long id,
        long incidentId,
        String routeId,
        ActionType type,
        @Nullable String url,
        Instant startedAt,
        @Nullable Instant until,
        double capRequestsPerSecond,
        double baselineRequestsPerSecond,
        int retryAfterSeconds,
        int trafficPercent,
        String reason,
        boolean dryRun) {

    static HealingAction of(
            HealingContext context, ActionType type, @Nullable String url, @Nullable Instant until, String reason) {
        return new HealingAction(
                0,
                context.incidentId(),
                context.route().id(),
                type,
                url,
                context.now(),
                until,
                0,
                0,
                1,
                100,
                reason,
                context.dryRun());
    }

    HealingAction withCap(double cap, double baseline, int retryAfter) {
        return new HealingAction(
                id,
                incidentId,
                routeId,
                type,
                url,
                startedAt,
                until,
                cap,
                baseline,
                retryAfter,
                trafficPercent,
                reason,
                dryRun);
    }

    HealingAction withTrafficPercent(int percent) {
        return new HealingAction(
                id,
                incidentId,
                routeId,
                type,
                url,
                startedAt,
                until,
                capRequestsPerSecond,
                baselineRequestsPerSecond,
                retryAfterSeconds,
                percent,
                reason,
                dryRun);
    }

    /** True when the action is in force at this time: not past its end. */
    public boolean inForceAt(Instant now) {
        return until == null || until.isAfter(now);
    }

    /** What the action does to which target, for the timeline and the log. */
    public String describe() {
        String target = url == null ? "route=" + routeId : "route=" + routeId + " instance=" + url;
        return switch (type) {
            case EJECTION -> "eject " + target + " until " + until;
            case PROBATION -> "probation " + target + " at " + trafficPercent + "% until " + until;
            case FAILOVER -> "fail over " + target + " to its fallback pool";
            case RATE_LIMIT ->
                String.format(
                        java.util.Locale.ROOT, "rate limit %s to %.1f rps fleet-wide", target, capRequestsPerSecond);
            case RESTART_HOOK -> "call the restart hook for " + target;
        };
    }
}
