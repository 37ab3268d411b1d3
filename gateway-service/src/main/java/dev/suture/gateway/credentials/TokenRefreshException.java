package dev.suture.gateway.credentials;

/**
 * Why a token request failed, in words fit for a log line and a problem detail: it names the token endpoint or the
 * secret's source, never the secret. Without a stack trace: it is an expected outcome, and one instance may reach
 * every request that waited for the same refresh.
 */
final class TokenRefreshException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TokenRefreshException(String message) {
        super(message, null, false, false);
    }
}
