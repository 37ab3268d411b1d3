package dev.suture.control.incident;

import dev.suture.control.healing.ActionStore;
import dev.suture.control.healing.ActionType;
import dev.suture.control.healing.Decision;
import dev.suture.control.healing.HealingAction;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records healing's decisions in the incident's timeline and applies them to the stored actions, in the caller's
 * transaction: an action is never in force without the entry that says what, why, on which signal and when.
 */
@Component
class DecisionRecorder {

    private static final Logger log = LoggerFactory.getLogger(DecisionRecorder.class);

    private final IncidentStore incidents;
    private final ActionStore actions;
    private final IncidentMetrics metrics;
    /** Incidents whose latest deferral is already in their timeline, so a budget spent for minutes adds one entry. */
    private final Set<Long> deferralRecorded = ConcurrentHashMap.newKeySet();

    DecisionRecorder(IncidentStore incidents, ActionStore actions, IncidentMetrics metrics) {
        this.incidents = incidents;
        this.actions = actions;
        this.metrics = metrics;
    }

    /** What applying a tick's decisions amounted to. */
    record Outcome(boolean applied, @Nullable String refusal, boolean failoverEnded, List<HealingAction> hookCalls) {}

    Outcome record(Incident incident, List<Decision> decisions, Instant at, AfterCommit after) {
        boolean applied = false;
        String refusal = null;
        boolean failoverEnded = false;
        List<HealingAction> hookCalls = new java.util.ArrayList<>();
        for (Decision decision : decisions) {
            switch (decision.kind()) {
                case APPLY, RELAX -> {
                    HealingAction stored = actions.insert(decision.action());
                    entry(incident, at, TimelineKind.ACTION, decision, stored);
                    metrics.action(stored.type(), stored.dryRun());
                    applied |= decision.kind() == Decision.Kind.APPLY;
                    deferralRecorded.remove(incident.id());
                    if (stored.type() == ActionType.RESTART_HOOK) {
                        hookCalls.add(stored);
                    } else if (!stored.dryRun()) {
                        after.overlayChanged();
                    }
                }
                case END -> {
                    HealingAction ended = decision.action();
                    actions.end(ended.id(), at);
                    entry(incident, at, TimelineKind.ACTION_ENDED, decision, ended);
                    failoverEnded |= ended.type() == ActionType.FAILOVER;
                    if (!ended.dryRun()) {
                        after.overlayChanged();
                    }
                }
                case REFUSE -> {
                    if (refusal == null && incident.state() != IncidentState.ESCALATED) {
                        incidents.append(incident.id(), withSignals(at, TimelineKind.ACTION_REFUSED, decision));
                    }
                    refusal = refusal == null ? decision.message() : refusal;
                }
                // DEFER: the global budget held the action back; it is decided again at the next tick, and written
                // down again only once an action of this incident got through in between.
                default -> {
                    if (deferralRecorded.add(incident.id())) {
                        incidents.append(incident.id(), withSignals(at, TimelineKind.ACTION_DEFERRED, decision));
                    }
                }
            }
        }
        return new Outcome(applied, refusal, failoverEnded, hookCalls);
    }

    private void entry(Incident incident, Instant at, TimelineKind kind, Decision decision, HealingAction action) {
        String verb = kind == TimelineKind.ACTION ? (action.dryRun() ? "would " : "") : "ended: ";
        String message = verb + action.describe() + ": " + decision.message();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("actionId", action.id());
        details.put("type", action.type().name());
        if (action.url() != null) {
            details.put("instance", action.url());
        }
        if (action.until() != null) {
            details.put("until", action.until().toString());
        }
        if (action.type() == ActionType.RATE_LIMIT) {
            details.put("capRequestsPerSecond", action.capRequestsPerSecond());
        }
        details.put("reason", action.reason());
        details.put("signals", decision.signals());
        incidents.append(incident.id(), new TimelineEntry(at, kind, message, details, action.dryRun(), null));
        log.info(
                "healing {} incident={} route={} type={} target={} dryRun={} why=\"{}\"",
                kind == TimelineKind.ACTION ? "action" : "action ended",
                incident.id(),
                incident.routeId(),
                action.type(),
                action.url() == null ? "route" : action.url(),
                action.dryRun(),
                decision.message());
    }

    private static TimelineEntry withSignals(Instant at, TimelineKind kind, Decision decision) {
        return TimelineEntry.of(at, kind, decision.message(), Map.of("signals", decision.signals()));
    }
}
