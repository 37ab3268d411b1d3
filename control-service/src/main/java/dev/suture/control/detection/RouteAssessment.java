package dev.suture.control.detection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state of one route at one evaluation tick, fleet-wide: its traffic, each instance's traffic, and what is wrong.
 *
 * @param routeId the route
 * @param at when the evaluation ran (the control service's clock)
 * @param enoughData whether fresh reports held enough requests to judge the route; when false, an empty
 *     {@code findings} means "unknown", not "healthy", and no action may be taken on missing data alone
 * @param route the route's traffic over the policy's error-rate window
 * @param instances each instance's traffic over the same window, by URL (instances without traffic are absent)
 * @param findings problems found, empty when the route is healthy (given {@code enoughData})
 */
public record RouteAssessment(
        String routeId,
        Instant at,
        boolean enoughData,
        TrafficStats route,
        Map<String, TrafficStats> instances,
        List<Finding> findings) {

    public RouteAssessment {
        instances = Map.copyOf(instances);
        findings = List.copyOf(findings);
    }

    public boolean healthy() {
        return enoughData && findings.isEmpty();
    }
}
