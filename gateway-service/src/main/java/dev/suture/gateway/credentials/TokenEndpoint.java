package dev.suture.gateway.credentials;

import dev.suture.model.route.OAuth2ClientCredentials;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks an authorization server's token endpoint for an access token with the client credentials grant (RFC 6749
 * section 4.4), authenticating with {@code client_secret_basic} or {@code client_secret_post} (section 2.3.1), and
 * reads its answer (section 5.1, errors 5.2). Non-blocking; each request is bounded by the token timeout.
 *
 * <p>Thread-safe: the WebClient is, and nothing else is kept.
 */
final class TokenEndpoint {

    /** Answers beyond this are not token responses; the codec would refuse them anyway. */
    private static final int MAX_ANSWER_CHARS = 200;

    private final WebClient http;
    private final JsonMapper json;
    private final Duration timeout;

    TokenEndpoint(WebClient http, JsonMapper json, Duration timeout) {
        this.http = http;
        this.json = json;
        this.timeout = timeout;
    }

    /** The granted token, or a {@link TokenRefreshException} that says what went wrong. */
    Mono<GrantedToken> request(OAuth2ClientCredentials grant, String secret) {
        WebClient.RequestBodySpec post = http.post()
                .uri(grant.tokenUrl())
                .accept(MediaType.APPLICATION_JSON)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED);
        BodyInserters.FormInserter<String> form = BodyInserters.fromFormData("grant_type", "client_credentials");
        if (!grant.scopes().isEmpty()) {
            form.with("scope", String.join(" ", grant.scopes()));
        }
        if (OAuth2ClientCredentials.CLIENT_SECRET_POST.equals(grant.clientAuthentication())) {
            form.with("client_id", grant.clientId()).with("client_secret", secret);
        } else {
            post.header(HttpHeaders.AUTHORIZATION, basic(grant.clientId(), secret));
        }
        return post.body(form)
                .exchangeToMono(response -> response.bodyToMono(byte[].class)
                        .defaultIfEmpty(new byte[0])
                        .map(body -> read(grant.tokenUrl(), response.statusCode(), body)))
                .timeout(timeout)
                .onErrorMap(error -> !(error instanceof TokenRefreshException), error -> failed(grant, error));
    }

    /** RFC 6749 section 2.3.1: both parts form-encoded before they are joined and base64-encoded. */
    static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private GrantedToken read(String tokenUrl, HttpStatusCode status, byte[] body) {
        JsonNode answer = parse(tokenUrl, status, body);
        if (!status.is2xxSuccessful()) {
            throw new TokenRefreshException(
                    "token endpoint " + tokenUrl + " answered " + status.value() + errorOf(answer, body));
        }
        String token = answer.path("access_token").asString("");
        if (token.isEmpty()) {
            throw new TokenRefreshException("token endpoint " + tokenUrl + " answered without an access_token");
        }
        String type = answer.path("token_type").asString("Bearer");
        if (!type.equalsIgnoreCase("Bearer")) {
            throw new TokenRefreshException(
                    "token endpoint " + tokenUrl + " granted a token of type " + abbreviate(type) + ", not Bearer");
        }
        JsonNode expiresIn = answer.path("expires_in");
        long lifetimeSeconds =
                expiresIn.isMissingNode() || expiresIn.isNull() ? GrantedToken.UNKNOWN_LIFETIME : expiresIn.asLong(0);
        if (lifetimeSeconds <= 0) {
            throw new TokenRefreshException("token endpoint " + tokenUrl + " granted a token with expires_in "
                    + abbreviate(expiresIn.toString()) + ", which is not a positive number of seconds");
        }
        return new GrantedToken(token, lifetimeSeconds);
    }

    private JsonNode parse(String tokenUrl, HttpStatusCode status, byte[] body) {
        try {
            return body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (JacksonException e) {
            if (!status.is2xxSuccessful()) {
                return json.createObjectNode();
            }
            throw new TokenRefreshException("token endpoint " + tokenUrl + " answered " + status.value()
                    + " with a body that is not JSON: " + abbreviate(new String(body, StandardCharsets.UTF_8)));
        }
    }

    /** The OAuth2 error and its description (RFC 6749 section 5.2) when the answer has one. */
    private static String errorOf(JsonNode answer, byte[] body) {
        String error = answer.path("error").asString("");
        if (error.isEmpty()) {
            return body.length == 0 ? "" : ": " + abbreviate(new String(body, StandardCharsets.UTF_8));
        }
        String description = answer.path("error_description").asString("");
        return ": " + abbreviate(error) + (description.isEmpty() ? "" : " (" + abbreviate(description) + ")");
    }

    private TokenRefreshException failed(OAuth2ClientCredentials grant, Throwable error) {
        if (error instanceof TimeoutException) {
            return new TokenRefreshException(
                    "token endpoint " + grant.tokenUrl() + " did not answer within " + timeout.toMillis() + " ms");
        }
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return new TokenRefreshException("token endpoint " + grant.tokenUrl() + " could not be reached: "
                + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_ANSWER_CHARS ? line : line.substring(0, MAX_ANSWER_CHARS) + "...";
    }

    /**
     * What the token endpoint granted.
     *
     * @param token the access token
     * @param lifetimeSeconds its {@code expires_in}, or {@link #UNKNOWN_LIFETIME} when the answer had none
     */
    record GrantedToken(String token, long lifetimeSeconds) {

        /** Lifetime assumed for a token granted without {@code expires_in}: five minutes. */
        static final long UNKNOWN_LIFETIME = 300;

        @Override
        public String toString() {
            return "GrantedToken[lifetimeSeconds=" + lifetimeSeconds + "]";
        }
    }
}
