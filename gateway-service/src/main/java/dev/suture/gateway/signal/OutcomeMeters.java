package dev.suture.gateway.signal;

import dev.suture.model.signal.InstanceSignals;
import dev.suture.model.signal.Outcome;
import dev.suture.model.signal.RouteSignals;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code suture.gateway.upstream.attempts{route, outcome}}: attempts per route by outcome, fed from each closed window
 * rather than from the request path, so requests never touch Micrometer for it; the counters trail by one window.
 * Tagged by route, not by instance, to keep the series bounded; a counter appears with the first attempt of its kind
 * and goes when its route leaves the configuration.
 *
 * <p>Not thread-safe; only the reporter's thread uses it.
 */
final class OutcomeMeters {

    static final String NAME = "suture.gateway.upstream.attempts";

    private final MeterRegistry registry;
    private final Map<String, Map<Outcome, Counter>> byRoute = new HashMap<>();

    OutcomeMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void add(RouteSignals route) {
        Map<Outcome, Counter> counters = byRoute.computeIfAbsent(route.routeId(), id -> new EnumMap<>(Outcome.class));
        for (InstanceSignals instance : route.instances()) {
            for (Map.Entry<Outcome, Long> entry : instance.outcomes().entrySet()) {
                counters.computeIfAbsent(entry.getKey(), outcome -> register(route.routeId(), outcome))
                        .increment(entry.getValue());
            }
        }
    }

    /** Removes the counters of routes no longer declared. */
    void retainRoutes(Set<String> declared) {
        for (Iterator<Map.Entry<String, Map<Outcome, Counter>>> it =
                        byRoute.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, Map<Outcome, Counter>> entry = it.next();
            if (!declared.contains(entry.getKey())) {
                entry.getValue().values().forEach(registry::remove);
                it.remove();
            }
        }
    }

    private Counter register(String routeId, Outcome outcome) {
        return Counter.builder(NAME)
                .description("Proxied attempts by route and outcome, counted when each report window closes")
                .tag("route", routeId)
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
