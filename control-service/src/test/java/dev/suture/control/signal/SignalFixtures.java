package dev.suture.control.signal;

import dev.suture.model.policy.DetectionSpec;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import dev.suture.model.signal.InstanceSignals;
import dev.suture.model.signal.LatencyBuckets;
import dev.suture.model.signal.Outcome;
import dev.suture.model.signal.RouteSignals;
import dev.suture.model.signal.SignalReport;
import dev.suture.model.snapshot.ConfigSnapshot;
import dev.suture.model.snapshot.HealingOverlay;
import dev.suture.model.snapshot.InstanceEjection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Reports, routes and snapshots for signal and detection tests, written the way a gateway would send them. */
public final class SignalFixtures {

    /** A whole second, so that report seconds and evaluation seconds line up in the tests. */
    public static final Instant START = Instant.parse("2026-12-03T12:00:00Z");

    public static final String A = "http://10.0.0.1:8080";
    public static final String B = "http://10.0.0.2:8080";
    public static final String C = "http://10.0.0.3:8080";

    /** Versions only grow, as the publisher's do; the windows rebuild their layout only for a new version. */
    private static final AtomicLong VERSIONS = new AtomicLong();

    private SignalFixtures() {}

    public static SignalWindows windows(FakeClock clock) {
        return new SignalWindows(clock, new SignalProperties(Duration.ofSeconds(5)), new SimpleMeterRegistry());
    }

    /** A snapshot with one route {@code orders} over the given instances, governed by {@code detection}. */
    public static ConfigSnapshot snapshot(DetectionSpec detection, String... urls) {
        List<UpstreamSpec> pool = Arrays.stream(urls).map(UpstreamSpec::of).toList();
        RouteSpec route = new RouteSpec("orders", "/orders/**", null, null, pool, null, null, null, "watched");
        HealingPolicySpec policy =
                new HealingPolicySpec("watched", null, null, detection, null, null, null, null, null);
        return new ConfigSnapshot(VERSIONS.incrementAndGet(), START, List.of(route), List.of(policy), null);
    }

    /** {@code snapshot} with {@code url} of route {@code orders} ejected until {@code until}. */
    public static ConfigSnapshot ejecting(ConfigSnapshot snapshot, String url, Instant until) {
        HealingOverlay overlay = new HealingOverlay(
                List.of(new InstanceEjection("orders", url, until, "test")), List.of(), List.of(), List.of());
        return new ConfigSnapshot(
                VERSIONS.incrementAndGet(), snapshot.createdAt(), snapshot.routes(), snapshot.policies(), overlay);
    }

    public static SignalReport report(String gatewayId, long sequence, Instant windowStart, RouteSignals... routes) {
        return new SignalReport(gatewayId, sequence, windowStart, 1_000, 1, 0, List.of(routes));
    }

    /** The route {@code orders} with one client request per attempt. */
    public static RouteSignals orders(InstanceSignals... instances) {
        long requests =
                Arrays.stream(instances).mapToLong(InstanceSignals::attempts).sum();
        return new RouteSignals("orders", List.of(instances), requests, 0, 0, 0);
    }

    /** {@code ok} good answers and {@code failed} attempts ending in {@code failure}, all taking {@code latencyMs}. */
    public static InstanceSignals instance(String url, long ok, Outcome failure, long failed, long latencyMs) {
        return instance(url, ok, failure, failed, latencyMs, 0);
    }

    public static InstanceSignals instance(
            String url, long ok, Outcome failure, long failed, long latencyMs, int consecutiveConnectionFailures) {
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        outcomes.put(Outcome.OK, ok);
        outcomes.merge(failure, failed, Long::sum);
        long[] latency = new long[LatencyBuckets.COUNT];
        latency[LatencyBuckets.indexOf(latencyMs)] = ok + failed;
        return new InstanceSignals(url, outcomes, latency, consecutiveConnectionFailures);
    }

    public static InstanceSignals healthy(String url, long ok, long latencyMs) {
        return instance(url, ok, Outcome.OK, 0, latencyMs);
    }
}
