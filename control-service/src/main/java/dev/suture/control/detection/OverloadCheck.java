package dev.suture.control.detection;

import dev.suture.control.signal.RouteWindow;
import dev.suture.model.policy.OverloadThreshold;
import dev.suture.model.signal.LatencyBuckets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RootCause#OVERLOAD}: the route's request rate rose by the policy's traffic factor over the window before,
 * and its p99 latency rose by the latency factor with it, beyond what the histogram's bucket widths could explain.
 *
 * <p>Rates are requests per reported gateway-second, not per second: a gateway silent in one window and back in the
 * next does not look like a traffic spike. The previous window is the baseline and needs as many requests as the
 * current one, and traffic through at least the last four fifths of it: a route that just started taking traffic has no
 * baseline, and missing data never fires the rule.
 *
 * <p>The onset is the first second of the window whose own p99 reached the latency factor over the previous window's.
 */
final class OverloadCheck {

    private final OverloadThreshold rule;

    OverloadCheck(OverloadThreshold rule) {
        this.rule = rule;
    }

    Optional<Finding> check(String routeId, Windows windows, Severity severity) {
        RouteWindow current = windows.of(rule.windowSeconds());
        RouteWindow previous = windows.before(rule.windowSeconds(), rule.windowSeconds());
        long requests = current.route().requests();
        if (requests < rule.minRequests()
                || previous.route().requests() < rule.minRequests()
                || !hasBaseline(windows)) {
            return Optional.empty();
        }
        double rate = perGatewaySecond(current);
        double previousRate = perGatewaySecond(previous);
        long p99 = current.route().percentileMs(99);
        long previousP99 = previous.route().percentileMs(99);
        // Percentiles are bucket bounds, so a one-bucket step can look like a doubling: the rise must hold even when
        // the current p99 is as low as its bucket allows and the previous one as high.
        if (rate < rule.trafficIncreaseFactor() * previousRate
                || previousP99 == 0
                || LatencyBuckets.lowerBoundMs(p99) < rule.latencyIncreaseFactor() * previousP99) {
            return Optional.empty();
        }
        Map<String, Double> signals = Map.of(
                "trafficFactor", rate / previousRate,
                "latencyFactor", (double) p99 / previousP99,
                "requests", (double) requests,
                "previousRequests", (double) previous.route().requests(),
                "p99Ms", (double) p99,
                "previousP99Ms", (double) previousP99,
                "windowSeconds", (double) rule.windowSeconds());
        String summary =
                "traffic %.1fx and p99 %dms -> %dms (%.1fx) over the previous %ds, %d requests (limits %sx, %sx)"
                        .formatted(
                                rate / previousRate,
                                previousP99,
                                p99,
                                (double) p99 / previousP99,
                                rule.windowSeconds(),
                                requests,
                                rule.trafficIncreaseFactor(),
                                rule.latencyIncreaseFactor());
        double slowP99 = rule.latencyIncreaseFactor() * previousP99;
        long onset = windows.onset(null, rule.windowSeconds(), second -> second.percentileMs(99) >= slowP99);
        return Optional.of(new Finding(
                routeId, RootCause.OVERLOAD, severity, List.of(), signals, summary, Instant.ofEpochSecond(onset)));
    }

    /**
     * Whether the route had traffic through most of the previous window: a route that started taking traffic a moment
     * before it has no baseline to compare with, however many requests that moment held.
     */
    private boolean hasBaseline(Windows windows) {
        int both = 2 * rule.windowSeconds();
        long firstTraffic =
                windows.firstSecond(null, both, second -> second.requests() > 0).orElse(Long.MAX_VALUE);
        return firstTraffic <= windows.start(both) + rule.windowSeconds() / 5;
    }

    private static double perGatewaySecond(RouteWindow window) {
        return (double) window.route().requests() / Math.max(1, window.gatewaySeconds());
    }
}
