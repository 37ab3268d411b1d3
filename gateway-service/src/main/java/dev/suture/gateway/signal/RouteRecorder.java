package dev.suture.gateway.signal;

/**
 * What one route saw since the last report window closed, apart from its instances: client requests, retries, and
 * requests the gateway answered itself (rate limited, no usable instance). Kept across routing tables for as long as
 * the route is declared.
 *
 * <p>Thread-safe: each count is one striped atomic add; the reporter's thread drains.
 */
public final class RouteRecorder {

    static final int REQUESTS = 0;
    static final int RETRIES = 1;
    static final int RATE_LIMITED = 2;
    static final int UNAVAILABLE = 3;

    private final String routeId;
    private final StripedCounters counts = new StripedCounters(4);

    public RouteRecorder(String routeId) {
        this.routeId = routeId;
    }

    public String routeId() {
        return routeId;
    }

    public void requested() {
        counts.increment(REQUESTS);
    }

    /** An attempt beyond a request's first. Nothing retries yet; the retry policy will count here. */
    public void retried() {
        counts.increment(RETRIES);
    }

    public void rateLimited() {
        counts.increment(RATE_LIMITED);
    }

    public void unavailable() {
        counts.increment(UNAVAILABLE);
    }

    /** Adds the counts since the last drain to {@code sums} (indexed by the constants above) and resets them. */
    void drainInto(long[] sums) {
        counts.drainInto(sums);
    }
}
