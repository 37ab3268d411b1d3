package dev.suture.control.signal;

import java.util.Map;

/**
 * What the fleet saw of one route over one window of whole seconds, read from {@link SignalWindows}.
 *
 * @param seconds the window's length
 * @param gatewaySeconds seconds of the window that gateways reported, summed over gateways: a gateway that reported
 *     every second of a 10 s window adds 10. Rates divided by it do not jump when a gateway falls silent or returns.
 * @param route the route's counts, every instance's attempts added up
 * @param instances counts per declared instance URL that had attempts in the window
 * @param consecutiveConnectionFailures per instance URL, the most connection failures in a row that a gateway still
 *     reporting saw at the end of its latest window inside this one; instances at 0 are absent
 * @param streakStarts per instance URL in {@code consecutiveConnectionFailures}, the epoch second of the first failure
 *     of the earliest of those streaks; it may lie before the window, since a streak spans windows
 */
public record RouteWindow(
        int seconds,
        long gatewaySeconds,
        WindowCounts route,
        Map<String, WindowCounts> instances,
        Map<String, Integer> consecutiveConnectionFailures,
        Map<String, Long> streakStarts) {

    public RouteWindow {
        instances = Map.copyOf(instances);
        consecutiveConnectionFailures = Map.copyOf(consecutiveConnectionFailures);
        streakStarts = Map.copyOf(streakStarts);
    }

    static RouteWindow empty(int seconds, long gatewaySeconds) {
        return new RouteWindow(seconds, gatewaySeconds, WindowCounts.NONE, Map.of(), Map.of(), Map.of());
    }

    public WindowCounts instance(String url) {
        return instances.getOrDefault(url, WindowCounts.NONE);
    }
}
