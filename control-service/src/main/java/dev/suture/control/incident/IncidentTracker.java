package dev.suture.control.incident;

import dev.suture.control.detection.AssessmentListener;
import dev.suture.control.detection.RouteAssessment;
import dev.suture.control.fleet.FleetMembership;
import dev.suture.control.healing.HealingOverlaySource;
import dev.suture.control.policy.PolicyCatalog;
import dev.suture.control.route.RouteCatalog;
import dev.suture.control.snapshot.ConfigPublisher;
import dev.suture.control.snapshot.SnapshotPublished;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.snapshot.HealingOverlay;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns each tick's assessments into incidents: opens one when a route without an incident has findings, and moves
 * each unresolved incident on by one tick. At most one incident per route is unresolved, so a problem that goes on,
 * changes its root cause, or flaps stays one incident.
 *
 * <p>Threading: ticks arrive in order on the evaluator's thread; {@link #onAssessments} is synchronized anyway, so that
 * a second caller (a test, a manual re-evaluation) can never interleave with a tick and double an action. Each
 * route's tick runs in its own transaction, and the in-memory incident is replaced only after that commits. Config
 * versions arrive on the publisher's thread and only read the set of incidents waiting for a version, which is a
 * concurrent set for that reason.
 */
@Component
public class IncidentTracker implements AssessmentListener, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(IncidentTracker.class);

    private final IncidentStore store;
    private final IncidentCourse course;
    private final RouteCatalog routes;
    private final PolicyCatalog policies;
    private final HealingOverlaySource overlay;
    private final FleetMembership fleet;
    private final ConfigPublisher publisher;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Map<String, Incident> unresolved = new ConcurrentHashMap<>();
    private final Map<String, Double> healthyRates = new HashMap<>();
    private final Set<Long> awaitingVersion = ConcurrentHashMap.newKeySet();

    IncidentTracker(
            IncidentStore store,
            IncidentCourse course,
            RouteCatalog routes,
            PolicyCatalog policies,
            HealingOverlaySource overlay,
            FleetMembership fleet,
            ConfigPublisher publisher,
            TransactionTemplate transactions,
            IncidentMetrics metrics,
            Clock clock) {
        this.store = store;
        this.course = course;
        this.routes = routes;
        this.policies = policies;
        this.overlay = overlay;
        this.fleet = fleet;
        this.publisher = publisher;
        this.transactions = transactions;
        this.clock = clock;
        metrics.openIncidents(unresolved::size);
    }

    /** Continues every incident that was not resolved when the service stopped; their actions are still stored. */
    @Override
    public void afterSingletonsInstantiated() {
        reload();
    }

    /** Reads the unresolved incidents from the database again, as on start. */
    public synchronized void reload() {
        unresolved.clear();
        store.unresolved().forEach(incident -> unresolved.put(incident.routeId(), incident));
        if (!unresolved.isEmpty()) {
            log.info("continuing {} unresolved incidents routes={}", unresolved.size(), unresolved.keySet());
        }
    }

    /** The unresolved incident of each route that has one. */
    public Map<String, Incident> unresolvedByRoute() {
        return Map.copyOf(unresolved);
    }

    @Override
    public synchronized void onAssessments(Instant at, Map<String, RouteAssessment> assessmentsByRoute) {
        boolean fleetChanged = overlay.gatewaysConnected(fleet.connectedGateways());
        boolean anyFinding =
                assessmentsByRoute.values().stream().anyMatch(a -> !a.findings().isEmpty());
        if (!anyFinding && unresolved.isEmpty()) {
            assessmentsByRoute.values().forEach(this::rememberHealthyRate);
            return;
        }

        Map<String, RouteSpec> declared =
                routes.allSpecs().stream().collect(Collectors.toMap(RouteSpec::id, Function.identity()));
        Map<String, HealingPolicySpec> policyByName =
                policies.allSpecs().stream().collect(Collectors.toMap(HealingPolicySpec::name, Function.identity()));
        List<String> overlayCauses = new ArrayList<>();
        for (RouteAssessment assessment : assessmentsByRoute.values()) {
            RouteSpec route = declared.get(assessment.routeId());
            HealingPolicySpec policy = route == null ? null : policyByName.get(route.policy());
            if (route != null && policy != null) {
                tick(assessment, route, policy, overlayCauses);
            }
        }
        for (Incident incident : List.copyOf(unresolved.values())) {
            if (!declared.containsKey(incident.routeId())) {
                run(incident.routeId(), after -> course.routeRemoved(incident, at, after), overlayCauses);
            }
        }
        if (fleetChanged && hasRateLimits()) {
            overlayCauses.add("fleet size changed");
        }
        if (!overlayCauses.isEmpty()) {
            publisher.requestBuild("healing: " + String.join(", ", overlayCauses));
        }
    }

    /** Records the version that carries an incident's overlay change in its timeline. */
    @EventListener
    void onSnapshotPublished(SnapshotPublished published) {
        long version = published.snapshot().version();
        HealingOverlay carried = published.snapshot().overlay();
        for (Long incidentId : List.copyOf(awaitingVersion)) {
            if (awaitingVersion.remove(incidentId)) {
                store.append(
                        incidentId,
                        TimelineEntry.of(
                                clock.instant(),
                                TimelineKind.CONFIG_PUSHED,
                                "config version " + version + " published with the healing change",
                                Map.of(
                                        "version",
                                        version,
                                        "ejections",
                                        carried.ejections().size(),
                                        "failovers",
                                        carried.failovers().size(),
                                        "probations",
                                        carried.probations().size(),
                                        "rateLimits",
                                        carried.rateLimits().size())));
            }
        }
    }

    private void tick(RouteAssessment assessment, RouteSpec route, HealingPolicySpec policy, List<String> causes) {
        Incident incident = unresolved.get(route.id());
        double healthyRate = healthyRates.getOrDefault(route.id(), 0.0);
        if (incident == null) {
            rememberHealthyRate(assessment);
            if (assessment.enoughData() && !assessment.findings().isEmpty()) {
                run(route.id(), after -> course.open(assessment, route, policy, healthyRate, after), causes);
            }
            return;
        }
        run(route.id(), after -> course.advance(incident, assessment, route, policy, healthyRate, after), causes);
    }

    private void run(String routeId, Function<AfterCommit, Incident> step, List<String> causes) {
        AfterCommit after = new AfterCommit();
        Incident result;
        try {
            result = transactions.execute(status -> step.apply(after));
        } catch (RuntimeException e) {
            // The route's tick rolled back whole; the next tick tries again from the stored state.
            log.error("incident tick failed route={}: {}", routeId, e.toString(), e);
            return;
        }
        if (result == null) {
            return;
        }
        if (result.active()) {
            unresolved.put(routeId, result);
        } else {
            unresolved.remove(routeId);
        }
        if (after.isOverlayChanged()) {
            awaitingVersion.add(result.id());
            causes.add(routeId);
        }
        after.run();
    }

    private void rememberHealthyRate(RouteAssessment assessment) {
        if (assessment.healthy()) {
            healthyRates.put(assessment.routeId(), assessment.route().requestsPerSecond());
        }
    }

    private boolean hasRateLimits() {
        return !overlay.currentOverlay().rateLimits().isEmpty();
    }
}
