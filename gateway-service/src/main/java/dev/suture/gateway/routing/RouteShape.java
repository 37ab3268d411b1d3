package dev.suture.gateway.routing;

import dev.suture.model.route.RouteSpec;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The part of a declared route that Spring Cloud Gateway's route objects carry: matching and timeouts, but not the
 * upstream pools. Two snapshots with equal shapes need no route refresh; the new pools take effect with the table swap.
 */
record RouteShape(
        String id,
        String path,
        @Nullable String host,
        List<String> methods,
        int connectTimeoutMs,
        int responseTimeoutMs) {

    static RouteShape of(RouteSpec route) {
        return new RouteShape(
                route.id(),
                route.path(),
                route.host(),
                route.methods(),
                route.connectTimeoutMs(),
                route.responseTimeoutMs());
    }
}
