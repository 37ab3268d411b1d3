package dev.suture.gateway.routing;

import dev.suture.model.snapshot.RouteRateLimit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This gateway's share of a route's rate limit: a token bucket refilled at {@code requestsPerSecond} that holds one
 * second's worth of tokens (at least one) and starts full.
 *
 * <p>Kept as the generic cell rate algorithm, which is the same bucket in one number: the theoretical arrival time
 * {@code tat}, the moment the bucket would be full again. A request at {@code now} is admitted when, after adding one
 * interval to {@code max(tat, now)}, it is no more than the burst ahead of {@code now}. One compare-and-set per
 * request, no lock, no allocation; under a race a thread retries with the fresh value, so no token is granted twice.
 */
final class RequestRateLimiter {

    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    private final double requestsPerSecond;
    private final int retryAfterSeconds;
    private final String retryAfterHeader;
    private final String reason;
    private final long intervalNanos;
    private final long burstNanos;
    private final AtomicLong theoreticalArrival;

    RequestRateLimiter(RouteRateLimit limit, long nowNanos) {
        this.requestsPerSecond = limit.perGatewayRequestsPerSecond();
        this.retryAfterSeconds = limit.retryAfterSeconds();
        this.retryAfterHeader = Integer.toString(limit.retryAfterSeconds());
        this.reason = limit.reason();
        this.intervalNanos = Math.max(1, Math.round(NANOS_PER_SECOND / requestsPerSecond));
        long burst = Math.max(1, (long) Math.floor(requestsPerSecond));
        this.burstNanos = Math.multiplyHigh(burst, intervalNanos) == 0 ? burst * intervalNanos : Long.MAX_VALUE / 4;
        this.theoreticalArrival = new AtomicLong(nowNanos);
    }

    /** Takes a token if one is left at {@code nowNanos} (a {@link System#nanoTime} reading). */
    boolean tryAcquire(long nowNanos) {
        while (true) {
            long tat = theoreticalArrival.get();
            long next = Math.max(tat, nowNanos) + intervalNanos;
            if (next - nowNanos > burstNanos) {
                return false;
            }
            if (theoreticalArrival.compareAndSet(tat, next)) {
                return true;
            }
        }
    }

    /** Whether {@code limit} asks for the same bucket, so that a new table can keep this one and its tokens. */
    boolean sameAs(RouteRateLimit limit) {
        return limit.perGatewayRequestsPerSecond() == requestsPerSecond
                && limit.retryAfterSeconds() == retryAfterSeconds
                && limit.reason().equals(reason);
    }

    double requestsPerSecond() {
        return requestsPerSecond;
    }

    String retryAfterHeader() {
        return retryAfterHeader;
    }

    String reason() {
        return reason;
    }
}
