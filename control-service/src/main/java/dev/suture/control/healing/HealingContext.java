package dev.suture.control.healing;

import dev.suture.control.detection.Finding;
import dev.suture.control.detection.RootCause;
import dev.suture.control.detection.RouteAssessment;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an action needs to decide for one incident at one tick.
 *
 * @param incidentId the incident acted for
 * @param route the route as declared
 * @param policy the route's healing policy
 * @param assessment this tick's assessment of the route
 * @param now the tick's time
 * @param active the incident's actions in force (dry-run ones too, so a dry run follows the same course)
 * @param healthyRequestsPerSecond the route's rate when last seen healthy before the incident; 0 when unknown
 * @param unhealthySince since when the route has been unhealthy without a break
 */
public record HealingContext(
        long incidentId,
        RouteSpec route,
        HealingPolicySpec policy,
        RouteAssessment assessment,
        Instant now,
        List<HealingAction> active,
        double healthyRequestsPerSecond,
        Instant unhealthySince) {

    public HealingContext {
        active = List.copyOf(active);
    }

    public boolean dryRun() {
        return policy.dryRun();
    }

    List<Finding> findings(RootCause... causes) {
        List<RootCause> wanted = List.of(causes);
        return assessment.findings().stream()
                .filter(f -> wanted.contains(f.rootCause()))
                .toList();
    }

    List<HealingAction> active(ActionType type) {
        return active.stream().filter(a -> a.type() == type).toList();
    }

    Optional<HealingAction> active(ActionType type, String url) {
        return active.stream()
                .filter(a -> a.type() == type && url.equals(a.url()))
                .findFirst();
    }
}
