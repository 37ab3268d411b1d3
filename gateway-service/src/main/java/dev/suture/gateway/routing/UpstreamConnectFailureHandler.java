package dev.suture.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.URI;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers a proxied request whose upstream instance could not be reached with a problem detail: 502 when the
 * connection failed, 504 when connecting took longer than the route's connect timeout. Without it Spring Cloud
 * Gateway answers 500 and logs a stack trace per request.
 *
 * <p>An exception handler rather than a filter, so that the request path pays nothing when nothing fails. Runs just
 * before Spring Boot's default handler (order -1) and passes on every other error.
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
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(error);
        if (route == null || target == null || exchange.getResponse().isCommitted() || !isConnectFailure(error)) {
            return Mono.error(error);
        }
        HttpStatus status = error instanceof ConnectTimeoutException || cause instanceof ConnectTimeoutException
                ? HttpStatus.GATEWAY_TIMEOUT
                : HttpStatus.BAD_GATEWAY;
        String detail = "route " + route.getId() + " could not connect to upstream " + target.getScheme() + "://"
                + target.getRawAuthority() + ": " + cause.getMessage();
        return problems.respond(exchange, status, detail);
    }

    private static boolean isConnectFailure(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
