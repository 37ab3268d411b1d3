package dev.suture.control.detection;

import dev.suture.control.signal.RouteWindow;
import dev.suture.control.signal.WindowCounts;
import dev.suture.model.policy.RateThreshold;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link RootCause#CREDENTIALS_REJECTED}: over the auth-failure window the route's upstreams answered 401 or 403 to
 * at least the threshold share of attempts. Judged for the route as a whole, since credentials are usually the
 * route's; the finding names the instances that refused.
 */
final class CredentialsCheck {

    private final RateThreshold rule;

    CredentialsCheck(RateThreshold rule) {
        this.rule = rule;
    }

    Optional<Finding> check(String routeId, Windows windows, Severity severity) {
        RouteWindow window = windows.of(rule.windowSeconds());
        WindowCounts route = window.route();
        if (!InstanceCheck.fires(rule, route.authFailures(), route.attempts())) {
            return Optional.empty();
        }
        double rate = (double) route.authFailures() / route.attempts();
        List<String> refusing = window.instances().entrySet().stream()
                .filter(entry -> entry.getValue().authFailures() > 0)
                .map(entry -> entry.getKey())
                .sorted()
                .toList();
        String summary = "%d of %d attempts answered 401/403 in %ds (limit %s)"
                .formatted(route.authFailures(), route.attempts(), rule.windowSeconds(), rule.threshold());
        return Optional.of(new Finding(
                routeId,
                RootCause.CREDENTIALS_REJECTED,
                severity,
                refusing,
                InstanceCheck.rateSignals(
                        "authFailureRate", rate, route.attempts(), rule.threshold(), rule.windowSeconds()),
                summary,
                Instant.ofEpochSecond(windows.onset(null, rule.windowSeconds(), second -> second.authFailures() > 0))));
    }
}
