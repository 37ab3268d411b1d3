package dev.suture.control.signal;

import dev.suture.control.snapshot.SnapshotPublished;
import dev.suture.model.policy.DetectionSpec;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import dev.suture.model.signal.RouteSignals;
import dev.suture.model.signal.SignalReport;
import dev.suture.model.snapshot.ConfigSnapshot;
import dev.suture.model.snapshot.InstanceEjection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The fleet's traffic signals, merged: every gateway's reports added into one ring of per-second counters per route
 * and per declared instance, long enough for the longest window the route's policy reads (twice the overload window,
 * which compares a window with the one before it). Memory is bounded by the declared config, not by traffic or time:
 * routes and instances no longer declared are dropped, and gateways silent for longer than the rings reach are
 * forgotten.
 *
 * <p>A report lands in the second its window started, on the gateway's clock; a late report lands where it belongs,
 * and one older than the rings reach is dropped. Readers ask for a window ending at a second of the control
 * service's clock.
 *
 * <p>Thread-safe: gateways report concurrently. Each gateway's sequence record and each route's rings have their own
 * lock, taken one at a time and never nested, so reports on different routes merge in parallel and the evaluator
 * holds a route only while it adds up one window. The declared layout is an immutable value swapped atomically.
 */
@Component
public class SignalWindows {

    /** The longest any rule's window may be (600 s), twice for overload's previous window, plus slack. */
    static final int MAX_SLOTS = 2 * 600 + 2;

    private static final Logger log = LoggerFactory.getLogger(SignalWindows.class);

    private final Clock clock;
    private final Duration staleAfter;
    private final Map<String, GatewayRecord> gateways = new ConcurrentHashMap<>();
    private final Map<String, RouteState> routes = new ConcurrentHashMap<>();
    /** Gateway reports per second, fleet-wide; guarded by itself. */
    private final SecondRing coverage = new SecondRing(MAX_SLOTS, 1);

    private volatile Layout layout = new Layout(0, Map.of(), 1);

    private final Counter accepted;
    private final Counter duplicates;
    private final Counter tooOld;
    private final Counter ahead;
    private final Timer lag;

    public SignalWindows(Clock clock, SignalProperties properties, MeterRegistry meters) {
        this.clock = clock;
        this.staleAfter = properties.staleAfter();
        this.accepted = reports(meters, "accepted");
        this.duplicates = reports(meters, "duplicate");
        this.tooOld = reports(meters, "too-old");
        this.ahead = reports(meters, "ahead-of-clock");
        this.lag = Timer.builder("suture.signals.report.lag")
                .description("Time from a report window's end to its arrival")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        Gauge.builder(
                        "suture.signals.stale.gateways",
                        this,
                        windows -> windows.staleGateways().size())
                .description("Gateways that have reported before but not within suture.signals.stale-after")
                .register(meters);
    }

    /** Merges one report into the windows. Safe to call from many threads at once. */
    public ReportAcceptance accept(SignalReport report) {
        Instant now = clock.instant();
        GatewayRecord gateway = gateways.computeIfAbsent(report.gatewayId(), id -> new GatewayRecord(now));
        GatewayRecord.Verdict verdict = gateway.see(report.sequence(), report.windowStart(), now);
        if (verdict == GatewayRecord.Verdict.DUPLICATE) {
            duplicates.increment();
            return ReportAcceptance.DUPLICATE;
        }
        if (verdict == GatewayRecord.Verdict.RESTARTED) {
            log.info("gateway restarted its report sequence id={} sequence={}", report.gatewayId(), report.sequence());
        }
        gateway.health(report.sequence(), report.health());
        Duration late = Duration.between(report.windowStart().plusMillis(report.windowMillis()), now);
        lag.record(late.isNegative() ? Duration.ZERO : late);
        Layout current = layout;
        long second = report.windowStart().getEpochSecond();
        if (verdict == GatewayRecord.Verdict.TOO_OLD || second < now.getEpochSecond() - current.maxSlots()) {
            tooOld.increment();
            return ReportAcceptance.TOO_OLD;
        }
        // A window from the future would take ring slots that the present still needs, for every gateway.
        if (report.windowStart().isAfter(now.plus(staleAfter))) {
            ahead.increment();
            return ReportAcceptance.AHEAD_OF_CLOCK;
        }
        merge(report, second, current);
        accepted.increment();
        return ReportAcceptance.ACCEPTED;
    }

    /**
     * The route's counts over the {@code seconds} whole seconds before {@code endSecond} (an epoch second of the
     * control service's clock, exclusive). Empty counts for a route nobody reported.
     */
    public RouteWindow window(String routeId, long endSecond, int seconds) {
        long from = endSecond - seconds;
        long gatewaySeconds = gatewaySeconds(from, endSecond);
        RouteState state = routes.get(routeId);
        if (state == null) {
            return RouteWindow.empty(seconds, gatewaySeconds);
        }
        return state.window(from, endSecond, gatewaySeconds, this::isFresh);
    }

    /**
     * The earliest of the {@code seconds} whole seconds before {@code endSecond} whose counts satisfy {@code bad}: the
     * route's counts when {@code url} is null, else that instance's. Empty when no second does, or nobody reported.
     */
    public OptionalLong firstSecond(
            String routeId, @Nullable String url, long endSecond, int seconds, Predicate<WindowCounts> bad) {
        RouteState state = routes.get(routeId);
        if (state == null) {
            return OptionalLong.empty();
        }
        return state.firstSecond(url == null ? null : normalizeUrl(url), endSecond - seconds, endSecond, bad);
    }

    /** What {@code gatewayId} last reported of itself; empty when it has not reported since this service started. */
    public Optional<GatewayReporting> reporting(String gatewayId) {
        GatewayRecord record = gateways.get(gatewayId);
        if (record == null) {
            return Optional.empty();
        }
        Instant last = record.lastReportAt();
        boolean stale = last.isBefore(clock.instant().minus(staleAfter));
        return Optional.of(new GatewayReporting(last, stale, record.health()));
    }

    /** Gateways that have reported before but not within {@code suture.signals.stale-after}, sorted by id. */
    public Set<String> staleGateways() {
        Instant freshSince = clock.instant().minus(staleAfter);
        Set<String> stale = new TreeSet<>();
        gateways.forEach((id, record) -> {
            if (record.lastReportAt().isBefore(freshSince)) {
                stale.add(id);
            }
        });
        return stale;
    }

    /**
     * Follows the declared config: sizes each route's rings for its policy and drops routes and instances no longer
     * declared, and gateways silent for longer than any ring reaches. Cheap enough to call every evaluation tick.
     */
    public void declare(ConfigSnapshot snapshot) {
        Layout declared = layout.version() == snapshot.version() ? layout : Layout.of(snapshot);
        layout = declared;
        routes.keySet().retainAll(declared.routes().keySet());
        Instant forgetBefore = clock.instant().minusSeconds(declared.maxSlots()).minus(staleAfter);
        boolean forgot = gateways.values().removeIf(g -> g.lastReportAt().isBefore(forgetBefore));
        routes.forEach((id, state) -> {
            RouteLayout routeLayout = declared.routes().get(id);
            if (routeLayout != null) {
                state.reshape(routeLayout);
            }
            if (forgot) {
                state.forgetGateways(gateway -> !gateways.containsKey(gateway));
            }
        });
        forgetEjected(snapshot.overlay().ejections());
    }

    /**
     * An instance's history ends when it is ejected: the failures that got it ejected have been acted on, and while it
     * is out it takes no traffic. When it comes back, on probation, it is judged on what it does then, not on a
     * streak of connection failures or an error rate from before it left.
     */
    private void forgetEjected(List<InstanceEjection> ejections) {
        Instant now = clock.instant();
        for (InstanceEjection ejection : ejections) {
            RouteState state = routes.get(ejection.routeId());
            if (state != null && ejection.until().isAfter(now)) {
                state.forgetInstance(normalizeUrl(ejection.url()));
            }
        }
    }

    @EventListener
    void onSnapshotPublished(SnapshotPublished published) {
        declare(published.snapshot());
    }

    /** Seconds of history a policy's rules read: the longest window, twice for overload's two windows. */
    static int secondsNeeded(DetectionSpec detection) {
        return Stream.of(
                        detection.errorRate().windowSeconds(),
                        detection.latency().windowSeconds(),
                        detection.timeouts().windowSeconds(),
                        detection.connectionFailures().windowSeconds(),
                        detection.authFailures().windowSeconds(),
                        2 * detection.overload().windowSeconds())
                .mapToInt(Integer::intValue)
                .max()
                .orElseThrow();
    }

    /** Instance URLs as routes declare them, without a trailing slash, so that reports match the declared pool. */
    static String normalizeUrl(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private void merge(SignalReport report, long second, Layout current) {
        synchronized (coverage) {
            coverage.add(second, new long[] {1});
        }
        for (RouteSignals signals : report.routes()) {
            RouteLayout routeLayout = current.routes().get(signals.routeId());
            if (routeLayout != null) {
                routes.computeIfAbsent(signals.routeId(), id -> new RouteState(routeLayout.slots()))
                        .add(second, signals, routeLayout, report.gatewayId());
            }
        }
    }

    private long gatewaySeconds(long from, long to) {
        long[] sum = new long[1];
        synchronized (coverage) {
            coverage.sum(from, to, sum);
        }
        return sum[0];
    }

    private boolean isFresh(String gatewayId) {
        GatewayRecord record = gateways.get(gatewayId);
        return record != null && !record.lastReportAt().isBefore(clock.instant().minus(staleAfter));
    }

    private static Counter reports(MeterRegistry meters, String result) {
        return Counter.builder("suture.signals.reports")
                .description("Signal reports received from gateways, by what became of them")
                .tag("result", result)
                .register(meters);
    }

    /** The declared routes' ring layouts, and the longest ring, which bounds how late a report may arrive. */
    private record Layout(long version, Map<String, RouteLayout> routes, int maxSlots) {

        static Layout of(ConfigSnapshot snapshot) {
            Map<String, DetectionSpec> detection = new HashMap<>();
            for (HealingPolicySpec policy : snapshot.policies()) {
                detection.put(policy.name(), policy.detection());
            }
            Map<String, RouteLayout> routes = new HashMap<>();
            int maxSlots = 1;
            for (RouteSpec route : snapshot.routes()) {
                int slots = secondsNeeded(detection.getOrDefault(route.policy(), DetectionSpec.defaults())) + 2;
                Set<String> urls = new HashSet<>();
                Stream.concat(route.upstreams().stream(), route.fallbackUpstreams().stream())
                        .map(UpstreamSpec::url)
                        .forEach(urls::add);
                routes.put(route.id(), new RouteLayout(slots, urls));
                maxSlots = Math.max(maxSlots, slots);
            }
            return new Layout(snapshot.version(), Map.copyOf(routes), maxSlots);
        }
    }
}
