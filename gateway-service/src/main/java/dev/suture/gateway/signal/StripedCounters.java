package dev.suture.gateway.signal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed set of counters, each split over a few stripes so that event-loop threads counting the same instance at once
 * mostly write different cache lines. Counting is one atomic add on an array slot: no lock, no allocation. Draining
 * takes each slot with {@code getAndSet(0)}, so a concurrent add lands either in the drained sum or in the next one,
 * never in both and never nowhere.
 *
 * <p>Memory is {@code (2 + stripes * width) * 8} bytes with {@code width} the slot count rounded up to a cache line;
 * stripes are a power of two, at most four, so a gateway with thousands of instances stays within a few megabytes.
 */
final class StripedCounters {

    /** Longs per 64-byte cache line. */
    private static final int LINE = 8;

    private static final int STRIPES =
            Integer.highestOneBit(Math.min(4, Runtime.getRuntime().availableProcessors()) * 2 - 1);

    private final int slots;
    private final int width;
    private final AtomicLongArray cells;

    StripedCounters(int slots) {
        this.slots = slots;
        this.width = (slots + LINE - 1) / LINE * LINE;
        // One line of padding before and after keeps neighbouring objects off the first and last stripe's lines.
        this.cells = new AtomicLongArray(LINE + STRIPES * width + LINE);
    }

    void increment(int slot) {
        cells.getAndIncrement(LINE + stripe() * width + slot);
    }

    /** Adds every slot's count since the last drain to {@code sums} and resets the slots. */
    void drainInto(long[] sums) {
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            int base = LINE + stripe * width;
            for (int slot = 0; slot < slots; slot++) {
                if (cells.get(base + slot) != 0) {
                    sums[slot] += cells.getAndSet(base + slot, 0);
                }
            }
        }
    }

    int slots() {
        return slots;
    }

    /** Event-loop threads are few and long-lived, so their ids spread them evenly over the stripes. */
    @SuppressWarnings("deprecation")
    private static int stripe() {
        return (int) Thread.currentThread().getId() & (STRIPES - 1);
    }
}
