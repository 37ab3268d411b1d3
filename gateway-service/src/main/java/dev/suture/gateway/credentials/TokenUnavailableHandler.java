package dev.suture.gateway.credentials;

import dev.suture.gateway.routing.ProblemResponder;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Answers a request that could not get an access token for its upstream with {@code 503}, {@code Retry-After} and a
 * problem detail naming the route and why (the token endpoint's failure, or the secret that cannot be read). An
 * exception handler, so that requests pay nothing for it; it runs before Spring Boot's default one and passes on
 * every other error.
 */
@Component
final class TokenUnavailableHandler implements WebExceptionHandler, Ordered {

    private final ProblemResponder problems;

    TokenUnavailableHandler(ProblemResponder problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return -3;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (!(error instanceof TokenUnavailableException unavailable)
                || exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        exchange.getResponse()
                .getHeaders()
                .set(HttpHeaders.RETRY_AFTER, Long.toString(unavailable.retryAfterSeconds()));
        return problems.respond(exchange, HttpStatus.SERVICE_UNAVAILABLE, unavailable.getMessage());
    }
}
