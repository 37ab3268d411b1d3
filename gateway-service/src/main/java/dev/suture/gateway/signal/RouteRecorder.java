package dev.suture.gateway.signal;

/**
 * What one route saw since the last report window closed, apart from its instances: client requests, retries,
 * requests the gateway answered itself (rate limited, no usable instance, no access token), and what its upstream
 * credentials did (token refreshes, replays after a 401). Kept across routing tables for as long as the route is
 * declared.
 *
 * <p>Thread-safe: each count is one striped atomic add; the reporter's thread drains.
 */
public final class RouteRecorder {

    static final int REQUESTS = 0;
    static final int RETRIES = 1;
    static final int RATE_LIMITED = 2;
    static final int UNAVAILABLE = 3;
    static final int TOKEN_REFRESHES = 4;
    static final int FAILED_TOKEN_REFRESHES = 5;
    static final int TOKEN_REPLAYS = 6;
    static final int NO_TOKEN = 7;
    static final int SLOTS = 8;

    private final String routeId;
    private final StripedCounters counts = new StripedCounters(SLOTS);

    public RouteRecorder(String routeId) {
        this.routeId = routeId;
    }

    public String routeId() {
        return routeId;
    }

    public void requested() {
        counts.increment(REQUESTS);
    }

    /** An attempt beyond a request's first, sent to another instance under the route's retry policy. */
    public void retried() {
        counts.increment(RETRIES);
    }

    public void rateLimited() {
        counts.increment(RATE_LIMITED);
    }

    public void unavailable() {
        counts.increment(UNAVAILABLE);
    }

    /** The route's upstream credentials got a new access token. */
    public void tokenRefreshed() {
        counts.increment(TOKEN_REFRESHES);
    }

    /** A token request of the route's upstream credentials failed. */
    public void tokenRefreshFailed() {
        counts.increment(FAILED_TOKEN_REFRESHES);
    }

    /** A request the upstream refused with 401 was sent again with a new access token. */
    public void replayedWithNewToken() {
        counts.increment(TOKEN_REPLAYS);
    }

    /** A request the gateway answered 503 because it had no usable access token for the upstream. */
    public void noToken() {
        counts.increment(NO_TOKEN);
    }

    /** Adds the counts since the last drain to {@code sums} (indexed by the constants above) and resets them. */
    void drainInto(long[] sums) {
        counts.drainInto(sums);
    }
}
