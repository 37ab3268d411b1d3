package dev.suture.control.healing;

import dev.suture.control.detection.Finding;
import dev.suture.control.detection.RootCause;
import dev.suture.model.policy.TrafficShapingSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Caps an overloaded route's request rate, or a failing route's that has no fallback pool, and ramps the cap back.
 *
 * <p>The cap starts at {@code max(minCapFraction × healthy rate, 1 rps)} fleet-wide, where the healthy rate is the
 * route's rate when last seen healthy before the incident, or its current rate when it was never seen healthy. With
 * neither (a route whose first traffic is failing) no cap is set: it would be a guess. While the route is healthy the
 * cap is multiplied by {@code rampFactor} every {@code rampIntervalSeconds}; once it passes the healthy rate it is
 * lifted. While the route is unhealthy the cap holds where it is.
 */
@Component
class TrafficShaper {

    /** A rate limit when the route is overloaded, or failing with no fallback pool. */
    List<Decision> shape(HealingContext context) {
        if (!context.active(ActionType.RATE_LIMIT).isEmpty()) {
            return List.of();
        }
        List<Finding> overload = context.findings(RootCause.OVERLOAD);
        List<Finding> failing =
                context.route().fallbackUpstreams().isEmpty() ? context.findings(RootCause.SERVICE_FAILING) : List.of();
        Finding finding = !overload.isEmpty() ? overload.get(0) : failing.isEmpty() ? null : failing.get(0);
        if (finding == null) {
            return List.of();
        }
        TrafficShapingSpec spec = context.policy().trafficShaping();
        if (!spec.enabled()) {
            return List.of(Decision.refuse(
                    finding.rootCause() + " needs traffic shaping, which the policy disables", finding.signals()));
        }
        double baseline = context.healthyRequestsPerSecond() > 0
                ? context.healthyRequestsPerSecond()
                : context.assessment().route().requestsPerSecond();
        if (baseline <= 0) {
            // A cap is a share of a rate; without one it would be a guess, and a low guess starves the route.
            return List.of(Decision.refuse(
                    finding.rootCause() + " needs traffic shaping, but no request rate of the route is known yet to"
                            + " base a cap on",
                    finding.signals()));
        }
        return List.of(limit(context, finding, spec, baseline));
    }

    /** The next ramp step, or lifting the cap, while the route is healthy. */
    List<Decision> ramp(HealingContext context) {
        TrafficShapingSpec spec = context.policy().trafficShaping();
        Duration interval = Duration.ofSeconds(spec.rampIntervalSeconds());
        for (HealingAction limit : context.active(ActionType.RATE_LIMIT)) {
            if (context.now().isBefore(limit.startedAt().plus(interval))) {
                continue;
            }
            double next = limit.capRequestsPerSecond() * spec.rampFactor();
            if (next > limit.baselineRequestsPerSecond()) {
                return List.of(Decision.end(limit, "cap ramped past the pre-incident rate: lifted"));
            }
            HealingAction raised = HealingAction.of(context, ActionType.RATE_LIMIT, null, null, limit.reason())
                    .withCap(next, limit.baselineRequestsPerSecond(), limit.retryAfterSeconds());
            return List.of(
                    Decision.end(limit, "ramping up"),
                    Decision.relax(raised, String.format(Locale.ROOT, "cap raised to %.1f rps", next)));
        }
        return List.of();
    }

    private Decision limit(HealingContext context, Finding finding, TrafficShapingSpec spec, double baseline) {
        double cap = Math.max(spec.minCapFraction() * baseline, 1.0);
        String reason = Ejector.truncate(finding.rootCause() + ": " + finding.summary());
        HealingAction action = HealingAction.of(context, ActionType.RATE_LIMIT, null, null, reason)
                .withCap(cap, baseline, spec.retryAfterSeconds());
        return Decision.apply(
                action,
                String.format(
                        Locale.ROOT,
                        "capped at %.1f rps fleet-wide (%.2f x healthy rate %.1f rps)",
                        cap,
                        spec.minCapFraction(),
                        baseline),
                Map.of("healthyRequestsPerSecond", baseline, "capRequestsPerSecond", cap));
    }
}
