package dev.suture.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import dev.suture.gateway.credentials.AccessToken;
import dev.suture.gateway.credentials.TokenSource;
import dev.suture.gateway.credentials.TokenUnavailableException;
import dev.suture.gateway.retry.ReplayableRequest;
import dev.suture.gateway.retry.RetryBudget;
import dev.suture.gateway.retry.RetryRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Sends a request of one of Suture's routes (placeholder URI {@code suture://<route id>}) to an instance picked from
 * the route's pool in the table in force, at the request's raw path and query, and retries failed attempts on other
 * instances (see {@link ProxyAttempts}). Refuses with 429 and {@code Retry-After} when the route's rate limit has no
 * token left, with 503 and {@code Retry-After} when every instance's circuit breaker is open, and with 503 when the
 * route has no usable instance. Counts the route's requests and refusals in its recorder. On a route with upstream
 * credentials it sends the route's access token; a request that finds no unexpired token waits for the one renewal in
 * flight, or is refused with 503 when the token endpoint is failing (see {@link TokenSource}).
 *
 * <p>A request that may be retried, or sent again with a new token after a 401, and has a body of known length within
 * the policy's limit is read whole before its first attempt, so that it can be sent again; larger bodies, and bodies
 * of unknown length, stream through once and are never retried or replayed.
 *
 * <p>Runs on every proxied request: no blocking, no logging, and no allocation beyond the target URI, the one
 * {@link ProxyAttempts} object and its deadline's entry on the {@link DeadlineWheel}. The pool is found by the
 * route's index; counting, the budget, the breakers and the rate limit are lock-free on the way in.
 *
 * <p>It sits where Spring Cloud Gateway's own load balancer filter would, before {@link NettyRoutingFilter} sends the
 * request. Spring Cloud Gateway's {@link RouteToRequestUrlFilter} is off (see application.yml): it would merge the
 * request's path into the placeholder with a {@code UriComponentsBuilder} on every request, only for this filter to
 * build the instance's URL again; this one builds it once, from the request's own URI, nothing decoded.
 */
@Component
public final class UpstreamRoutingFilter implements GlobalFilter, Ordered {

    /** Where Spring Cloud Gateway's own load balancer filter sits (10150), which this filter stands in for. */
    public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 150;

    private final RoutingTableHolder tables;
    private final ProblemResponder problems;
    private final Clock clock;
    private final DeadlineWheel deadlines;
    private final Counter refused;
    private final Counter rateLimited;
    private final Counter circuitOpen;

    public UpstreamRoutingFilter(
            RoutingTableHolder tables,
            ProblemResponder problems,
            Clock clock,
            DeadlineWheel deadlines,
            MeterRegistry registry) {
        this.tables = tables;
        this.problems = problems;
        this.clock = clock;
        this.deadlines = deadlines;
        this.refused = Counter.builder("suture.gateway.requests.refused")
                .description("Requests the gateway answered itself instead of proxying")
                .tag("reason", "no_instance")
                .register(registry);
        this.rateLimited = Counter.builder("suture.gateway.requests.refused")
                .description("Requests the gateway answered itself instead of proxying")
                .tag("reason", "rate_limited")
                .register(registry);
        this.circuitOpen = Counter.builder("suture.gateway.requests.refused")
                .description("Requests the gateway answered itself instead of proxying")
                .tag("reason", "circuit_open")
                .register(registry);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        if (route == null || !RoutingTableBuilder.SCHEME.equals(route.getUri().getScheme())) {
            return chain.filter(exchange);
        }
        RoutePool pool = tables.current().pool(route);
        if (pool == null) {
            return noInstance(exchange, route);
        }
        long startedNanos = System.nanoTime();
        pool.recorder().requested();
        RetryBudget budget = pool.retryBudget();
        if (budget != null) {
            budget.requested(startedNanos);
        }
        RequestRateLimiter limiter = pool.rateLimiter();
        if (limiter != null && !limiter.tryAcquire(startedNanos)) {
            pool.recorder().rateLimited();
            return tooManyRequests(exchange, route, limiter);
        }
        long nowMillis = clock.millis();
        TokenSource tokens = pool.tokenSource();
        if (tokens == null) {
            return proceed(exchange, chain, route, pool, startedNanos, nowMillis, null);
        }
        AccessToken token = tokens.current(nowMillis);
        if (token != null) {
            return proceed(exchange, chain, route, pool, startedNanos, nowMillis, token);
        }
        // No unexpired token: wait for the renewal. ProxyFailureHandler answers when there is none to be had.
        return tokens.await(nowMillis)
                .doOnError(TokenUnavailableException.class, refused -> tokens.refused())
                .flatMap(fresh -> proceed(exchange, chain, route, pool, startedNanos, clock.millis(), fresh));
    }

    /** Picks the instance and sends the attempts, with {@code token} when the route has upstream credentials. */
    private Mono<Void> proceed(
            ServerWebExchange exchange,
            GatewayFilterChain chain,
            Route route,
            RoutePool pool,
            long startedNanos,
            long nowMillis,
            @Nullable AccessToken token) {
        Upstream upstream = pool.pick(nowMillis, null, 0);
        if (upstream == null) {
            pool.recorder().unavailable();
            return pool.hasInstancesAt(nowMillis) ? circuitOpen(exchange, route, pool) : noInstance(exchange, route);
        }
        ServerHttpRequest request = exchange.getRequest();
        RetryRules rules = pool.retryRules();
        boolean retryable = pool.retryBudget() != null && rules.mayRetry(request);
        // A body that might be sent again is kept for it, unless it is too large to keep or of unknown length: then it
        // is sent once, as it streams in, and the request is never sent again.
        boolean mightResend = (retryable || token != null) && RetryRules.hasBody(request.getHeaders());
        boolean resendable = !mightResend || fitsForReplay(request.getHeaders().getContentLength(), rules);
        ProxyAttempts attempts = new ProxyAttempts(
                exchange,
                chain,
                pool,
                route.getId(),
                upstream,
                clock,
                deadlines,
                startedNanos,
                retryable && resendable,
                resendable,
                token);
        if (!mightResend || !resendable) {
            return attempts;
        }
        return DataBufferUtils.join(request.getBody(), (int) rules.maxBufferedBodyBytes())
                .map(ReplayableRequest::copyAndRelease)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> attempts.replaying(ReplayableRequest.of(
                        request, body, exchange.getResponse().bufferFactory())));
    }

    private static boolean fitsForReplay(long contentLength, RetryRules rules) {
        return contentLength >= 0 && contentLength <= rules.maxBufferedBodyBytes();
    }

    /** Every instance in rotation has its circuit breaker open: 503, and when to come back. */
    private Mono<Void> circuitOpen(ServerWebExchange exchange, Route route, RoutePool pool) {
        circuitOpen.increment();
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(pool.secondsUntilProbe()));
        return problems.respond(
                exchange,
                HttpStatus.SERVICE_UNAVAILABLE,
                "route " + route.getId() + " has every upstream instance's circuit breaker open");
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
