package dev.suture.model.snapshot;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * A route whose traffic healing has moved to its fallback pool because the whole primary pool is failing.
 *
 * @param routeId the route
 * @param reason why, in an operator's words
 */
public record RouteFailover(String routeId, String reason) {

    public RouteFailover(@Nullable String routeId, @Nullable String reason) {
        SpecCheck check = SpecCheck.of("failover");
        this.routeId = check.name("routeId", routeId);
        this.reason = check.text("reason", reason, "", 500);
        check.throwIfInvalid();
    }
}
