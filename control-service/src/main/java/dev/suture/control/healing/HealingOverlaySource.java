package dev.suture.control.healing;

import dev.suture.control.snapshot.OverlaySource;
import dev.suture.model.snapshot.HealingOverlay;
import dev.suture.model.snapshot.InstanceEjection;
import dev.suture.model.snapshot.InstanceProbation;
import dev.suture.model.snapshot.RouteFailover;
import dev.suture.model.snapshot.RouteRateLimit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * The healing overlay as the stored actions in force make it up. Read from the database at each build, so it is the
 * same before and after a restart; dry-run actions never reach it.
 *
 * <p>Thread-safe. The fleet size is pushed in by incident handling rather than read from the fleet, because the fleet
 * streams depend on the config publisher, which depends on this source.
 */
@Component
public class HealingOverlaySource implements OverlaySource {

    private final ActionStore actions;
    private final Clock clock;
    private volatile int gatewayCount = 1;

    HealingOverlaySource(ActionStore actions, Clock clock) {
        this.actions = actions;
        this.clock = clock;
    }

    /** Sets how many gateways share each rate limit; true when that changed. */
    public boolean gatewaysConnected(int connected) {
        int count = Math.max(1, connected);
        boolean changed = count != gatewayCount;
        gatewayCount = count;
        return changed;
    }

    @Override
    public HealingOverlay currentOverlay() {
        Instant now = clock.instant();
        List<InstanceEjection> ejections = new ArrayList<>();
        List<RouteFailover> failovers = new ArrayList<>();
        List<InstanceProbation> probations = new ArrayList<>();
        List<RouteRateLimit> rateLimits = new ArrayList<>();
        for (HealingAction action : actions.allApplied()) {
            if (!action.inForceAt(now)) {
                continue;
            }
            switch (action.type()) {
                case EJECTION ->
                    ejections.add(new InstanceEjection(
                            action.routeId(), action.url(), Objects.requireNonNull(action.until()), action.reason()));
                case PROBATION ->
                    probations.add(new InstanceProbation(
                            action.routeId(), action.url(), action.trafficPercent(), action.until()));
                case FAILOVER -> failovers.add(new RouteFailover(action.routeId(), action.reason()));
                case RATE_LIMIT ->
                    rateLimits.add(new RouteRateLimit(
                            action.routeId(),
                            action.capRequestsPerSecond(),
                            gatewayCount,
                            action.retryAfterSeconds(),
                            action.reason()));
                default -> {} // a restart hook call is history, not overlay
            }
        }
        return new HealingOverlay(ejections, failovers, probations, rateLimits);
    }
}
