package dev.suture.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import dev.suture.gateway.credentials.TokenUnavailableException;
import dev.suture.gateway.signal.AttemptOutcomes;
import dev.suture.model.signal.Outcome;
import java.net.URI;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * Answers, with a problem detail, a proxied request that failed on the way to its upstream:
 *
 * <ul>
 *   <li>504 when connecting took longer than the route's connect timeout or the response did not start within the
 *       route's deadline; 502 when the connection was refused, was reset or closed before the response, or carried
 *       something that is not HTTP. Without this Spring Cloud Gateway answers 500 and logs a stack trace per request;
 *   <li>503 with {@code Retry-After} when no access token could be had for a route with upstream credentials
 *       ({@link TokenUnavailableException}: the token endpoint's failure, or a secret that cannot be read).
 * </ul>
 *
 * <p>The gateway's one exception handler: Spring wraps every request in one {@code onErrorResume} per handler, so one
 * handler for all of the gateway's own failures costs the request path a single operator. Runs just before Spring
 * Boot's default handler (order -1) and passes on every other error. When the response has already started, it can
 * only cut the client's connection off.
 */
@Component
final class ProxyFailureHandler implements WebExceptionHandler, Ordered {

    private final ProblemResponder problems;

    ProxyFailureHandler(ProblemResponder problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (error instanceof TokenUnavailableException unavailable) {
            return noToken(exchange, unavailable);
        }
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        URI target = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        if (route == null || target == null) {
            return Mono.error(error);
        }
        Outcome outcome = AttemptOutcomes.ofFailure(error);
        if (outcome == null
                || !(outcome.isConnectionFailure()
                        || outcome == Outcome.MALFORMED_RESPONSE
                        || outcome == Outcome.RESPONSE_TIMEOUT)) {
            return Mono.error(error);
        }
        if (exchange.getResponse().isCommitted()) {
            return cutOff(exchange, error);
        }
        String upstream = target.getScheme() + "://" + target.getRawAuthority();
        if (outcome == Outcome.RESPONSE_TIMEOUT) {
            return problems.respond(exchange, HttpStatus.GATEWAY_TIMEOUT, timedOut(route, upstream, error));
        }
        HttpStatus status = outcome == Outcome.CONNECT_TIMEOUT ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(error);
        String detail = outcome == Outcome.CONNECTION_REFUSED || outcome == Outcome.CONNECT_TIMEOUT
                ? "route " + route.getId() + " could not connect to upstream " + upstream + ": " + cause.getMessage()
                : "route " + route.getId() + " got no valid response from upstream " + upstream + ": "
                        + cause.getMessage();
        return problems.respond(exchange, status, detail);
    }

    private Mono<Void> noToken(ServerWebExchange exchange, TokenUnavailableException unavailable) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(unavailable);
        }
        exchange.getResponse()
                .getHeaders()
                .set(HttpHeaders.RETRY_AFTER, Long.toString(unavailable.retryAfterSeconds()));
        return problems.respond(exchange, HttpStatus.SERVICE_UNAVAILABLE, unavailable.getMessage());
    }

    /** The route's deadline names itself (see {@link ProxyAttempts}); any other timeout is named here. */
    private static String timedOut(Route route, String upstream, Throwable error) {
        if (error instanceof ResponseStatusException status
                && status.getReason() != null
                && status.getReason().startsWith("route ")) {
            return status.getReason();
        }
        return "route " + route.getId() + " got no response from upstream " + upstream + " in time";
    }

    /**
     * The upstream broke off in the middle of its body, after the status and headers went to the client. Reactor
     * Netty would end the response as if it were complete and keep the connection, leaving the client waiting for
     * bytes that never come; closing the client's connection tells it the response is broken.
     */
    private static Mono<Void> cutOff(ServerWebExchange exchange, Throwable error) {
        if (ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection connection) {
            connection.dispose();
            return Mono.empty();
        }
        return Mono.error(error);
    }
}
