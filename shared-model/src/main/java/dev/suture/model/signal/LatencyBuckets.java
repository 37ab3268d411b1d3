package dev.suture.model.signal;

/**
 * The fixed latency histogram every gateway records into, so that the control service can add up histograms from the
 * whole fleet bucket by bucket. Bucket {@code i} counts latencies up to {@link #UPPER_BOUNDS_MS}{@code [i]}
 * milliseconds (and above the previous bound); the last bucket counts everything slower than the last bound.
 */
public final class LatencyBuckets {

    /** Upper bounds in milliseconds, roughly 1-2-5 per decade from 1 ms to 60 s. */
    public static final long[] UPPER_BOUNDS_MS = {
        1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500,
        10_000, 15_000, 30_000, 60_000
    };

    /** Buckets per histogram: one per bound plus the overflow bucket. */
    public static final int COUNT = UPPER_BOUNDS_MS.length + 1;

    private LatencyBuckets() {}

    /** The bucket a latency falls in. Allocation-free; called on the gateway's request path. */
    public static int indexOf(long latencyMs) {
        int low = 0;
        int high = UPPER_BOUNDS_MS.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (latencyMs <= UPPER_BOUNDS_MS[mid]) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /**
     * The least latency that {@link #percentileMs} could have reported as {@code reportedMs}: the bound of the bucket
     * below it (0 for the first bucket). A rise from {@code a} to {@code b} is certain only when {@code b}'s lower
     * bound exceeds {@code a}: from 75 to 150 may be 74 ms to 101 ms.
     */
    public static long lowerBoundMs(long reportedMs) {
        int index = indexOf(reportedMs);
        if (index >= UPPER_BOUNDS_MS.length) {
            return UPPER_BOUNDS_MS[UPPER_BOUNDS_MS.length - 1];
        }
        return index == 0 ? 0 : UPPER_BOUNDS_MS[index - 1];
    }

    /**
     * The latency at or below which {@code percentile} percent of the counted requests fall, as the upper bound of the
     * bucket that holds it (the overflow bucket reports twice the last bound). 0 when nothing was counted.
     */
    public static long percentileMs(long[] counts, double percentile) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * percentile / 100.0);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i < UPPER_BOUNDS_MS.length
                        ? UPPER_BOUNDS_MS[i]
                        : 2 * UPPER_BOUNDS_MS[UPPER_BOUNDS_MS.length - 1];
            }
        }
        return 2 * UPPER_BOUNDS_MS[UPPER_BOUNDS_MS.length - 1];
    }
}
