package dev.suture.gateway.credentials;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gateway-wide meters of upstream credentials; per-route counts travel in the signal reports instead, which keeps
 * the number of series independent of the number of routes. Counters are registered once, so counting is one
 * increment with no lookup. Thread-safe.
 */
final class TokenMeters {

    private final Counter refreshed;
    private final Counter refreshFailed;
    private final Counter replayed;
    private final Counter refused;

    TokenMeters(MeterRegistry registry) {
        this.refreshed = Counter.builder("suture.gateway.credentials.refreshes")
                .description("Token requests to upstream credentials' token endpoints, by result")
                .tag("result", "ok")
                .register(registry);
        this.refreshFailed = Counter.builder("suture.gateway.credentials.refreshes")
                .description("Token requests to upstream credentials' token endpoints, by result")
                .tag("result", "failed")
                .register(registry);
        this.replayed = Counter.builder("suture.gateway.credentials.replays")
                .description("Requests an upstream refused with 401 that were sent again with a new token")
                .register(registry);
        this.refused = Counter.builder("suture.gateway.requests.refused")
                .description("Requests the gateway answered itself instead of proxying")
                .tag("reason", "no_token")
                .register(registry);
    }

    void refreshed() {
        refreshed.increment();
    }

    void refreshFailed() {
        refreshFailed.increment();
    }

    void replayed() {
        replayed.increment();
    }

    void refused() {
        refused.increment();
    }
}
