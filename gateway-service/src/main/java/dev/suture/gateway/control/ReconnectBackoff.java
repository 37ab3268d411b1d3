package dev.suture.gateway.control;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delays between reconnect attempts: exponential with jitter. After {@code n} failures in a row the ceiling is
 * {@code min * 2^(n+1)}, capped at {@code max}, and the delay is drawn uniformly from the upper half of it (never
 * below {@code min}). With 100ms and 10s that is 100-200ms, then 200-400ms, ... then 5-10s, so a fleet that lost the
 * control service at the same moment does not come back in one burst.
 *
 * <p>Not thread-safe; the stream client uses it under its lock.
 */
final class ReconnectBackoff {

    private final long minMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int failures;

    ReconnectBackoff(Duration min, Duration max, RandomGenerator random) {
        this.minMillis = min.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    Duration next() {
        long ceiling = (long) Math.min(maxMillis, minMillis * Math.pow(2, failures + 1.0));
        long floor = Math.max(minMillis, ceiling / 2);
        failures = Math.min(failures + 1, 62);
        return Duration.ofMillis(floor + random.nextLong(ceiling - floor + 1));
    }

    /** After a successful connect the next failure starts again from the shortest delay. */
    void reset() {
        failures = 0;
    }
}
