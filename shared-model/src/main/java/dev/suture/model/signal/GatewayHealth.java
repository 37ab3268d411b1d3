package dev.suture.model.signal;

import dev.suture.model.validation.SpecCheck;

/**
 * How a gateway itself is doing at the end of a report window, so that the control service and operators can tell a
 * struggling gateway from a struggling upstream: a gateway short of CPU or heap adds latency to every route it serves.
 *
 * @param ready whether it routes by a snapshot; a gateway without one answers 503 to every request
 * @param processCpuLoad the gateway process's share of the machine's CPU, 0 to 1; -1 when the JVM cannot tell
 * @param heapUsedFraction heap in use over the largest heap the gateway may use, 0 to 1
 * @param openBreakers upstream instances whose circuit breaker on this gateway is open or half-open
 */
public record GatewayHealth(boolean ready, double processCpuLoad, double heapUsedFraction, int openBreakers) {

    public GatewayHealth {
        SpecCheck check = SpecCheck.of("gateway health");
        check.require(
                processCpuLoad == -1 || (processCpuLoad >= 0 && processCpuLoad <= 1),
                "processCpuLoad",
                "must be between 0 and 1, or -1 when unknown");
        check.require(heapUsedFraction >= 0 && heapUsedFraction <= 1, "heapUsedFraction", "must be between 0 and 1");
        check.require(openBreakers >= 0, "openBreakers", "must not be negative");
        check.throwIfInvalid();
    }
}
