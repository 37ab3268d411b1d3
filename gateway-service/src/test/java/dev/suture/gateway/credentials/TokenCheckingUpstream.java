package dev.suture.gateway.credentials;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * A real upstream that accepts only bearer tokens from the test's {@link AuthorizationServer}: it verifies each JWT's
 * signature with the server's published keys, its issuer, and its expiry with no clock skew allowed, so a token
 * really stops working the moment it expires. It answers 200 with the token's subject and scopes, or 401 with {@code
 * WWW-Authenticate: Bearer error="invalid_token"}. It can also revoke every token it has seen, as an upstream does
 * that rotated its trust or learned of a leak.
 *
 * <p>Thread-safe: a fixed pool serves requests; what it records is kept in concurrent collections.
 */
final class TokenCheckingUpstream implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final NimbusJwtDecoder decoder;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private TokenCheckingUpstream(AuthorizationServer issuer) throws IOException {
        decoder = NimbusJwtDecoder.withJwkSetUri(issuer.jwksUrl()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(Duration.ZERO),
                new JwtIssuerValidator(issuer.url().toString())));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    static TokenCheckingUpstream trusting(AuthorizationServer issuer) throws IOException {
        return new TokenCheckingUpstream(issuer);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, every token this upstream has accepted so far is refused. */
    void revokeSeenTokens() {
        revoked.addAll(seen);
    }

    int accepted() {
        return accepted.get();
    }

    int refused() {
        return refused.get();
    }

    /** Every {@code Authorization} header received, in order; {@code (none)} for requests without one. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "(none)" : authorization);
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                refuse(exchange, "no bearer token");
                return;
            }
            String token = authorization.substring("Bearer ".length());
            if (revoked.contains(token)) {
                refuse(exchange, "token revoked");
                return;
            }
            Jwt jwt;
            try {
                jwt = decoder.decode(token);
            } catch (JwtException e) {
                refuse(exchange, e.getMessage());
                return;
            }
            seen.add(token);
            accepted.incrementAndGet();
            answer(exchange, 200, "hello " + jwt.getSubject() + " scope=" + jwt.getClaimAsString("scope"));
        }
    }

    private void refuse(HttpExchange exchange, String reason) throws IOException {
        refused.incrementAndGet();
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        answer(exchange, 401, "refused: " + reason);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
