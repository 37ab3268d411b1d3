package dev.suture.gateway.credentials;

/**
 * A request cannot be sent because its route's upstream credentials have no usable access token: the last token
 * request failed and the next is not due yet, or the one this request waited for failed. Answered {@code 503} with
 * {@code Retry-After} and a problem detail by the gateway's exception handler ({@code routing.ProxyFailureHandler}).
 * Without a stack trace: it is a refusal on the request path, not a bug.
 */
public final class TokenUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    TokenUnavailableException(String routeId, String reason, long retryAfterSeconds) {
        super("route " + routeId + " has no access token for its upstream: " + reason, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When the next token request is due, in whole seconds, at least 1; for the client's {@code Retry-After}. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
