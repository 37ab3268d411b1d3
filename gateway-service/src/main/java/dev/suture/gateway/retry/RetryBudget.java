package dev.suture.gateway.retry;

import java.time.Duration;

/**
 * The share of a route's requests that this gateway may retry: over the last ten seconds, at most {@code ratio} of
 * the requests, plus {@code minPerSecond} per second so that a route with little traffic can still retry. When an
 * upstream is down entirely every attempt fails, and without a budget each client request would become {@code
 * maxAttempts} upstream requests; with it, upstream load stays near {@code 1 + ratio} times the client load.
 *
 * <p>Thread-safe. Counting a request is a clock comparison and a striped add; asking for a retry takes a lock, which
 * only failing requests do.
 */
public final class RetryBudget {

    static final Duration WINDOW = Duration.ofSeconds(10);
    private static final int SLICES = 10;

    private final double ratio;
    private final int minPerSecond;
    private final WindowedCounter requests;
    private final WindowedCounter retries;

    public RetryBudget(double ratio, int minPerSecond, long nowNanos) {
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
        long slice = WINDOW.toNanos() / SLICES;
        this.requests = new WindowedCounter(SLICES, slice, nowNanos);
        this.retries = new WindowedCounter(SLICES, slice, nowNanos);
    }

    /** Whether this budget has the same limits; a new snapshot keeps a budget, and its counts, when it does. */
    public boolean sameAs(double otherRatio, int otherMinPerSecond) {
        return ratio == otherRatio && minPerSecond == otherMinPerSecond;
    }

    /** Counts a client request, which earns the route {@code ratio} of a retry. Called on the request path. */
    public void requested(long nowNanos) {
        requests.increment(nowNanos);
    }

    /** Takes one retry from the budget; false when the window's retries are spent. */
    public synchronized boolean tryRetry(long nowNanos) {
        double allowed = ratio * requests.sum(nowNanos) + (double) minPerSecond * WINDOW.toSeconds();
        if (retries.sum(nowNanos) + 1 > allowed) {
            return false;
        }
        retries.increment(nowNanos);
        return true;
    }
}
