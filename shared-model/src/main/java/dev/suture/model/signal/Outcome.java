package dev.suture.model.signal;

/**
 * How one proxied attempt to an upstream instance ended, as a gateway classifies it. Every attempt has exactly one
 * outcome; retries are attempts too.
 */
public enum Outcome {
    /** 1xx, 2xx or 3xx from the upstream. */
    OK,
    /** 4xx other than 401, 403 and 429: the client's fault, not the upstream's. */
    CLIENT_ERROR,
    /** 5xx from the upstream. */
    SERVER_ERROR,
    /** 401 from the upstream. */
    UNAUTHORIZED,
    /** 403 from the upstream. */
    FORBIDDEN,
    /** 429 from the upstream. */
    THROTTLED,
    /** Nothing listens: the connection was refused. */
    CONNECTION_REFUSED,
    /** The connection was reset or closed before a complete response. */
    CONNECTION_RESET,
    /** The connection was not established within the route's connect timeout. */
    CONNECT_TIMEOUT,
    /** The response did not arrive within the route's response timeout. */
    RESPONSE_TIMEOUT,
    /** The upstream sent something that is not a valid HTTP response, or a truncated one. */
    MALFORMED_RESPONSE;

    /** A failure of the connection itself, counted by the consecutive connection failures rule. */
    public boolean isConnectionFailure() {
        return this == CONNECTION_REFUSED || this == CONNECTION_RESET || this == CONNECT_TIMEOUT;
    }

    /** Counts against the error-rate rule: the upstream failed the request. */
    public boolean isError() {
        return this == SERVER_ERROR || isConnectionFailure() || this == RESPONSE_TIMEOUT || this == MALFORMED_RESPONSE;
    }

    public boolean isAuthFailure() {
        return this == UNAUTHORIZED || this == FORBIDDEN;
    }
}
