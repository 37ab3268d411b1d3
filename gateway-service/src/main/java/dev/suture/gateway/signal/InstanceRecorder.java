package dev.suture.gateway.signal;

import dev.suture.model.signal.InstanceSignals;
import dev.suture.model.signal.LatencyBuckets;
import dev.suture.model.signal.Outcome;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What one upstream instance of one route did since the last report window closed: attempts by outcome and by latency
 * bucket, plus the connection failures in a row, which outlive windows. One recorder exists per declared instance of
 * a declared route; a new routing table keeps the recorder of every instance that survives, so counts carry over.
 *
 * <p>When the streak reaches the route's detection threshold ({@link #reportEarlyAt}), the recorder asks for an
 * {@link EarlyReport}, so that the control service learns of a dead instance in milliseconds rather than at the end of
 * the window.
 *
 * <p>Thread-safe: any thread records, the reporter's thread drains. Recording costs two striped atomic adds and, only
 * when the failure streak changes, one more atomic write.
 */
public final class InstanceRecorder {

    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final int FIRST_BUCKET = OUTCOMES.length;

    private final String routeId;
    private final String url;
    private final StripedCounters counts = new StripedCounters(OUTCOMES.length + LatencyBuckets.COUNT);
    private final AtomicInteger consecutiveConnectionFailures = new AtomicInteger();
    private final EarlyReport earlyReport;
    private volatile int earlyReportStreak;

    public InstanceRecorder(String routeId, String url, EarlyReport earlyReport) {
        this.routeId = routeId;
        this.url = url;
        this.earlyReport = earlyReport;
    }

    public String routeId() {
        return routeId;
    }

    public String url() {
        return url;
    }

    /** Counts one attempt. Allocation-free; called on the request path. */
    public void record(Outcome outcome, long latencyMillis) {
        counts.increment(outcome.ordinal());
        counts.increment(FIRST_BUCKET + LatencyBuckets.indexOf(latencyMillis));
        if (outcome.isConnectionFailure()) {
            if (consecutiveConnectionFailures.incrementAndGet() == earlyReportStreak) {
                earlyReport.request();
            }
        } else if (outcome != Outcome.RESPONSE_TIMEOUT && consecutiveConnectionFailures.get() != 0) {
            // Any attempt that got a response ends the streak. A response timeout got none, so it neither ends nor
            // extends it. Reading first keeps the common case (no streak) free of writes to a shared line.
            consecutiveConnectionFailures.set(0);
        }
    }

    /**
     * Sets the streak of connection failures at which this recorder asks for an early report: the route's policy
     * threshold, which can change with any snapshot. Zero never asks.
     */
    public void reportEarlyAt(int streak) {
        earlyReportStreak = streak;
    }

    public int consecutiveConnectionFailures() {
        return consecutiveConnectionFailures.get();
    }

    /** The attempts since the last drain, or null when there were none; resets the counts but not the streak. */
    @Nullable
    InstanceSignals drain() {
        long[] sums = new long[counts.slots()];
        counts.drainInto(sums);
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        for (Outcome outcome : OUTCOMES) {
            if (sums[outcome.ordinal()] != 0) {
                outcomes.put(outcome, sums[outcome.ordinal()]);
            }
        }
        if (outcomes.isEmpty()) {
            return null;
        }
        long[] buckets = new long[LatencyBuckets.COUNT];
        System.arraycopy(sums, FIRST_BUCKET, buckets, 0, LatencyBuckets.COUNT);
        return new InstanceSignals(url, outcomes, buckets, consecutiveConnectionFailures.get());
    }

    @Override
    public String toString() {
        return "InstanceRecorder[route=" + routeId + " url=" + url + "]";
    }
}
