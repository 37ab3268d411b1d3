package dev.suture.model.signal;

import dev.suture.model.validation.SpecCheck;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one gateway saw of one route during one report window.
 *
 * @param routeId the route
 * @param instances per upstream instance that was tried in the window
 * @param requests client requests the route received (one request may make several attempts)
 * @param retries attempts beyond each request's first
 * @param rateLimited requests the gateway itself answered with 429 because of the route's rate limit
 * @param unavailable requests the gateway answered itself because no instance was usable (or a breaker was open)
 * @param credentials what the route's upstream credentials did in the window; null when they did nothing (always for
 *     a route without credentials, and from gateways that predate them)
 */
public record RouteSignals(
        String routeId,
        List<InstanceSignals> instances,
        long requests,
        long retries,
        long rateLimited,
        long unavailable,
        @Nullable CredentialSignals credentials) {

    public RouteSignals(
            @Nullable String routeId,
            @Nullable List<InstanceSignals> instances,
            long requests,
            long retries,
            long rateLimited,
            long unavailable,
            @Nullable CredentialSignals credentials) {
        SpecCheck check = SpecCheck.of("route signals");
        this.routeId = check.name("routeId", routeId);
        this.instances = check.list("instances", instances, 1_000);
        check.require(
                requests >= 0 && retries >= 0 && rateLimited >= 0 && unavailable >= 0,
                "requests",
                "counts must not be negative");
        this.requests = requests;
        this.retries = retries;
        this.rateLimited = rateLimited;
        this.unavailable = unavailable;
        this.credentials = credentials;
        check.throwIfInvalid();
    }

    /** A route without upstream credentials. */
    public RouteSignals(
            @Nullable String routeId,
            @Nullable List<InstanceSignals> instances,
            long requests,
            long retries,
            long rateLimited,
            long unavailable) {
        this(routeId, instances, requests, retries, rateLimited, unavailable, null);
    }
}
