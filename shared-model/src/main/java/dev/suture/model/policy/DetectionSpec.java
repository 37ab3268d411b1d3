package dev.suture.model.policy;

import org.jspecify.annotations.Nullable;

/**
 * When a route or one of its instances counts as unhealthy. A rule left out takes its default below.
 *
 * @param errorRate 5xx and failed requests; default 50% over 10 s with at least 20 requests
 * @param latency slow responses; default p99 above 2000 ms over 10 s with at least 20 requests
 * @param timeouts requests that timed out; default 20% over 10 s with at least 20 requests
 * @param connectionFailures consecutive connection failures to one instance; default 5 within 10 s
 * @param authFailures upstream 401/403 answers; default 50% over 10 s with at least 20 requests
 * @param overload traffic spike with rising latency; default 3x traffic and 2x p99 over 10 s, 50 requests
 */
public record DetectionSpec(
        RateThreshold errorRate,
        LatencyThreshold latency,
        RateThreshold timeouts,
        ConnectionFailureThreshold connectionFailures,
        RateThreshold authFailures,
        OverloadThreshold overload) {

    public DetectionSpec(
            @Nullable RateThreshold errorRate,
            @Nullable LatencyThreshold latency,
            @Nullable RateThreshold timeouts,
            @Nullable ConnectionFailureThreshold connectionFailures,
            @Nullable RateThreshold authFailures,
            @Nullable OverloadThreshold overload) {
        this.errorRate = errorRate != null ? errorRate : new RateThreshold(0.5, 10, 20);
        this.latency = latency != null ? latency : new LatencyThreshold(null, null, null, null);
        this.timeouts = timeouts != null ? timeouts : new RateThreshold(0.2, 10, 20);
        this.connectionFailures =
                connectionFailures != null ? connectionFailures : new ConnectionFailureThreshold(null, null);
        this.authFailures = authFailures != null ? authFailures : new RateThreshold(0.5, 10, 20);
        this.overload = overload != null ? overload : new OverloadThreshold(null, null, null, null);
    }

    public static DetectionSpec defaults() {
        return new DetectionSpec(null, null, null, null, null, null);
    }
}
