package dev.suture.control.incident;

import dev.suture.control.detection.Finding;
import dev.suture.control.detection.RouteAssessment;
import dev.suture.control.detection.Severity;
import dev.suture.control.healing.ActionStore;
import dev.suture.control.healing.ActionType;
import dev.suture.control.healing.Decision;
import dev.suture.control.healing.Healer;
import dev.suture.control.healing.HealingAction;
import dev.suture.control.healing.HealingContext;
import dev.suture.control.healing.HealingProperties;
import dev.suture.control.healing.Notifier;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One tick of one incident's life: opening, healing's decisions, and the state transitions. Every method runs in the
 * caller's transaction and returns the incident as stored.
 *
 * <p>The transitions: an incident opens OPEN; the first action applied makes it MITIGATING; healthy signals make it
 * RECOVERING and start the hold; unhealthy signals while recovering return it to MITIGATING (or OPEN when nothing
 * is in force); a refused action, or a route still unhealthy {@code escalate-after} into the incident, makes it
 * ESCALATED; healthy for the hold with no action left in force makes it RESOLVED.
 */
@Component
class IncidentCourse {

    private static final Logger log = LoggerFactory.getLogger(IncidentCourse.class);

    private final IncidentStore incidents;
    private final ActionStore actions;
    private final Healer healer;
    private final DecisionRecorder recorder;
    private final IncidentMetrics metrics;
    private final Notifier notifier;
    private final HealingProperties properties;
    private final Clock clock;

    IncidentCourse(
            IncidentStore incidents,
            ActionStore actions,
            Healer healer,
            DecisionRecorder recorder,
            IncidentMetrics metrics,
            Notifier notifier,
            HealingProperties properties,
            Clock clock) {
        this.incidents = incidents;
        this.actions = actions;
        this.healer = healer;
        this.recorder = recorder;
        this.metrics = metrics;
        this.notifier = notifier;
        this.properties = properties;
        this.clock = clock;
    }

    /** A new incident for a route that had none, and healing's first response to it. */
    Incident open(
            RouteAssessment assessment,
            RouteSpec route,
            HealingPolicySpec policy,
            double healthyRate,
            AfterCommit after) {
        Instant at = assessment.at();
        Finding primary = primary(assessment.findings());
        long detectMs = timeToDetectMillis(assessment);
        Incident incident = incidents.insert(new Incident(
                0,
                route.id(),
                primary.rootCause(),
                primary.severity(),
                IncidentState.OPEN,
                affected(List.of(), assessment),
                primary.signals(),
                primary.summary(),
                policy.dryRun(),
                at,
                detectMs,
                at,
                null,
                null,
                null,
                null,
                null,
                null,
                null));

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rootCause", primary.rootCause().name());
        details.put("severity", primary.severity().name());
        details.put("instances", incident.instances());
        details.put("signals", primary.signals());
        details.put("timeToDetectMs", detectMs);
        incidents.append(incident.id(), TimelineEntry.of(at, TimelineKind.DETECTED, primary.summary(), details));
        metrics.detected(detectMs);
        log.info(
                "incident opened id={} route={} rootCause={} severity={} instances={} dryRun={}",
                incident.id(),
                route.id(),
                primary.rootCause(),
                primary.severity(),
                incident.instances(),
                incident.dryRun());
        after.then(() -> notifier.notify("opened", describe(incident)));
        return unhealthy(incident, assessment, route, policy, healthyRate, after);
    }

    /** The next tick of an incident that is not resolved. */
    Incident advance(
            Incident incident,
            RouteAssessment assessment,
            RouteSpec route,
            HealingPolicySpec policy,
            double healthyRate,
            AfterCommit after) {
        if (!assessment.enoughData()) {
            HealingContext context = context(incident, assessment, route, policy, 0);
            recorder.record(incident, healer.expire(context), assessment.at(), after);
            return incident;
        }
        return assessment.healthy()
                ? healthy(incident, assessment, route, policy, after)
                : unhealthy(incident, assessment, route, policy, healthyRate, after);
    }

    /** Resolves an incident whose route is gone, clearing what it still has in force. */
    Incident routeRemoved(Incident incident, Instant at, AfterCommit after) {
        return resolve(incident, at, "route no longer declared", after);
    }

    private Incident unhealthy(
            Incident incident,
            RouteAssessment assessment,
            RouteSpec route,
            HealingPolicySpec policy,
            double healthyRate,
            AfterCommit after) {
        Instant at = assessment.at();
        Incident current = incident;
        if (current.state() == IncidentState.RECOVERING) {
            boolean inForce = !actions.active(current.id()).isEmpty();
            current = transition(
                    current.unhealthy(at),
                    inForce ? IncidentState.MITIGATING : IncidentState.OPEN,
                    at,
                    "signals unhealthy again: " + primary(assessment.findings()).summary());
        }
        current = reclassify(current, assessment);

        HealingContext context = context(current, assessment, route, policy, healthyRate);
        DecisionRecorder.Outcome outcome = recorder.record(current, healer.act(context), at, after);
        callHooks(current, policy, outcome.hookCalls(), after);
        if (outcome.applied() && current.state() == IncidentState.OPEN) {
            current = transition(current, IncidentState.MITIGATING, at, "action applied");
        }
        if (outcome.refusal() != null && current.state() != IncidentState.ESCALATED) {
            current = escalate(current, at, outcome.refusal(), after);
        }
        Instant since = Objects.requireNonNullElse(current.unhealthySince(), at);
        if (current.state() != IncidentState.ESCALATED && !at.isBefore(since.plus(properties.escalateAfter()))) {
            current = escalate(
                    current,
                    at,
                    "still unhealthy " + properties.escalateAfter().toSeconds()
                            + "s into the incident: the actions did not help",
                    after);
        }
        incidents.update(current);
        return current;
    }

    private Incident healthy(
            Incident incident,
            RouteAssessment assessment,
            RouteSpec route,
            HealingPolicySpec policy,
            AfterCommit after) {
        Instant at = assessment.at();
        Incident current = incident;
        if (current.state() != IncidentState.RECOVERING) {
            current = transition(
                    current.healthy(at),
                    IncidentState.RECOVERING,
                    at,
                    "signals healthy; resolving once healthy for "
                            + properties.recoveryHold().toSeconds() + "s with no action in force");
        }
        Instant healthySince = Objects.requireNonNullElse(current.healthySince(), at);
        boolean holdElapsed = !at.isBefore(healthySince.plus(properties.recoveryHold()));

        HealingContext context = context(current, assessment, route, policy, 0);
        DecisionRecorder.Outcome outcome = recorder.record(current, healer.recover(context, holdElapsed), at, after);
        if (outcome.failoverEnded()) {
            current = current.healthy(at);
            incidents.append(
                    current.id(),
                    TimelineEntry.of(
                            at,
                            TimelineKind.OBSERVATION,
                            "primary pool back in service; the recovery hold starts again",
                            Map.of()));
        } else if (holdElapsed && overlayActions(current, at).isEmpty()) {
            return resolve(
                    current, at, "healthy for " + properties.recoveryHold().toSeconds() + "s", after);
        }
        incidents.update(current);
        return current;
    }

    private Incident resolve(Incident incident, Instant at, String why, AfterCommit after) {
        for (HealingAction action : actions.active(incident.id())) {
            recorder.record(
                    incident,
                    List.of(new Decision(Decision.Kind.END, action, "incident resolved", Map.of())),
                    at,
                    after);
        }
        Instant recovered = Objects.requireNonNullElse(incident.healthySince(), at);
        Incident resolved = transition(
                incident.resolved(at, recovered),
                IncidentState.RESOLVED,
                at,
                "resolved: " + why + "; time to recover "
                        + Duration.between(incident.openedAt(), recovered).toSeconds() + "s");
        incidents.update(resolved);
        metrics.recovered(Objects.requireNonNull(resolved.timeToRecoverMs()));
        after.then(() -> notifier.notify("resolved", describe(resolved)));
        return resolved;
    }

    private Incident escalate(Incident incident, Instant at, String why, AfterCommit after) {
        Incident escalated = transition(incident.escalated(at), IncidentState.ESCALATED, at, "escalated: " + why);
        after.then(() -> notifier.notify("escalated", describe(escalated)));
        return escalated;
    }

    private Incident transition(Incident incident, IncidentState next, Instant at, String why) {
        Map<String, Object> details = Map.of("from", incident.state().name(), "to", next.name());
        incidents.append(incident.id(), TimelineEntry.of(at, TimelineKind.STATE_CHANGE, why, details));
        log.info(
                "incident state id={} route={} from={} to={} why=\"{}\"",
                incident.id(),
                incident.routeId(),
                incident.state(),
                next,
                why);
        return incident.withState(next);
    }

    /** A changed root cause or severity updates the classification; newly affected instances are added. */
    private Incident reclassify(Incident incident, RouteAssessment assessment) {
        Instant at = assessment.at();
        Finding primary = primary(assessment.findings());
        List<String> instances = affected(incident.instances(), assessment);
        Incident current = incident;
        if (primary.rootCause() != incident.rootCause() || primary.severity() != incident.severity()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put(
                    "from",
                    incident.rootCause().name() + "/" + incident.severity().name());
            details.put(
                    "to", primary.rootCause().name() + "/" + primary.severity().name());
            details.put("signals", primary.signals());
            incidents.append(
                    current.id(),
                    TimelineEntry.of(
                            at,
                            TimelineKind.RECLASSIFIED,
                            "now " + primary.rootCause() + " (" + primary.severity() + "): " + primary.summary(),
                            details));
            current = current.classified(
                    primary.rootCause(), primary.severity(), instances, primary.signals(), primary.summary());
        } else if (!instances.equals(incident.instances())) {
            incidents.append(
                    current.id(),
                    TimelineEntry.of(
                            at, TimelineKind.OBSERVATION, "now affects " + instances, Map.of("instances", instances)));
            current = current.classified(
                    current.rootCause(), current.severity(), instances, current.signals(), current.summary());
        }
        return current;
    }

    private void callHooks(Incident incident, HealingPolicySpec policy, List<HealingAction> calls, AfterCommit after) {
        for (HealingAction call : calls) {
            if (call.dryRun()) {
                continue;
            }
            after.then(() -> healer.callRestartHook(
                    policy.restartHook(),
                    call,
                    incident.rootCause().name(),
                    outcome -> incidents.append(
                            incident.id(),
                            TimelineEntry.of(
                                    clock.instant(),
                                    TimelineKind.ACTION_RESULT,
                                    "restart hook " + outcome,
                                    Map.of("actionId", call.id())))));
        }
    }

    private List<HealingAction> overlayActions(Incident incident, Instant at) {
        return actions.active(incident.id()).stream()
                .filter(action -> action.type() != ActionType.RESTART_HOOK && action.inForceAt(at))
                .toList();
    }

    private HealingContext context(
            Incident incident,
            RouteAssessment assessment,
            RouteSpec route,
            HealingPolicySpec policy,
            double healthyRate) {
        Instant since = Objects.requireNonNullElse(incident.unhealthySince(), assessment.at());
        return new HealingContext(
                incident.id(),
                route,
                policy,
                assessment,
                assessment.at(),
                actions.active(incident.id()),
                healthyRate,
                since);
    }

    private static Finding primary(List<Finding> findings) {
        return findings.stream()
                .min(Comparator.comparing((Finding f) -> f.severity() != Severity.CRITICAL))
                .orElseThrow();
    }

    private static List<String> affected(List<String> known, RouteAssessment assessment) {
        Set<String> urls = new LinkedHashSet<>(known);
        assessment.findings().forEach(finding -> urls.addAll(finding.instances()));
        return List.copyOf(urls);
    }

    /**
     * From the earliest onset among the opening findings to the opening. Onsets are on the gateways' clocks, so a
     * gateway ahead of this service could put one after the opening: that counts as detected at once, never negative.
     */
    private static long timeToDetectMillis(RouteAssessment assessment) {
        Instant onset = assessment.findings().stream()
                .map(Finding::onset)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        return Math.max(0, Duration.between(onset, assessment.at()).toMillis());
    }

    private static Map<String, Object> describe(Incident incident) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", incident.id());
        view.put("route", incident.routeId());
        view.put("rootCause", incident.rootCause().name());
        view.put("severity", incident.severity().name());
        view.put("state", incident.state().name());
        view.put("summary", incident.summary());
        return view;
    }
}
