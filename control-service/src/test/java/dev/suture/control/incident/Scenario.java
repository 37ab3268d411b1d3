package dev.suture.control.incident;

import dev.suture.control.api.PageQuery;
import dev.suture.control.detection.Finding;
import dev.suture.control.detection.RootCause;
import dev.suture.control.detection.RouteAssessment;
import dev.suture.control.detection.Severity;
import dev.suture.control.detection.TrafficStats;
import dev.suture.control.healing.HealingOverlaySource;
import dev.suture.control.policy.PolicyEditor;
import dev.suture.control.route.RouteEditor;
import dev.suture.control.signal.FakeClock;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import dev.suture.model.snapshot.HealingOverlay;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Drives incidents the way the evaluator does: declares routes, moves the clock, feeds assessments. Registered by
 * {@link IncidentTest} only; it is no component, so that other tests' contexts never scan it in.
 */
class Scenario {

    /** How long before a tick {@link #unhealthy} problems began. */
    static final Duration DETECTION_LAG = Duration.ofMillis(2_500);

    private final RouteEditor routes;
    private final PolicyEditor policies;
    private final IncidentTracker tracker;
    private final IncidentHistory history;
    private final HealingOverlaySource overlay;
    private final FakeClock clock;

    Scenario(
            RouteEditor routes,
            PolicyEditor policies,
            IncidentTracker tracker,
            IncidentHistory history,
            HealingOverlaySource overlay,
            FakeClock clock) {
        this.routes = routes;
        this.policies = policies;
        this.tracker = tracker;
        this.history = history;
        this.overlay = overlay;
        this.clock = clock;
    }

    void route(String id, String policy, List<String> upstreams, List<String> fallbacks) {
        routes.create(
                new RouteSpec(id, "/" + id + "/**", null, null, pool(upstreams), pool(fallbacks), null, null, policy),
                "test");
    }

    void route(String id, String... upstreams) {
        route(id, "default", List.of(upstreams), List.of());
    }

    void policy(HealingPolicySpec spec) {
        policies.create(spec, "test");
    }

    Instant now() {
        return clock.instant();
    }

    void ticks(int count, Duration every, String route, Assessment assessment) {
        for (int i = 0; i < count; i++) {
            clock.advance(every);
            tracker.onAssessments(clock.instant(), Map.of(route, assessment.at(clock.instant())));
        }
    }

    /** Ticks every second for this long. */
    void during(Duration length, String route, Assessment assessment) {
        ticks((int) length.toSeconds(), Duration.ofSeconds(1), route, assessment);
    }

    /** A problem that detection dates {@link #DETECTION_LAG} before each tick. */
    Assessment unhealthy(String route, RootCause cause, double requestsPerSecond, String... instances) {
        return at -> problem(route, cause, requestsPerSecond, instances).at(at, at.minus(DETECTION_LAG));
    }

    /** A problem whose signals went bad at {@code onset}, as detection dates it at every tick. */
    Assessment unhealthySince(
            Instant onset, String route, RootCause cause, double requestsPerSecond, String... instances) {
        return at -> problem(route, cause, requestsPerSecond, instances).at(at, onset);
    }

    private Onset problem(String route, RootCause cause, double requestsPerSecond, String[] instances) {
        return (at, onset) -> {
            Finding finding = new Finding(
                    route,
                    cause,
                    cause == RootCause.SERVICE_FAILING ? Severity.CRITICAL : Severity.MAJOR,
                    List.of(instances),
                    Map.of("errorRate", 0.62, "requests", 40.0, "threshold", 0.5, "windowSeconds", 10.0),
                    cause + " on " + (instances.length == 0 ? route : String.join(",", instances)),
                    onset);
            return new RouteAssessment(route, at, true, stats(requestsPerSecond), Map.of(), List.of(finding));
        };
    }

    Assessment healthy(String route, double requestsPerSecond) {
        return at -> new RouteAssessment(route, at, true, stats(requestsPerSecond), Map.of(), List.of());
    }

    Assessment noData(String route) {
        return at -> new RouteAssessment(route, at, false, TrafficStats.NONE, Map.of(), List.of());
    }

    HealingOverlay overlay() {
        return overlay.currentOverlay();
    }

    List<Incident> incidents(String route) {
        return history.page(new IncidentFilter(null, route, null, null, null), new PageQuery(0, 50))
                .items();
    }

    IncidentDetail only(String route) {
        List<Incident> incidents = incidents(route);
        if (incidents.size() != 1) {
            throw new AssertionError("expected one incident of " + route + " but found " + incidents);
        }
        return history.get(incidents.get(0).id());
    }

    IncidentTracker tracker() {
        return tracker;
    }

    private static TrafficStats stats(double requestsPerSecond) {
        return new TrafficStats((long) (requestsPerSecond * 10), requestsPerSecond, 0, 0, 0, 0, 0, 20, 80);
    }

    private static List<UpstreamSpec> pool(List<String> urls) {
        return urls.stream().map(url -> new UpstreamSpec(url, null)).toList();
    }

    /** An assessment not yet placed in time. */
    interface Assessment {
        RouteAssessment at(Instant at);
    }

    /** An unhealthy assessment not yet placed in time, nor its problem's onset. */
    private interface Onset {
        RouteAssessment at(Instant at, Instant onset);
    }
}
