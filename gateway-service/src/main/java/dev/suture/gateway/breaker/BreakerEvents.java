package dev.suture.gateway.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells operators when an instance's circuit breaker changes state: one log line per change, with the rates that
 * caused it, and a counter per route and new state ({@code suture.gateway.breaker.transitions}).
 *
 * <p>Thread-safe: logging and Micrometer are.
 */
@Component
public class BreakerEvents {

    static final BreakerEvents SILENT = new BreakerEvents(new SimpleMeterRegistry());

    private static final Logger log = LoggerFactory.getLogger(BreakerEvents.class);

    private final MeterRegistry registry;

    public BreakerEvents(MeterRegistry registry) {
        this.registry = registry;
    }

    void transitioned(
            String routeId,
            String url,
            CircuitBreaker.State from,
            CircuitBreaker.State to,
            CircuitBreaker.Metrics metrics) {
        Counter.builder("suture.gateway.breaker.transitions")
                .description("Circuit breaker state changes, by route and the state entered")
                .tag("route", routeId)
                .tag("state", to.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
        if (this == SILENT) {
            return;
        }
        log.info(
                "circuit breaker {} route={} instance={} from={} failureRate={}% slowCallRate={}% calls={} failed={}",
                verb(to),
                routeId,
                url,
                from,
                rate(metrics.getFailureRate()),
                rate(metrics.getSlowCallRate()),
                metrics.getNumberOfBufferedCalls(),
                metrics.getNumberOfFailedCalls());
    }

    /** A breaker threw while recording an outcome; the request went on. Counted, and the first per route logged. */
    void bookkeepingFailed(String routeId, String url, RuntimeException error) {
        Counter errors = Counter.builder("suture.gateway.breaker.errors")
                .description("Outcomes a circuit breaker failed to record; the first per route is logged")
                .tag("route", routeId)
                .register(registry);
        errors.increment();
        if (errors.count() > 1) {
            return;
        }
        log.warn(
                "circuit breaker could not record an outcome route={} instance={}: {}", routeId, url, error.toString());
    }

    private static String verb(CircuitBreaker.State to) {
        return switch (to) {
            case OPEN -> "opened";
            case HALF_OPEN -> "half-open, probing";
            case CLOSED -> "closed";
            default -> "now " + to.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Resilience4j reports -1 while the window has fewer calls than the minimum. */
    private static String rate(float percent) {
        return percent < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", percent);
    }
}
