package dev.suture.control.detection;

import dev.suture.control.signal.RouteWindow;
import dev.suture.control.signal.WindowCounts;
import dev.suture.model.policy.ConnectionFailureThreshold;
import dev.suture.model.policy.DetectionSpec;
import dev.suture.model.policy.LatencyThreshold;
import dev.suture.model.policy.RateThreshold;
import dev.suture.model.signal.Outcome;
import java.util.Map;
import java.util.Optional;

/**
 * Judges one instance against the policy's instance rules, and names at most one problem, the most specific first:
 *
 * <ol>
 *   <li>{@link RootCause#INSTANCE_DOWN}: consecutive connection failures reached the rule, or most attempts (over the
 *       error-rate window, with its minimum requests) failed to connect, or the timeout rule fired and connect
 *       timeouts are at least as many as response timeouts;
 *   <li>{@link RootCause#INSTANCE_ERRORS}: the error-rate rule fired and timeouts are not most of the errors;
 *   <li>{@link RootCause#INSTANCE_SLOW}: the timeout rule fired with response timeouts dominating (the instance
 *       accepts connections but does not answer in time), or the latency percentile reached its limit.
 * </ol>
 *
 * <p>Each problem carries its onset, read from the instance's per-second counts over the rule's window: the second of
 * the streak's first failure for consecutive connection failures, the first second with a failure of the rule's kind
 * for the rate rules, the first second whose own percentile reached the limit for latency.
 */
final class InstanceCheck {

    private final DetectionSpec spec;
    private final Windows windows;

    InstanceCheck(DetectionSpec spec, Windows windows) {
        this.spec = spec;
        this.windows = windows;
    }

    Optional<InstanceProblem> check(String url) {
        return consecutiveFailures(url)
                .or(() -> mostlyConnectionFailures(url))
                .or(() -> timeoutsOrErrors(url))
                .or(() -> slowResponses(url));
    }

    private Optional<InstanceProblem> consecutiveFailures(String url) {
        ConnectionFailureThreshold rule = spec.connectionFailures();
        RouteWindow window = windows.of(rule.windowSeconds());
        int consecutive = window.consecutiveConnectionFailures().getOrDefault(url, 0);
        if (consecutive < rule.consecutive()) {
            return Optional.empty();
        }
        // A streak older than the window (rare traffic, or a count carried across a long pause) dates from its start.
        long windowStart = windows.start(rule.windowSeconds());
        long onset = Math.max(window.streakStarts().getOrDefault(url, windowStart), windowStart);
        Map<String, Double> signals = Map.of(
                "consecutiveConnectionFailures", (double) consecutive,
                "threshold", (double) rule.consecutive(),
                "windowSeconds", (double) rule.windowSeconds());
        String summary =
                "%d connection failures in a row to %s (limit %d)".formatted(consecutive, url, rule.consecutive());
        return Optional.of(
                new InstanceProblem(url, RootCause.INSTANCE_DOWN, true, consecutive, signals, summary, onset));
    }

    private Optional<InstanceProblem> mostlyConnectionFailures(String url) {
        RateThreshold rule = spec.errorRate();
        WindowCounts counts = windows.of(rule.windowSeconds()).instance(url);
        long attempts = counts.attempts();
        if (attempts < rule.minRequests() || 2 * counts.connectionFailures() <= attempts) {
            return Optional.empty();
        }
        double rate = (double) counts.connectionFailures() / attempts;
        String summary = "%d of %d attempts to %s failed to connect in %ds"
                .formatted(counts.connectionFailures(), attempts, url, rule.windowSeconds());
        return Optional.of(new InstanceProblem(
                url,
                RootCause.INSTANCE_DOWN,
                true,
                rate,
                rateSignals("connectionFailureRate", rate, attempts, 0.5, rule.windowSeconds()),
                summary,
                windows.onset(url, rule.windowSeconds(), second -> second.connectionFailures() > 0)));
    }

    private Optional<InstanceProblem> timeoutsOrErrors(String url) {
        RateThreshold timeoutRule = spec.timeouts();
        WindowCounts timeoutCounts = windows.of(timeoutRule.windowSeconds()).instance(url);
        RateThreshold errorRule = spec.errorRate();
        WindowCounts errorCounts = windows.of(errorRule.windowSeconds()).instance(url);
        boolean timeoutsFire = fires(timeoutRule, timeoutCounts.timeouts(), timeoutCounts.attempts());
        boolean errorsFire = fires(errorRule, errorCounts.errors(), errorCounts.attempts());
        boolean timeoutsDominateErrors = 2 * errorCounts.timeouts() > errorCounts.errors();

        if (timeoutsFire
                && timeoutCounts.count(Outcome.CONNECT_TIMEOUT) >= timeoutCounts.count(Outcome.RESPONSE_TIMEOUT)) {
            return Optional.of(timeouts(url, RootCause.INSTANCE_DOWN, "timed out connecting", timeoutCounts));
        }
        if (errorsFire && !(timeoutsFire && timeoutsDominateErrors)) {
            return Optional.of(errors(url, errorCounts));
        }
        if (timeoutsFire) {
            return Optional.of(timeouts(url, RootCause.INSTANCE_SLOW, "timed out", timeoutCounts));
        }
        return Optional.empty();
    }

    private InstanceProblem timeouts(String url, RootCause cause, String what, WindowCounts counts) {
        RateThreshold rule = spec.timeouts();
        double rate = (double) counts.timeouts() / counts.attempts();
        String summary = "%d of %d attempts to %s %s in %ds (limit %s)"
                .formatted(counts.timeouts(), counts.attempts(), url, what, rule.windowSeconds(), rule.threshold());
        return new InstanceProblem(
                url,
                cause,
                true,
                rate,
                rateSignals("timeoutRate", rate, counts.attempts(), rule.threshold(), rule.windowSeconds()),
                summary,
                windows.onset(url, rule.windowSeconds(), second -> second.timeouts() > 0));
    }

    private InstanceProblem errors(String url, WindowCounts counts) {
        RateThreshold rule = spec.errorRate();
        double rate = (double) counts.errors() / counts.attempts();
        String summary = "%d of %d attempts to %s failed in %ds (limit %s)"
                .formatted(counts.errors(), counts.attempts(), url, rule.windowSeconds(), rule.threshold());
        return new InstanceProblem(
                url,
                RootCause.INSTANCE_ERRORS,
                true,
                rate,
                rateSignals("errorRate", rate, counts.attempts(), rule.threshold(), rule.windowSeconds()),
                summary,
                windows.onset(url, rule.windowSeconds(), second -> second.errors() > 0));
    }

    private Optional<InstanceProblem> slowResponses(String url) {
        LatencyThreshold rule = spec.latency();
        WindowCounts counts = windows.of(rule.windowSeconds()).instance(url);
        long latencyMs = counts.percentileMs(rule.percentile());
        if (counts.attempts() < rule.minRequests() || latencyMs < rule.thresholdMs()) {
            return Optional.empty();
        }
        Map<String, Double> signals = Map.of(
                "latencyMs", (double) latencyMs,
                "percentile", rule.percentile(),
                "thresholdMs", (double) rule.thresholdMs(),
                "requests", (double) counts.attempts(),
                "windowSeconds", (double) rule.windowSeconds());
        String summary = "p%s of %s is %dms over %d attempts in %ds (limit %dms)"
                .formatted(
                        percentileName(rule.percentile()),
                        url,
                        latencyMs,
                        counts.attempts(),
                        rule.windowSeconds(),
                        rule.thresholdMs());
        return Optional.of(new InstanceProblem(
                url, RootCause.INSTANCE_SLOW, false, latencyMs, signals, summary, slowSince(url, rule)));
    }

    /**
     * The first second whose own percentile reached the limit; failing that (single seconds can each sit just under
     * the window's percentile), the first second with an answer at or over the limit.
     */
    private long slowSince(String url, LatencyThreshold rule) {
        return windows.firstSecond(
                        url,
                        rule.windowSeconds(),
                        second -> second.percentileMs(rule.percentile()) >= rule.thresholdMs())
                .orElseGet(() -> windows.onset(
                        url, rule.windowSeconds(), second -> second.attemptsAtLeastMs(rule.thresholdMs()) > 0));
    }

    static boolean fires(RateThreshold rule, long matching, long attempts) {
        return attempts >= rule.minRequests() && matching >= rule.threshold() * attempts;
    }

    static Map<String, Double> rateSignals(
            String name, double rate, long requests, double threshold, int windowSeconds) {
        return Map.of(name, rate, "requests", (double) requests, "threshold", threshold, "windowSeconds", (double)
                windowSeconds);
    }

    static String percentileName(double percentile) {
        return percentile == Math.rint(percentile) ? String.valueOf((long) percentile) : String.valueOf(percentile);
    }
}
