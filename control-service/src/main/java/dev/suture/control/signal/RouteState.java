package dev.suture.control.signal;

import dev.suture.model.signal.InstanceSignals;
import dev.suture.model.signal.RouteSignals;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The rings of one route and of each of its declared instances, and each gateway's latest count of consecutive
 * connection failures per instance.
 *
 * <p>Thread-safe: every method is synchronized on the route, so reports for different routes merge in parallel and
 * a reader sees each second of a route either before or after a report, never half of it.
 */
final class RouteState {

    private SecondRing ring;
    private final Map<String, InstanceState> instances = new HashMap<>();

    RouteState(int slots) {
        this.ring = new SecondRing(slots, WindowCounts.FIELDS);
    }

    synchronized void add(long second, RouteSignals signals, RouteLayout layout, String gatewayId) {
        reshape(layout);
        ring.add(second, WindowCounts.of(signals));
        for (InstanceSignals signal : signals.instances()) {
            String url = SignalWindows.normalizeUrl(signal.url());
            if (layout.urls().contains(url)) {
                instances
                        .computeIfAbsent(url, u -> new InstanceState(layout.slots()))
                        .add(second, signal, gatewayId);
            }
        }
    }

    /** Resizes the rings to the policy's longest window and drops instances no longer declared. */
    synchronized void reshape(RouteLayout layout) {
        if (ring.slots() != layout.slots()) {
            ring = ring.resized(layout.slots());
            instances.values().forEach(instance -> instance.resize(layout.slots()));
        }
        instances.keySet().retainAll(layout.urls());
    }

    /** Forgets consecutive counts from gateways the windows no longer track. */
    synchronized void forgetGateways(Predicate<String> forgotten) {
        instances.values().forEach(instance -> instance.consecutive.keySet().removeIf(forgotten));
    }

    synchronized RouteWindow window(long from, long to, long gatewaySeconds, Predicate<String> fresh) {
        long[] route = new long[WindowCounts.FIELDS];
        ring.sum(from, to, route);
        Map<String, WindowCounts> byInstance = new HashMap<>();
        Map<String, Integer> consecutive = new HashMap<>();
        for (Map.Entry<String, InstanceState> entry : instances.entrySet()) {
            long[] counts = new long[WindowCounts.FIELDS];
            entry.getValue().ring.sum(from, to, counts);
            WindowCounts windowCounts = new WindowCounts(counts);
            if (windowCounts.attempts() > 0) {
                byInstance.put(entry.getKey(), windowCounts);
            }
            int failures = entry.getValue().consecutiveSince(from, fresh);
            if (failures > 0) {
                consecutive.put(entry.getKey(), failures);
            }
        }
        return new RouteWindow((int) (to - from), gatewaySeconds, new WindowCounts(route), byInstance, consecutive);
    }

    private static final class InstanceState {

        private SecondRing ring;
        private final Map<String, ConsecutiveFailures> consecutive = new HashMap<>();

        InstanceState(int slots) {
            this.ring = new SecondRing(slots, WindowCounts.FIELDS);
        }

        void add(long second, InstanceSignals signal, String gatewayId) {
            ring.add(second, WindowCounts.of(signal));
            // A late report must not overwrite what the gateway said about a later second.
            consecutive.merge(
                    gatewayId,
                    new ConsecutiveFailures(second, signal.consecutiveConnectionFailures()),
                    (old, late) -> late.second() >= old.second() ? late : old);
        }

        void resize(int slots) {
            ring = ring.resized(slots);
        }

        int consecutiveSince(long from, Predicate<String> fresh) {
            int most = 0;
            for (Map.Entry<String, ConsecutiveFailures> entry : consecutive.entrySet()) {
                if (entry.getValue().second() >= from && fresh.test(entry.getKey())) {
                    most = Math.max(most, entry.getValue().count());
                }
            }
            return most;
        }
    }

    private record ConsecutiveFailures(long second, int count) {}
}
