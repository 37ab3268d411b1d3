package dev.suture.gateway.credentials;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Puts the attempt's access token into the headers that {@link NettyRoutingFilter} sends upstream, as {@code
 * Authorization: Bearer ...}, replacing any {@code Authorization} the client sent: on a route with upstream
 * credentials the upstream sees the gateway's identity, not the client's. The routing filter names the token in the
 * exchange attribute {@link #TOKEN_ATTR} for each attempt, so a replay after a 401 goes out with the new one.
 *
 * <p>Spring Cloud Gateway computes the upstream headers once per attempt by running every {@link HttpHeadersFilter};
 * this one runs last. Requests without a token pass untouched and cost one attribute lookup; with one, the headers
 * are copied once, since the filters before may have handed on the client's read-only headers.
 */
@Component
public final class BearerTokenHeaders implements HttpHeadersFilter, Ordered {

    /** The {@link AccessToken} the current attempt is sent with. */
    public static final String TOKEN_ATTR = BearerTokenHeaders.class.getName() + ".token";

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        AccessToken token = exchange.getAttribute(TOKEN_ATTR);
        if (token == null) {
            return input;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(input);
        headers.set(HttpHeaders.AUTHORIZATION, token.authorization());
        return headers;
    }

    /** Sets the token for the next attempt of {@code exchange}. */
    public static void use(ServerWebExchange exchange, @Nullable AccessToken token) {
        if (token != null) {
            exchange.getAttributes().put(TOKEN_ATTR, token);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
