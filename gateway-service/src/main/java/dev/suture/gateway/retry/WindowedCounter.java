package dev.suture.gateway.retry;

import java.util.concurrent.atomic.LongAdder;

/**
 * A count of events over the last {@code slices} slices of time, each {@code sliceNanos} long. Counting costs one
 * clock comparison and one striped add; only the thread that notices a slice has ended takes the lock, once per slice,
 * to file the slice's count into the ring.
 *
 * <p>Thread-safe: the current slice is a {@link LongAdder}; the ring and the slice start are guarded by {@code this},
 * and the slice start is volatile so that counting threads see a roll without taking the lock.
 */
final class WindowedCounter {

    private final long sliceNanos;
    private final long[] ring;
    private final LongAdder current = new LongAdder();
    private volatile long sliceStart;
    private int head;

    WindowedCounter(int slices, long sliceNanos, long nowNanos) {
        this.sliceNanos = sliceNanos;
        this.ring = new long[slices - 1];
        this.sliceStart = nowNanos;
    }

    void increment(long nowNanos) {
        if (nowNanos - sliceStart >= sliceNanos) {
            roll(nowNanos);
        }
        current.increment();
    }

    /** Events in the current slice and the ones before it, as far back as the window reaches. */
    long sum(long nowNanos) {
        roll(nowNanos);
        synchronized (this) {
            long total = current.sum();
            for (long count : ring) {
                total += count;
            }
            return total;
        }
    }

    private synchronized void roll(long nowNanos) {
        long elapsed = nowNanos - sliceStart;
        if (elapsed < sliceNanos) {
            return;
        }
        long ended = Math.min(elapsed / sliceNanos, ring.length + 1L);
        // The slice that just ended goes into the ring; slices with no event at all are filed as zeros.
        file(current.sumThenReset());
        for (long i = 1; i < ended; i++) {
            file(0);
        }
        sliceStart += (elapsed / sliceNanos) * sliceNanos;
    }

    private void file(long count) {
        if (ring.length == 0) {
            return;
        }
        ring[head] = count;
        head = (head + 1) % ring.length;
    }
}
