package dev.suture.gateway.credentials;

/**
 * An access token as the request path needs it: the {@code Authorization} header value, built once, and the two
 * moments that matter. Immutable, so that it can be shared through one volatile field.
 *
 * @param authorization {@code Bearer} and the token
 * @param refreshAtMillis from when a request starts a renewal in the background while still using this token
 * @param expiresAtMillis from when this token is no longer sent
 */
public record AccessToken(String authorization, long refreshAtMillis, long expiresAtMillis) {

    /**
     * A token valid for {@code lifetimeMillis} from {@code requestedAtMillis}, the moment its request was sent (the
     * authorization server cannot have started its lifetime earlier), renewed {@code refreshAheadMillis} before it
     * expires, or halfway through a lifetime shorter than twice that.
     */
    static AccessToken of(String token, long requestedAtMillis, long lifetimeMillis, long refreshAheadMillis) {
        long margin = Math.min(refreshAheadMillis, lifetimeMillis / 2);
        long expiresAt = requestedAtMillis + lifetimeMillis;
        return new AccessToken("Bearer " + token, expiresAt - margin, expiresAt);
    }

    /** Never shows the token itself. */
    @Override
    public String toString() {
        return "AccessToken[refreshAt=" + refreshAtMillis + " expiresAt=" + expiresAtMillis + "]";
    }
}
