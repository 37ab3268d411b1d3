package dev.suture.gateway.routing;

import dev.suture.gateway.breaker.BreakerEvents;
import dev.suture.gateway.breaker.InstanceBreaker;
import dev.suture.gateway.credentials.TokenSource;
import dev.suture.gateway.credentials.TokenSources;
import dev.suture.gateway.retry.RetryBudget;
import dev.suture.gateway.retry.RetryRules;
import dev.suture.gateway.settings.GatewaySettings;
import dev.suture.gateway.signal.EarlyReport;
import dev.suture.gateway.signal.InstanceRecorder;
import dev.suture.gateway.signal.RouteRecorder;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.policy.RetrySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import dev.suture.model.snapshot.ConfigSnapshot;
import dev.suture.model.snapshot.InstanceEjection;
import dev.suture.model.snapshot.InstanceProbation;
import dev.suture.model.snapshot.RouteFailover;
import dev.suture.model.snapshot.RouteRateLimit;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Turns a validated snapshot into the next {@link RoutingTable}, or refuses it with the reason. Stateless; it reads
 * the previous table to reuse its route objects when the route shapes have not changed, and to carry over what must
 * outlive a table: the signal recorders of routes and instances that are still declared (so that counts and failure
 * streaks go on), a rate limiter whose limit is unchanged (so that a new snapshot neither refills nor empties it) and
 * the token source of unchanged upstream credentials (so that it keeps its token).
 *
 * <p>Routes are matched in this order: routes bound to an exact host, then to a wildcard host, then host-less ones;
 * within those, the more specific path pattern first ({@link PathPattern#SPECIFICITY_COMPARATOR}); then routes limited
 * to some methods before routes for every method; then by id. Declaration order plays no part, so a control service
 * may list routes in any order.
 */
@Component
public final class RoutingTableBuilder {

    /** Scheme of the placeholder route URI that {@link UpstreamRoutingFilter} replaces with a picked instance. */
    public static final String SCHEME = "suture";

    private static final Comparator<ParsedRoute> MATCH_ORDER = Comparator.comparingInt(ParsedRoute::hostRank)
            .thenComparing(ParsedRoute::pattern, PathPattern.SPECIFICITY_COMPARATOR)
            .thenComparing(parsed -> parsed.spec().methods().isEmpty())
            .thenComparing(parsed -> parsed.spec().id());

    private final int maxRoutes;
    private final Clock clock;
    private final EarlyReport earlyReport;
    private final BreakerEvents breakerEvents;
    private final TokenSources tokenSources;

    public RoutingTableBuilder(
            GatewaySettings settings,
            Clock clock,
            EarlyReport earlyReport,
            BreakerEvents breakerEvents,
            TokenSources tokenSources) {
        this.maxRoutes = settings.maxRoutes();
        this.clock = clock;
        this.earlyReport = earlyReport;
        this.breakerEvents = breakerEvents;
        this.tokenSources = tokenSources;
    }

    public RoutingTable build(ConfigSnapshot snapshot, RoutingTable previous) throws UnroutableSnapshotException {
        if (snapshot.routes().size() > maxRoutes) {
            throw new UnroutableSnapshotException(
                    "snapshot has " + snapshot.routes().size() + " routes, more than this gateway's limit of "
                            + maxRoutes + " (suture.gateway.max-routes)");
        }
        List<ParsedRoute> ordered = inMatchOrder(snapshot.routes());
        List<RouteShape> shapes =
                ordered.stream().map(parsed -> RouteShape.of(parsed.spec())).toList();
        boolean sameShapes = shapes.equals(previous.shapes());

        Map<String, RoutePool> pools = new HashMap<>();
        OverlayCounts counts = addPools(snapshot, previous, pools);
        Set<String> retired = keepRetiredPools(previous, pools);

        return new RoutingTable(
                snapshot.version(),
                snapshot.createdAt(),
                sameShapes ? previous.routesGeneration() : previous.routesGeneration() + 1,
                shapes,
                sameShapes ? previous.routes() : routes(ordered),
                pools,
                retired,
                counts.ejections(),
                counts.probations(),
                counts.rateLimits());
    }

    private static List<ParsedRoute> inMatchOrder(List<RouteSpec> routes) throws UnroutableSnapshotException {
        List<ParsedRoute> parsed = new ArrayList<>(routes.size());
        for (RouteSpec route : routes) {
            try {
                parsed.add(new ParsedRoute(route, PathPatternParser.defaultInstance.parse(route.path())));
            } catch (PatternParseException e) {
                throw new UnroutableSnapshotException("route " + route.id() + " has path '" + route.path()
                        + "' that is not a valid path pattern: " + e.getMessage());
            }
        }
        parsed.sort(MATCH_ORDER);
        return parsed;
    }

    private static List<Route> routes(List<ParsedRoute> ordered) {
        List<Route> routes = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            RouteSpec spec = ordered.get(i).spec();
            routes.add(Route.async()
                    .id(spec.id())
                    .uri(URI.create(SCHEME + "://" + spec.id()))
                    .order(i)
                    .asyncPredicate(new RouteMatcher(ordered.get(i).pattern(), spec.host(), spec.methods()))
                    // Spring Cloud Gateway's NettyRoutingFilter reads these keys: Integer ms and Long ms. A negative
                    // response timeout turns its own off: the route's deadline is ProxyAttempts', one timer per
                    // request on the DeadlineWheel instead of three operators and a ScheduledThreadPoolExecutor task.
                    .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, spec.connectTimeoutMs())
                    .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, -1L)
                    .build());
        }
        return routes;
    }

    /** Adds one pool per declared route and returns how many overlay entries matched a declared route or instance. */
    private OverlayCounts addPools(ConfigSnapshot snapshot, RoutingTable previous, Map<String, RoutePool> pools) {
        long now = clock.millis();
        Map<String, Map<String, Long>> ejectedUntil =
                ejectionsByRoute(snapshot.overlay().ejections());
        Map<String, Map<String, InstanceProbation>> probations =
                probationsByRoute(snapshot.overlay().probations());
        Map<String, RouteRateLimit> rateLimits =
                strictestLimitByRoute(snapshot.overlay().rateLimits());
        Set<String> failedOver = new HashSet<>();
        for (RouteFailover failover : snapshot.overlay().failovers()) {
            failedOver.add(failover.routeId());
        }
        Map<String, HealingPolicySpec> policies = new HashMap<>();
        for (HealingPolicySpec policy : snapshot.policies()) {
            policies.put(policy.name(), policy);
        }
        HealingPolicySpec fallbackPolicy = HealingPolicySpec.defaults(HealingPolicySpec.DEFAULT_NAME);
        int matchedEjections = 0;
        int onProbation = 0;
        int limited = 0;
        for (RouteSpec route : snapshot.routes()) {
            RoutePool before = previous.pool(route.id());
            // The control service refuses a route whose policy does not exist, so the default stands in only for a
            // snapshot that was edited by hand.
            HealingPolicySpec policy = policies.getOrDefault(route.policy(), fallbackPolicy);
            Map<String, InstanceRecorder> recorders = instanceRecorders(route, before);
            int streak = policy.detection().connectionFailures().consecutive();
            recorders.values().forEach(recorder -> recorder.reportEarlyAt(streak));
            Resilience resilience = resilience(route, policy, before);
            Map<String, Long> ejected = ejectedUntil.getOrDefault(route.id(), Map.of());
            Map<String, InstanceProbation> probation = probations.getOrDefault(route.id(), Map.of());
            Rotation.PoolMembers primary = members(route.upstreams(), ejected, probation, recorders, resilience);
            Rotation.PoolMembers fallback =
                    members(route.fallbackUpstreams(), ejected, probation, recorders, resilience);
            RequestRateLimiter limiter = rateLimiter(rateLimits.get(route.id()), before);
            matchedEjections += countSet(primary.ejectedUntilMillis()) + countSet(fallback.ejectedUntilMillis());
            onProbation += countSet(primary.probationUntilMillis()) + countSet(fallback.probationUntilMillis());
            limited += limiter == null ? 0 : 1;
            RouteRecorder recorder = before != null ? before.recorder() : new RouteRecorder(route.id());
            TokenSource tokens = tokenSources.forRoute(route, recorder, before == null ? null : before.tokenSource());
            pools.put(
                    route.id(),
                    new RoutePool(
                            route.id(),
                            primary,
                            fallback,
                            failedOver.contains(route.id()),
                            limiter,
                            recorder,
                            List.copyOf(recorders.values()),
                            resilience,
                            tokens,
                            now));
        }
        return new OverlayCounts(matchedEjections, onProbation, limited);
    }

    /** One recorder per distinct instance URL, the previous table's where the instance was declared before. */
    private Map<String, InstanceRecorder> instanceRecorders(RouteSpec route, @Nullable RoutePool before) {
        Map<String, InstanceRecorder> recorders = new LinkedHashMap<>();
        List<UpstreamSpec> all = new ArrayList<>(route.upstreams());
        all.addAll(route.fallbackUpstreams());
        for (UpstreamSpec upstream : all) {
            InstanceRecorder kept = before == null ? null : before.instanceRecorder(upstream.url());
            recorders.computeIfAbsent(
                    upstream.url(), url -> kept != null ? kept : new InstanceRecorder(route.id(), url, earlyReport));
        }
        return recorders;
    }

    /**
     * The route's breakers, retry rules and budget under {@code policy}: breakers and budget carry over from the
     * previous table where their settings did not change, so a new snapshot resets nothing it did not touch.
     */
    private Resilience resilience(RouteSpec route, HealingPolicySpec policy, @Nullable RoutePool before) {
        Map<String, InstanceBreaker> breakers = new HashMap<>();
        List<UpstreamSpec> all = new ArrayList<>(route.upstreams());
        all.addAll(route.fallbackUpstreams());
        for (UpstreamSpec upstream : all) {
            InstanceBreaker previous = before == null ? null : before.breaker(upstream.url());
            breakers.computeIfAbsent(
                    upstream.url(),
                    url -> InstanceBreaker.of(
                            route.id(), url, policy.circuitBreaker(), previous, clock, breakerEvents));
        }
        RetrySpec retry = policy.retry();
        RetryRules rules = RetryRules.of(retry);
        RetryBudget kept = before == null ? null : before.retryBudget();
        RetryBudget budget = rules.maxAttempts() <= 1 || !retry.enabled()
                ? null
                : kept != null && kept.sameAs(retry.budgetRatio(), retry.minRetriesPerSecond())
                        ? kept
                        : new RetryBudget(retry.budgetRatio(), retry.minRetriesPerSecond(), System.nanoTime());
        return new Resilience(breakers, rules, budget, TimeUnit.MILLISECONDS.toNanos(route.responseTimeoutMs()));
    }

    /** Keeps the previous limiter, tokens and all, when the limit is unchanged. */
    private static @Nullable RequestRateLimiter rateLimiter(
            @Nullable RouteRateLimit limit, @Nullable RoutePool before) {
        if (limit == null) {
            return null;
        }
        RequestRateLimiter kept = before == null ? null : before.rateLimiter();
        return kept != null && kept.sameAs(limit) ? kept : new RequestRateLimiter(limit, System.nanoTime());
    }

    /** Routes the snapshot removed keep their pool for one more table; see {@link RoutingTable}. */
    private static Set<String> keepRetiredPools(RoutingTable previous, Map<String, RoutePool> pools) {
        Set<String> retired = new HashSet<>();
        for (Map.Entry<String, RoutePool> entry : previous.pools().entrySet()) {
            if (!pools.containsKey(entry.getKey()) && !previous.isRetired(entry.getKey())) {
                pools.put(entry.getKey(), entry.getValue());
                retired.add(entry.getKey());
            }
        }
        return retired;
    }

    private static Map<String, Map<String, Long>> ejectionsByRoute(List<InstanceEjection> ejections) {
        Map<String, Map<String, Long>> byRoute = new HashMap<>();
        for (InstanceEjection ejection : ejections) {
            byRoute.computeIfAbsent(ejection.routeId(), id -> new HashMap<>())
                    .merge(
                            withoutTrailingSlash(ejection.url()),
                            ejection.until().toEpochMilli(),
                            Math::max);
        }
        return byRoute;
    }

    /** Probations per route and instance URL; a later entry for the same instance replaces an earlier one. */
    private static Map<String, Map<String, InstanceProbation>> probationsByRoute(List<InstanceProbation> probations) {
        Map<String, Map<String, InstanceProbation>> byRoute = new HashMap<>();
        for (InstanceProbation probation : probations) {
            byRoute.computeIfAbsent(probation.routeId(), id -> new HashMap<>())
                    .put(withoutTrailingSlash(probation.url()), probation);
        }
        return byRoute;
    }

    /** Should the overlay limit a route twice, the lower rate holds. */
    private static Map<String, RouteRateLimit> strictestLimitByRoute(List<RouteRateLimit> limits) {
        Map<String, RouteRateLimit> byRoute = new HashMap<>();
        for (RouteRateLimit limit : limits) {
            byRoute.merge(
                    limit.routeId(),
                    limit,
                    (a, b) -> a.perGatewayRequestsPerSecond() <= b.perGatewayRequestsPerSecond() ? a : b);
        }
        return byRoute;
    }

    private static Rotation.PoolMembers members(
            List<UpstreamSpec> pool,
            Map<String, Long> ejected,
            Map<String, InstanceProbation> probations,
            Map<String, InstanceRecorder> recorders,
            Resilience resilience) {
        if (pool.isEmpty()) {
            return Rotation.PoolMembers.EMPTY;
        }
        List<Upstream> instances = new ArrayList<>(pool.size());
        long[] ejectedUntil = new long[pool.size()];
        int[] probationPercent = new int[pool.size()];
        long[] probationUntil = new long[pool.size()];
        for (int i = 0; i < pool.size(); i++) {
            UpstreamSpec spec = pool.get(i);
            instances.add(new Upstream(
                    spec.url(),
                    spec.weight(),
                    recorders.get(spec.url()),
                    resilience.breakers().get(spec.url())));
            ejectedUntil[i] = ejected.getOrDefault(spec.url(), 0L);
            InstanceProbation probation = probations.get(spec.url());
            probationPercent[i] = probation == null ? 100 : probation.trafficPercent();
            probationUntil[i] = probation == null ? 0L : probation.until().toEpochMilli();
        }
        return new Rotation.PoolMembers(List.copyOf(instances), ejectedUntil, probationPercent, probationUntil);
    }

    private static int countSet(long[] untilMillis) {
        int count = 0;
        for (long until : untilMillis) {
            if (until != 0L) {
                count++;
            }
        }
        return count;
    }

    /** UpstreamSpec strips a trailing slash from instance URLs; an ejection naming one must still match. */
    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private record OverlayCounts(int ejections, int probations, int rateLimits) {}

    private record ParsedRoute(RouteSpec spec, PathPattern pattern) {

        int hostRank() {
            if (spec.host() == null) {
                return 2;
            }
            return spec.host().startsWith("*.") ? 1 : 0;
        }
    }
}
