package dev.suture.gateway.routing;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Gives Spring Cloud Gateway the routes of the table in force. Spring Cloud Gateway's caching locator calls this only
 * when it refreshes, so remembering which table generation was handed out last tells {@link RouteRefresher} whether
 * a finished refresh has picked up the routes it waits for.
 */
@Component
public final class SutureRouteLocator implements RouteLocator {

    private final RoutingTableHolder tables;
    private final AtomicLong servedGeneration = new AtomicLong(-1);

    public SutureRouteLocator(RoutingTableHolder tables) {
        this.tables = tables;
    }

    @Override
    public Flux<Route> getRoutes() {
        return Flux.defer(() -> {
            RoutingTable table = tables.current();
            servedGeneration.set(table.routesGeneration());
            return Flux.fromIterable(table.routes());
        });
    }

    /** The routes generation of the table most recently handed out; -1 before the first refresh. */
    long servedGeneration() {
        return servedGeneration.get();
    }
}
