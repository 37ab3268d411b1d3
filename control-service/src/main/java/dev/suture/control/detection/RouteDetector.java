package dev.suture.control.detection;

import dev.suture.control.signal.RouteWindow;
import dev.suture.control.signal.SignalWindows;
import dev.suture.control.signal.WindowCounts;
import dev.suture.model.policy.DetectionSpec;
import dev.suture.model.policy.RateThreshold;
import dev.suture.model.route.RouteSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Assesses one route at one instant: reads its windows, judges each instance that had traffic ({@link
 * InstanceCheck}), decides whether the failing instances are a few (one finding per root cause, naming them) or most
 * of the pool ({@link RootCause#SERVICE_FAILING}), and adds the route-wide rules ({@link CredentialsCheck}, {@link
 * OverloadCheck}).
 *
 * <p>The pool is the instances with traffic in any window read; an ejected instance without traffic is not in it. The
 * service is failing when failing instances are more than half of the pool (over a window with the error rule's
 * minimum of attempts), or when the route's error rate reached the threshold with every instance of the pool showing
 * errors (each may be below its own minimum of requests).
 *
 * <p>Each finding dates its onset from the per-second counts: an instance finding from the earliest onset among the
 * instances it names, the failing service from the earliest of its failing instances and the route's first second
 * with a failed request in the error-rate window.
 *
 * <p>Thread-safe: holds no state between calls.
 */
final class RouteDetector {

    private final SignalWindows signals;

    RouteDetector(SignalWindows signals) {
        this.signals = signals;
    }

    RouteAssessment assess(RouteSpec route, DetectionSpec spec, Instant at) {
        Windows windows = new Windows(signals, route.id(), at.getEpochSecond());
        RateThreshold errorRule = spec.errorRate();
        RouteWindow errorWindow = windows.of(errorRule.windowSeconds());
        RouteWindow connectionWindow = windows.of(spec.connectionFailures().windowSeconds());
        Set<String> pool = pool(spec, windows);
        InstanceCheck check = new InstanceCheck(spec, windows);
        List<InstanceProblem> problems =
                pool.stream().map(check::check).flatMap(Optional::stream).toList();

        Severity severity = severity(errorRule, errorWindow.route(), pool, problems);
        List<Finding> findings = new ArrayList<>(
                instanceFindings(route.id(), errorRule, windows, errorWindow, pool, problems, severity));
        new CredentialsCheck(spec.authFailures())
                .check(route.id(), windows, severity)
                .ifPresent(findings::add);
        new OverloadCheck(spec.overload()).check(route.id(), windows, severity).ifPresent(findings::add);
        findings.sort(Comparator.comparing(Finding::rootCause));

        long requests = total(errorWindow.route());
        return new RouteAssessment(
                route.id(),
                at,
                requests >= errorRule.minRequests() || !findings.isEmpty(),
                routeStats(errorWindow, connectionWindow),
                instanceStats(errorWindow, connectionWindow),
                findings);
    }

    private static Set<String> pool(DetectionSpec spec, Windows windows) {
        Set<String> pool = new TreeSet<>();
        for (int seconds : List.of(
                spec.errorRate().windowSeconds(),
                spec.timeouts().windowSeconds(),
                spec.latency().windowSeconds(),
                spec.connectionFailures().windowSeconds())) {
            RouteWindow window = windows.of(seconds);
            pool.addAll(window.instances().keySet());
            pool.addAll(window.consecutiveConnectionFailures().keySet());
        }
        return pool;
    }

    private static List<Finding> instanceFindings(
            String routeId,
            RateThreshold errorRule,
            Windows windows,
            RouteWindow errorWindow,
            Set<String> pool,
            List<InstanceProblem> problems,
            Severity severity) {
        List<InstanceProblem> failing =
                problems.stream().filter(InstanceProblem::failing).toList();
        // More than half, as Envoy's default panic threshold: with one of two instances failing, the other can take
        // the traffic once the failing one is ejected (the ejection cap allows half a pool out), which is better
        // for clients than failing the whole route over or shaping it.
        boolean mostFail =
                !failing.isEmpty() && 2 * failing.size() > pool.size() && judgesThePool(errorRule, errorWindow.route());
        if (!mostFail && !allAffected(errorRule, errorWindow, pool)) {
            return grouped(routeId, problems, severity);
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(serviceFailing(routeId, errorRule, windows, errorWindow, pool, failing, severity));
        findings.addAll(
                grouped(routeId, problems.stream().filter(p -> !p.failing()).toList(), severity));
        return findings;
    }

    /** The route's error rate reached the threshold and every instance with traffic had errors. */
    private static boolean allAffected(RateThreshold errorRule, RouteWindow errorWindow, Set<String> pool) {
        WindowCounts route = errorWindow.route();
        return !pool.isEmpty()
                && InstanceCheck.fires(errorRule, failed(route), total(route))
                && pool.stream()
                        .allMatch(url -> errorWindow.instance(url).errors() > 0
                                || errorWindow.consecutiveConnectionFailures().containsKey(url));
    }

    private static Finding serviceFailing(
            String routeId,
            RateThreshold errorRule,
            Windows windows,
            RouteWindow errorWindow,
            Set<String> pool,
            List<InstanceProblem> failing,
            Severity severity) {
        WindowCounts route = errorWindow.route();
        long total = total(route);
        double rate = total == 0 ? 0 : (double) failed(route) / total;
        List<String> instances = failing.isEmpty()
                ? List.copyOf(pool)
                : failing.stream().map(InstanceProblem::url).sorted().toList();
        Map<String, Double> signals = new HashMap<>(
                InstanceCheck.rateSignals("errorRate", rate, total, errorRule.threshold(), errorRule.windowSeconds()));
        signals.put("failingInstances", (double) instances.size());
        signals.put("instancesWithTraffic", (double) pool.size());
        String summary = "%d of %d instances failing, %d of %d requests failed in %ds%s"
                .formatted(
                        instances.size(),
                        pool.size(),
                        failed(route),
                        total,
                        errorRule.windowSeconds(),
                        failing.isEmpty() ? "" : ": " + joinSummaries(failing));
        long onset = windows.onset(null, errorRule.windowSeconds(), second -> failed(second) > 0);
        for (InstanceProblem problem : failing) {
            onset = Math.min(onset, problem.onsetSecond());
        }
        return new Finding(
                routeId,
                RootCause.SERVICE_FAILING,
                severity,
                instances,
                signals,
                summary,
                Instant.ofEpochSecond(onset));
    }

    /** One finding per root cause, naming every instance with it and carrying the worst instance's numbers. */
    private static List<Finding> grouped(String routeId, List<InstanceProblem> problems, Severity severity) {
        Map<RootCause, List<InstanceProblem>> byCause = problems.stream()
                .collect(Collectors.groupingBy(InstanceProblem::rootCause, TreeMap::new, Collectors.toList()));
        List<Finding> findings = new ArrayList<>();
        byCause.forEach((cause, same) -> {
            InstanceProblem worst = same.stream()
                    .max(Comparator.comparingDouble(InstanceProblem::severity))
                    .orElseThrow();
            Map<String, Double> signals = new HashMap<>(worst.signals());
            signals.put("instances", (double) same.size());
            long onset =
                    same.stream().mapToLong(InstanceProblem::onsetSecond).min().orElseThrow();
            findings.add(new Finding(
                    routeId,
                    cause,
                    severity,
                    same.stream().map(InstanceProblem::url).sorted().toList(),
                    signals,
                    joinSummaries(same),
                    Instant.ofEpochSecond(onset)));
        });
        return findings;
    }

    private static String joinSummaries(List<InstanceProblem> problems) {
        return problems.stream().map(InstanceProblem::summary).collect(Collectors.joining("; "));
    }

    /** Critical when most of the route's requests failed or no instance in the pool is healthy. */
    private static Severity severity(
            RateThreshold errorRule, WindowCounts route, Set<String> pool, List<InstanceProblem> problems) {
        boolean noneHealthy = !pool.isEmpty() && problems.size() == pool.size() && judgesThePool(errorRule, route);
        return failsMost(errorRule, route) || noneHealthy ? Severity.CRITICAL : Severity.MAJOR;
    }

    /**
     * Whether the window holds enough attempts to judge the route's pool as a whole. In the first second of a route's
     * traffic the windows of whole seconds hold no attempts yet, while a streak from the latest report already names
     * its instance: that instance alone would be the pool, and one dead instance of three would look like the service.
     */
    private static boolean judgesThePool(RateThreshold errorRule, WindowCounts route) {
        return total(route) >= errorRule.minRequests();
    }

    /** Most of the route's requests failed: errors, refused credentials, or no instance usable. */
    private static boolean failsMost(RateThreshold errorRule, WindowCounts route) {
        return judgesThePool(errorRule, route) && 2 * (failed(route) + route.authFailures()) > total(route);
    }

    /** Attempts, plus the requests the gateways answered themselves because no instance was usable. */
    private static long total(WindowCounts route) {
        return route.attempts() + route.unavailable();
    }

    private static long failed(WindowCounts route) {
        return route.errors() + route.unavailable();
    }

    private static TrafficStats routeStats(RouteWindow errors, RouteWindow connections) {
        WindowCounts route = errors.route();
        int consecutive = connections.consecutiveConnectionFailures().values().stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(0);
        long total = total(route);
        return new TrafficStats(
                route.requests(),
                (double) route.requests() / errors.seconds(),
                total == 0 ? 0 : (double) failed(route) / total,
                rate(route.timeouts(), route.attempts()),
                rate(route.authFailures(), route.attempts()),
                rate(route.connectionFailures(), route.attempts()),
                consecutive,
                route.percentileMs(50),
                route.percentileMs(99));
    }

    private static Map<String, TrafficStats> instanceStats(RouteWindow errors, RouteWindow connections) {
        Map<String, TrafficStats> stats = new HashMap<>();
        errors.instances()
                .forEach((url, counts) -> stats.put(
                        url,
                        new TrafficStats(
                                counts.attempts(),
                                (double) counts.attempts() / errors.seconds(),
                                rate(counts.errors(), counts.attempts()),
                                rate(counts.timeouts(), counts.attempts()),
                                rate(counts.authFailures(), counts.attempts()),
                                rate(counts.connectionFailures(), counts.attempts()),
                                connections.consecutiveConnectionFailures().getOrDefault(url, 0),
                                counts.percentileMs(50),
                                counts.percentileMs(99))));
        return stats;
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
