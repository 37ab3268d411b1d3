package dev.suture.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import dev.suture.gateway.signal.AttemptOutcomes;
import dev.suture.model.signal.Outcome;
import java.net.URI;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * Answers a proxied request whose upstream instance failed at the connection level or timed out with a problem
 * detail: 504 when connecting took longer than the route's connect timeout or the response did not start within the
 * route's deadline, 502 when the connection was refused, was reset or closed before the response, or carried
 * something that is not HTTP. Without it Spring Cloud Gateway answers 500 and logs a stack trace per request, and a
 * response timeout gets Spring Boot's JSON error body instead of a problem detail.
 *
 * <p>An exception handler rather than a filter, so that the request path pays nothing when nothing fails. Runs just
 * before Spring Boot's default handler (order -1) and passes on every other error. When the response has already
 * started, it can only cut the client's connection off.
 */
@Component
final class UpstreamConnectFailureHandler implements WebExceptionHandler, Ordered {

    private final ProblemResponder problems;

    UpstreamConnectFailureHandler(ProblemResponder problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
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

    /** Our own deadline names itself; Spring Cloud Gateway's response timeout names only the duration. */
    private static String timedOut(Route route, String upstream, Throwable error) {
        if (error instanceof ResponseStatusException status
                && status.getReason() != null
                && status.getReason().startsWith("route ")) {
            return status.getReason();
        }
        Object timeout = route.getMetadata().get(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR);
        return "route " + route.getId() + " got no response from upstream " + upstream + " within " + timeout + " ms";
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
