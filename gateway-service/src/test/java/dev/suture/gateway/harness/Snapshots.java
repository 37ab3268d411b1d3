package dev.suture.gateway.harness;

import dev.suture.model.policy.CircuitBreakerSpec;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.policy.RetrySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import dev.suture.model.snapshot.ConfigSnapshot;
import dev.suture.model.snapshot.HealingOverlay;
import dev.suture.model.snapshot.InstanceEjection;
import dev.suture.model.snapshot.InstanceProbation;
import dev.suture.model.snapshot.RouteFailover;
import dev.suture.model.snapshot.RouteRateLimit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builds snapshots for tests: routes over fake upstreams, with the default policy and an optional overlay. */
public final class Snapshots {

    private final long version;
    private final List<RouteSpec> routes = new ArrayList<>();
    private final List<InstanceEjection> ejections = new ArrayList<>();
    private final List<RouteFailover> failovers = new ArrayList<>();
    private final List<InstanceProbation> probations = new ArrayList<>();
    private final List<RouteRateLimit> rateLimits = new ArrayList<>();
    private HealingPolicySpec policy = singleAttempt();
    private final List<HealingPolicySpec> otherPolicies = new ArrayList<>();

    private Snapshots(long version) {
        this.version = version;
    }

    public static Snapshots version(long version) {
        return new Snapshots(version);
    }

    public Snapshots route(RouteSpec route) {
        routes.add(route);
        return this;
    }

    public Snapshots route(String id, String path, FakeUpstream... upstreams) {
        return route(route(id, path, pool(upstreams), List.of(), null, null));
    }

    public Snapshots eject(String routeId, FakeUpstream upstream, Instant until) {
        ejections.add(new InstanceEjection(routeId, upstream.url(), until, "test ejection"));
        return this;
    }

    public Snapshots failover(String routeId) {
        failovers.add(new RouteFailover(routeId, "test failover"));
        return this;
    }

    public Snapshots probation(String routeId, String url, int trafficPercent, Instant until) {
        probations.add(new InstanceProbation(routeId, url, trafficPercent, until));
        return this;
    }

    /** A fleet-wide limit split over {@code gatewayCount} gateways; this gateway enforces its share. */
    public Snapshots rateLimit(String routeId, double fleetRequestsPerSecond, int gatewayCount, int retryAfter) {
        rateLimits.add(new RouteRateLimit(routeId, fleetRequestsPerSecond, gatewayCount, retryAfter, "test limit"));
        return this;
    }

    /** Replaces the snapshot's {@code default} policy, which every route of these snapshots uses. */
    public Snapshots policy(HealingPolicySpec replacement) {
        this.policy = replacement;
        return this;
    }

    /** Adds a policy beside {@code default}, for routes that name it. */
    public Snapshots otherPolicy(HealingPolicySpec other) {
        otherPolicies.add(other);
        return this;
    }

    /**
     * The default policy without retries and circuit breakers, which these snapshots use unless told otherwise: tests
     * of routing and signals then see each request as exactly one attempt. Tests of retries and breakers set their
     * own.
     */
    public static HealingPolicySpec singleAttempt() {
        HealingPolicySpec defaults = HealingPolicySpec.defaults(HealingPolicySpec.DEFAULT_NAME);
        return new HealingPolicySpec(
                defaults.name(),
                "one attempt per request, no breaker",
                defaults.dryRun(),
                defaults.detection(),
                new RetrySpec(false, null, null, null, null, null, null, null, null),
                new CircuitBreakerSpec(false, null, null, null, null, null, null, null, null),
                defaults.ejection(),
                defaults.trafficShaping(),
                defaults.restartHook());
    }

    public ConfigSnapshot build() {
        return new ConfigSnapshot(
                version,
                Instant.now(),
                routes,
                policies(),
                new HealingOverlay(ejections, failovers, probations, rateLimits));
    }

    private List<HealingPolicySpec> policies() {
        List<HealingPolicySpec> all = new ArrayList<>(otherPolicies);
        all.add(0, policy);
        return all;
    }

    public static RouteSpec route(
            String id,
            String path,
            List<UpstreamSpec> upstreams,
            List<UpstreamSpec> fallback,
            @Nullable List<String> methods,
            @Nullable Integer responseTimeoutMs) {
        return new RouteSpec(id, path, null, methods, upstreams, fallback, null, responseTimeoutMs, null);
    }

    /** A route over instances given by URL, with a response timeout in milliseconds. */
    public static RouteSpec route(String id, String path, int responseTimeoutMs, String... urls) {
        List<UpstreamSpec> pool = new ArrayList<>();
        for (String url : urls) {
            pool.add(UpstreamSpec.of(url));
        }
        return route(id, path, pool, List.of(), null, responseTimeoutMs);
    }

    public static List<UpstreamSpec> pool(FakeUpstream... upstreams) {
        List<UpstreamSpec> pool = new ArrayList<>();
        for (FakeUpstream upstream : upstreams) {
            pool.add(UpstreamSpec.of(upstream.url()));
        }
        return pool;
    }

    public static UpstreamSpec weighted(FakeUpstream upstream, int weight) {
        return new UpstreamSpec(upstream.url(), weight);
    }
}
