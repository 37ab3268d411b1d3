package dev.suture.gateway.readiness;

import dev.suture.gateway.routing.ProblemResponder;
import dev.suture.gateway.routing.RoutingTableHolder;
import dev.suture.gateway.settings.GatewaySettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Before the first snapshot, answers every proxied request with 503 and a problem detail saying why, rather than
 * letting an empty route table answer 404 as if the route did not exist. Actuator and {@code /suture/**} requests pass,
 * so probes and operators can still see the state. After the first snapshot it costs one volatile read per request.
 */
@Component
final class NotReadyWebFilter implements WebFilter, Ordered {

    /** Retry-After for a gateway waiting for its first snapshot, in seconds. */
    static final String RETRY_AFTER_SECONDS = "5";

    private final RoutingTableHolder tables;
    private final ProblemResponder problems;
    private final String actuatorBasePath;
    private final String detail;
    private final Counter refused;

    NotReadyWebFilter(
            RoutingTableHolder tables,
            ProblemResponder problems,
            GatewaySettings settings,
            MeterRegistry registry,
            @Value("${management.endpoints.web.base-path:/actuator}") String actuatorBasePath) {
        this.tables = tables;
        this.problems = problems;
        this.actuatorBasePath = actuatorBasePath;
        this.detail = "gateway " + settings.id() + " has no configuration yet: it has received no snapshot from the"
                + " control service and has none stored";
        this.refused = Counter.builder("suture.gateway.requests.refused")
                .description("Requests the gateway answered itself instead of proxying")
                .tag("reason", "not_ready")
                .register(registry);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!tables.current().isEmpty()
                || isOwnEndpoint(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        refused.increment();
        exchange.getResponse().getHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        return problems.respond(exchange, HttpStatus.SERVICE_UNAVAILABLE, detail);
    }

    private boolean isOwnEndpoint(String path) {
        return path.startsWith(actuatorBasePath + "/") || path.equals(actuatorBasePath) || path.startsWith("/suture/");
    }
}
