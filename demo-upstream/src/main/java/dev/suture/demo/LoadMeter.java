package dev.suture.demo;

/**
 * Requests per second seen by one instance: the larger of the current second's count so far and the last whole
 * second's, so that a burst counts from its first second and load does not drop to zero at each second's start.
 *
 * <p>Thread-safe: request threads call {@link #record} at once; a monitor guards the two counts, which is cheap at
 * the rates a demo runs and keeps the second roll-over exact.
 */
final class LoadMeter {

    private long second = -1;
    private long current;
    private long previous;

    /** Counts one request at {@code nowMillis} and answers the load it sees. */
    synchronized long record(long nowMillis) {
        long now = nowMillis / 1000;
        if (now != second) {
            previous = now == second + 1 ? current : 0;
            current = 0;
            second = now;
        }
        current++;
        return Math.max(current, previous);
    }
}
