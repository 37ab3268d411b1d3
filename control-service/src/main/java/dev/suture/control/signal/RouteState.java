package dev.suture.control.signal;

import dev.suture.model.signal.InstanceSignals;
import dev.suture.model.signal.RouteSignals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The rings of one route and of each of its declared instances, and each gateway's latest count of consecutive
 * connection failures per instance with the second that streak began.
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

    /** Forgets everything reported about one instance: its counts and every gateway's streak of failures. */
    synchronized void forgetInstance(String url) {
        instances.remove(url);
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
        Map<String, Long> streakStarts = new HashMap<>();
        for (Map.Entry<String, InstanceState> entry : instances.entrySet()) {
            long[] counts = new long[WindowCounts.FIELDS];
            entry.getValue().ring.sum(from, to, counts);
            WindowCounts windowCounts = new WindowCounts(counts);
            if (windowCounts.attempts() > 0) {
                byInstance.put(entry.getKey(), windowCounts);
            }
            List<ConsecutiveFailures> streaks = entry.getValue().streaksSince(from, fresh);
            if (!streaks.isEmpty()) {
                consecutive.put(
                        entry.getKey(),
                        streaks.stream()
                                .mapToInt(ConsecutiveFailures::count)
                                .max()
                                .orElseThrow());
                streakStarts.put(
                        entry.getKey(),
                        streaks.stream()
                                .mapToLong(ConsecutiveFailures::streakStart)
                                .min()
                                .orElseThrow());
            }
        }
        return new RouteWindow(
                (int) (to - from), gatewaySeconds, new WindowCounts(route), byInstance, consecutive, streakStarts);
    }

    /**
     * The earliest second of {@code from} (inclusive) to {@code to} (exclusive) whose counts, of the route when
     * {@code url} is null or else of that instance, satisfy {@code bad}; empty when no second does.
     */
    synchronized OptionalLong firstSecond(@Nullable String url, long from, long to, Predicate<WindowCounts> bad) {
        SecondRing counts = url == null ? ring : instanceRing(url);
        if (counts == null) {
            return OptionalLong.empty();
        }
        long[] values = new long[WindowCounts.FIELDS];
        for (long second = Math.max(from, to - counts.slots()); second < to; second++) {
            if (counts.read(second, values) && bad.test(new WindowCounts(values))) {
                return OptionalLong.of(second);
            }
        }
        return OptionalLong.empty();
    }

    private @Nullable SecondRing instanceRing(String url) {
        InstanceState instance = instances.get(url);
        return instance == null ? null : instance.ring;
    }

    private static final class InstanceState {

        private SecondRing ring;
        private final Map<String, ConsecutiveFailures> consecutive = new HashMap<>();

        InstanceState(int slots) {
            this.ring = new SecondRing(slots, WindowCounts.FIELDS);
        }

        void add(long second, InstanceSignals signal, String gatewayId) {
            long[] counts = WindowCounts.of(signal);
            ring.add(second, counts);
            ConsecutiveFailures seen = ConsecutiveFailures.of(
                    second, signal, new WindowCounts(counts).connectionFailures(), consecutive.get(gatewayId));
            // A late report must not overwrite what the gateway said about a later second.
            consecutive.merge(gatewayId, seen, (old, late) -> late.second() >= old.second() ? late : old);
        }

        void resize(int slots) {
            ring = ring.resized(slots);
        }

        /** The current streak of each fresh gateway that reported the instance since {@code from}. */
        List<ConsecutiveFailures> streaksSince(long from, Predicate<String> fresh) {
            List<ConsecutiveFailures> streaks = new ArrayList<>();
            for (Map.Entry<String, ConsecutiveFailures> entry : consecutive.entrySet()) {
                ConsecutiveFailures streak = entry.getValue();
                if (streak.count() > 0 && streak.second() >= from && fresh.test(entry.getKey())) {
                    streaks.add(streak);
                }
            }
            return streaks;
        }
    }

    /**
     * A gateway's count of connection failures in a row at the end of its window starting at {@code second}, and the
     * second of the streak's first failure.
     */
    private record ConsecutiveFailures(long second, int count, long streakStart) {

        /**
         * What a report says, continuing the gateway's previous report: a streak longer than the failures of its own
         * window began in an earlier one (or earlier in the same second, for an early report). When that earlier
         * window is unknown (the first report heard), the streak is dated from this window, the earliest second known
         * to be in it.
         */
        static ConsecutiveFailures of(
                long second, InstanceSignals signal, long failuresInWindow, @Nullable ConsecutiveFailures previous) {
            int count = signal.consecutiveConnectionFailures();
            boolean continues =
                    count > failuresInWindow && previous != null && previous.count() > 0 && previous.second() <= second;
            return new ConsecutiveFailures(second, count, continues ? previous.streakStart() : second);
        }
    }
}
