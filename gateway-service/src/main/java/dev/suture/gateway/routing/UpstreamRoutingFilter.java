package dev.suture.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import dev.suture.gateway.signal.SignalRecordingFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Replaces a route's placeholder URI ({@code suture://<route id>}) with an instance picked from the route's pool in
 * the table in force, keeping the request's raw path and query. Refuses with 429 and {@code Retry-After} when the
 * route's rate limit has no token left, and with 503 when the route has no usable instance. Counts the route's
 * requests and refusals in its recorder, and hands the picked instance's recorder to {@link SignalRecordingFilter}.
 *
 * <p>Runs on every proxied request: no blocking, no logging, and no allocation beyond the target URI and one exchange
 * attribute. The pool is found by the route's index; counting and the rate limit are lock-free. It sits after
 * {@link RouteToRequestUrlFilter}, which has merged the request path into the placeholder, where Spring Cloud
 * Gateway's own load balancer filter would sit, and before {@link NettyRoutingFilter} sends the request.
 */
@Component
public final class UpstreamRoutingFilter implements GlobalFilter, Ordered {

    /** Where Spring Cloud Gateway's own load balancer filter sits (10150), which this filter stands in for. */
    public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 150;

    private final RoutingTableHolder tables;
    private final ProblemResponder problems;
    private final Clock clock;
    private final Counter refused;
    private final Counter rateLimited;

    public UpstreamRoutingFilter(
            RoutingTableHolder tables, ProblemResponder problems, Clock clock, MeterRegistry registry) {
        this.tables = tables;
        this.problems = problems;
        this.clock = clock;
        this.refused = Counter.builder("suture.gateway.requests.refused")
                .description("Requests the gateway answered itself instead of proxying")
                .tag("reason", "no_instance")
                .register(registry);
        this.rateLimited = Counter.builder("suture.gateway.requests.refused")
                .description("Requests the gateway answered itself instead of proxying")
                .tag("reason", "rate_limited")
                .register(registry);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        if (url == null || route == null || !RoutingTableBuilder.SCHEME.equals(url.getScheme())) {
            return chain.filter(exchange);
        }
        RoutePool pool = tables.current().pool(route);
        if (pool == null) {
            return noInstance(exchange, route);
        }
        pool.recorder().requested();
        RequestRateLimiter limiter = pool.rateLimiter();
        if (limiter != null && !limiter.tryAcquire(System.nanoTime())) {
            pool.recorder().rateLimited();
            return tooManyRequests(exchange, route, limiter);
        }
        Upstream upstream = pool.next(clock.millis());
        if (upstream == null) {
            pool.recorder().unavailable();
            return noInstance(exchange, route);
        }
        ServerWebExchangeUtils.addOriginalRequestUrl(exchange, url);
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, upstream.target(url));
        exchange.getAttributes().put(SignalRecordingFilter.ATTEMPT_ATTR, upstream.recorder());
        return chain.filter(exchange);
    }

    private Mono<Void> noInstance(ServerWebExchange exchange, Route route) {
        refused.increment();
        return problems.respond(
                exchange,
                HttpStatus.SERVICE_UNAVAILABLE,
                "route " + route.getId() + " has no usable upstream instance");
    }

    private Mono<Void> tooManyRequests(ServerWebExchange exchange, Route route, RequestRateLimiter limiter) {
        rateLimited.increment();
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, limiter.retryAfterHeader());
        String reason = limiter.reason().isEmpty() ? "" : ": " + limiter.reason();
        return problems.respond(
                exchange,
                HttpStatus.TOO_MANY_REQUESTS,
                "route " + route.getId() + " is limited to " + limiter.requestsPerSecond()
                        + " requests per second on this gateway" + reason);
    }
}
