package dev.suture.model.snapshot;

import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.validation.SpecCheck;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything a gateway needs to route, at one version: the declared routes, the policies they name, and the healing
 * overlay. Versions only grow; a gateway applies a snapshot whole or not at all.
 *
 * @param version monotonically increasing, from 1
 * @param createdAt when the control service built it
 * @param routes declared routes, ids unique
 * @param policies every policy a route names (and only those)
 * @param overlay what healing has changed on top of the routes
 */
public record ConfigSnapshot(
        long version,
        Instant createdAt,
        List<RouteSpec> routes,
        List<HealingPolicySpec> policies,
        HealingOverlay overlay) {

    public static final int MAX_ROUTES = 10_000;

    public ConfigSnapshot(
            long version,
            @Nullable Instant createdAt,
            @Nullable List<RouteSpec> routes,
            @Nullable List<HealingPolicySpec> policies,
            @Nullable HealingOverlay overlay) {
        SpecCheck check = SpecCheck.of("snapshot " + version);
        check.require(version >= 1, "version", "must be at least 1");
        check.require(createdAt != null, "createdAt", "is required");
        this.version = version;
        this.createdAt = createdAt;
        this.routes = check.list("routes", routes, MAX_ROUTES);
        this.policies = check.list("policies", policies, MAX_ROUTES);
        this.overlay = overlay != null ? overlay : HealingOverlay.EMPTY;
        Set<String> policyNames = new HashSet<>();
        for (HealingPolicySpec policy : this.policies) {
            check.require(policyNames.add(policy.name()), "policies", "names " + policy.name() + " twice");
        }
        Set<String> routeIds = new HashSet<>();
        for (RouteSpec route : this.routes) {
            check.require(routeIds.add(route.id()), "routes", "names route " + route.id() + " twice");
            check.require(
                    policyNames.contains(route.policy()),
                    "routes",
                    "route " + route.id() + " names policy " + route.policy() + " that is not included");
        }
        check.throwIfInvalid();
    }
}
