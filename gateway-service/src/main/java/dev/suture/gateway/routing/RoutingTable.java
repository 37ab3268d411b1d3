package dev.suture.gateway.routing;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.route.Route;

/**
 * Everything the request path reads for one snapshot version: the route objects Spring Cloud Gateway matches, and
 * the upstream pool of each route with the healing overlay applied. Immutable apart from each pool's lock-free
 * rotation state; a new snapshot builds a new table rather than changing this one.
 *
 * <p>{@code routesGeneration} changes only when the route shapes change, which is when the route objects must be
 * refreshed in Spring Cloud Gateway. Pools of routes the snapshot removed stay for one more table ("retired"), so
 * that a request matched by a just-removed route an instant before the refresh still reaches an instance.
 */
public final class RoutingTable {

    /** The table before any snapshot: version 0, nothing routable, and the gateway is not ready. */
    public static final RoutingTable EMPTY =
            new RoutingTable(0, Instant.EPOCH, 0, List.of(), List.of(), Map.of(), Set.of(), 0, 0, 0);

    private final long version;
    private final Instant createdAt;
    private final long routesGeneration;
    private final List<RouteShape> shapes;
    private final List<Route> routes;
    private final Map<String, RoutePool> pools;
    private final Set<String> retired;
    private final RoutePool[] poolsInMatchOrder;
    private final int ejections;
    private final int probations;
    private final int rateLimits;

    RoutingTable(
            long version,
            Instant createdAt,
            long routesGeneration,
            List<RouteShape> shapes,
            List<Route> routes,
            Map<String, RoutePool> pools,
            Set<String> retired,
            int ejections,
            int probations,
            int rateLimits) {
        this.version = version;
        this.createdAt = createdAt;
        this.routesGeneration = routesGeneration;
        this.shapes = List.copyOf(shapes);
        this.routes = List.copyOf(routes);
        this.pools = Map.copyOf(pools);
        this.retired = Set.copyOf(retired);
        this.poolsInMatchOrder = new RoutePool[routes.size()];
        for (int i = 0; i < routes.size(); i++) {
            poolsInMatchOrder[i] = pools.get(routes.get(i).getId());
        }
        this.ejections = ejections;
        this.probations = probations;
        this.rateLimits = rateLimits;
    }

    /** The snapshot version this table was built from; 0 before the first snapshot. */
    public long version() {
        return version;
    }

    /** True until a snapshot has been applied. */
    public boolean isEmpty() {
        return version == 0;
    }

    /** When the control service built the snapshot behind this table. */
    public Instant createdAt() {
        return createdAt;
    }

    public long routesGeneration() {
        return routesGeneration;
    }

    /** The declared routes in match order, as Spring Cloud Gateway route objects. */
    public List<Route> routes() {
        return routes;
    }

    /** The pool of a declared (or just-retired) route, or null when the route is unknown. */
    public @Nullable RoutePool pool(String routeId) {
        return pools.get(routeId);
    }

    /**
     * The pool of the route a request matched, found by the route's position in match order (its {@code order}),
     * which is an array read. Falls back to the map when the route object comes from an older table whose order
     * differs, as happens between a table swap and the end of the route refresh.
     */
    public @Nullable RoutePool pool(Route route) {
        int index = route.getOrder();
        if (index >= 0 && index < poolsInMatchOrder.length) {
            RoutePool pool = poolsInMatchOrder[index];
            if (pool != null && pool.routeId().equals(route.getId())) {
                return pool;
            }
        }
        return pools.get(route.getId());
    }

    /** Every pool, retired ones included, for reading their recorders. */
    public Collection<RoutePool> allPools() {
        return pools.values();
    }

    public int routeCount() {
        return routes.size();
    }

    /** How many ejections of the snapshot's overlay matched an instance of a declared route. */
    public int ejections() {
        return ejections;
    }

    /** How many probations of the snapshot's overlay matched an instance of a declared route. */
    public int probations() {
        return probations;
    }

    /** How many declared routes have a rate limit. */
    public int rateLimits() {
        return rateLimits;
    }

    /** How many instances of declared routes have their circuit breaker open or half-open. */
    public int openBreakers() {
        int open = 0;
        for (Map.Entry<String, RoutePool> entry : pools.entrySet()) {
            if (!retired.contains(entry.getKey())) {
                open += entry.getValue().openBreakers();
            }
        }
        return open;
    }

    /** How many declared routes are failed over to their fallback pool. */
    public int failovers() {
        int failovers = 0;
        for (Map.Entry<String, RoutePool> entry : pools.entrySet()) {
            if (entry.getValue().failover() && !retired.contains(entry.getKey())) {
                failovers++;
            }
        }
        return failovers;
    }

    List<RouteShape> shapes() {
        return shapes;
    }

    Map<String, RoutePool> pools() {
        return pools;
    }

    boolean isRetired(String routeId) {
        return retired.contains(routeId);
    }
}
