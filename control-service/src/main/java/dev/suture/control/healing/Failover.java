package dev.suture.control.healing;

import dev.suture.control.detection.Finding;
import dev.suture.control.detection.RootCause;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Sends a failing service's route to its fallback pool, and probes the primary pool to come back.
 *
 * <p>While failed over the primary pool takes no traffic, so its own signals say nothing. The probe is therefore the
 * route itself: once the route has been healthy on the fallback for the recovery hold, the failover is lifted and the
 * incident keeps recovering on the primary pool for another hold. If the primary still fails, detection reports
 * SERVICE_FAILING again and the same incident fails over again; otherwise the incident resolves.
 */
@Component
class Failover {

    /** A failover when the whole service fails and the route has somewhere else to go. */
    List<Decision> failOver(HealingContext context) {
        if (context.route().fallbackUpstreams().isEmpty()
                || !context.active(ActionType.FAILOVER).isEmpty()) {
            return List.of();
        }
        return context.findings(RootCause.SERVICE_FAILING).stream()
                .findFirst()
                .map(finding -> List.of(failOver(context, finding)))
                .orElse(List.of());
    }

    /** Lifts the failover to probe the primary pool; called once the route has been healthy for the hold. */
    List<Decision> probe(HealingContext context) {
        return context.active(ActionType.FAILOVER).stream()
                .map(failover -> Decision.end(
                        failover, "healthy on the fallback pool for the hold: probing the primary pool again"))
                .toList();
    }

    private Decision failOver(HealingContext context, Finding finding) {
        String reason = Ejector.truncate("SERVICE_FAILING: " + finding.summary());
        HealingAction action = HealingAction.of(context, ActionType.FAILOVER, null, null, reason);
        return Decision.apply(
                action,
                "whole primary pool failing, "
                        + context.route().fallbackUpstreams().size() + " fallback instances take the traffic",
                finding.signals());
    }
}
