package dev.suture.model.snapshot;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * A cap healing puts on a struggling route's request rate. The cap is fleet-wide; each of the {@code gatewayCount}
 * gateways enforces its share, {@code fleetRequestsPerSecond / gatewayCount}, and answers requests over it with 429
 * and {@code Retry-After}. The control service republishes the limit when the fleet's size changes.
 *
 * @param routeId the route
 * @param fleetRequestsPerSecond the whole fleet's cap, above 0
 * @param gatewayCount connected gateways the cap is split over, at least 1
 * @param retryAfterSeconds sent with each 429, 1 to 3600
 * @param reason why, in an operator's words
 */
public record RouteRateLimit(
        String routeId, double fleetRequestsPerSecond, int gatewayCount, int retryAfterSeconds, String reason) {

    public RouteRateLimit(
            @Nullable String routeId,
            double fleetRequestsPerSecond,
            int gatewayCount,
            int retryAfterSeconds,
            @Nullable String reason) {
        SpecCheck check = SpecCheck.of("rate limit");
        this.routeId = check.name("routeId", routeId);
        check.require(
                fleetRequestsPerSecond > 0 && Double.isFinite(fleetRequestsPerSecond),
                "fleetRequestsPerSecond",
                "must be above 0");
        this.fleetRequestsPerSecond = fleetRequestsPerSecond;
        check.require(gatewayCount >= 1, "gatewayCount", "must be at least 1");
        this.gatewayCount = gatewayCount;
        check.require(
                retryAfterSeconds >= 1 && retryAfterSeconds <= 3_600,
                "retryAfterSeconds",
                "must be between 1 and 3600");
        this.retryAfterSeconds = retryAfterSeconds;
        this.reason = check.text("reason", reason, "", 500);
        check.throwIfInvalid();
    }

    /** The share one gateway enforces. */
    public double perGatewayRequestsPerSecond() {
        return fleetRequestsPerSecond / gatewayCount;
    }
}
