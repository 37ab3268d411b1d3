package dev.suture.gateway.routing;

import dev.suture.gateway.settings.GatewaySettings;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import dev.suture.model.snapshot.ConfigSnapshot;
import dev.suture.model.snapshot.InstanceEjection;
import dev.suture.model.snapshot.RouteFailover;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Turns a validated snapshot into the next {@link RoutingTable}, or refuses it with the reason. Stateless; it reads
 * the previous table only to reuse its route objects when the route shapes have not changed.
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

    public RoutingTableBuilder(GatewaySettings settings, Clock clock) {
        this.maxRoutes = settings.maxRoutes();
        this.clock = clock;
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
        int ejections = addPools(snapshot, pools);
        Set<String> retired = keepRetiredPools(previous, pools);

        return new RoutingTable(
                snapshot.version(),
                snapshot.createdAt(),
                sameShapes ? previous.routesGeneration() : previous.routesGeneration() + 1,
                shapes,
                sameShapes ? previous.routes() : routes(ordered),
                pools,
                retired,
                ejections);
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
                    // Spring Cloud Gateway's NettyRoutingFilter reads these keys: Integer ms and Long ms.
                    .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, spec.connectTimeoutMs())
                    .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, (long) spec.responseTimeoutMs())
                    .build());
        }
        return routes;
    }

    /** Adds one pool per declared route and returns how many overlay ejections matched a declared instance. */
    private int addPools(ConfigSnapshot snapshot, Map<String, RoutePool> pools) {
        long now = clock.millis();
        Map<String, Map<String, Long>> ejectedUntil =
                ejectionsByRoute(snapshot.overlay().ejections());
        Set<String> failedOver = new HashSet<>();
        for (RouteFailover failover : snapshot.overlay().failovers()) {
            failedOver.add(failover.routeId());
        }
        int matched = 0;
        for (RouteSpec route : snapshot.routes()) {
            Map<String, Long> ejected = ejectedUntil.getOrDefault(route.id(), Map.of());
            Rotation.PoolMembers primary = members(route.upstreams(), ejected);
            Rotation.PoolMembers fallback = members(route.fallbackUpstreams(), ejected);
            matched += countEjected(primary) + countEjected(fallback);
            pools.put(route.id(), new RoutePool(route.id(), primary, fallback, failedOver.contains(route.id()), now));
        }
        return matched;
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

    private static Rotation.PoolMembers members(List<UpstreamSpec> pool, Map<String, Long> ejected) {
        if (pool.isEmpty()) {
            return Rotation.PoolMembers.EMPTY;
        }
        List<Upstream> instances = new ArrayList<>(pool.size());
        long[] ejectedUntil = new long[pool.size()];
        for (int i = 0; i < pool.size(); i++) {
            UpstreamSpec spec = pool.get(i);
            instances.add(new Upstream(spec.url(), spec.weight()));
            ejectedUntil[i] = ejected.getOrDefault(spec.url(), 0L);
        }
        return new Rotation.PoolMembers(List.copyOf(instances), ejectedUntil);
    }

    private static int countEjected(Rotation.PoolMembers members) {
        int count = 0;
        for (long until : members.ejectedUntilMillis()) {
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

    private record ParsedRoute(RouteSpec spec, PathPattern pattern) {

        int hostRank() {
            if (spec.host() == null) {
                return 2;
            }
            return spec.host().startsWith("*.") ? 1 : 0;
        }
    }
}
