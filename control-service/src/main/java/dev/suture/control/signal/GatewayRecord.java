package dev.suture.control.signal;

import dev.suture.model.signal.GatewayHealth;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One gateway's recent report sequences and when it last reported, to tell a new window from a retried one.
 *
 * <p>A gateway numbers its windows from 1 per process, so a restart reuses numbers. A restart shows as sequence order
 * and window order disagreeing (a lower sequence for a later window, or a higher one for an earlier window), or as a
 * known sequence arriving with a different window start; the record then forgets the old process's numbers.
 *
 * <p>Thread-safe: {@link #see} is synchronized, since a gateway may retry a report while the next one is in flight.
 */
final class GatewayRecord {

    /** Sequences remembered per gateway; a report further behind than this cannot be told from a retry. */
    static final int SEQUENCES_REMEMBERED = 256;

    enum Verdict {
        NEW,
        RESTARTED,
        DUPLICATE,
        TOO_OLD
    }

    private final Map<Long, Instant> recent = new LinkedHashMap<>(SEQUENCES_REMEMBERED * 2) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Instant> eldest) {
            return size() > SEQUENCES_REMEMBERED;
        }
    };
    private long highestSequence;
    private Instant latestWindowStart = Instant.MIN;
    private volatile Instant lastReportAt;
    private volatile @Nullable GatewayHealth health;

    GatewayRecord(Instant now) {
        this.lastReportAt = now;
    }

    synchronized Verdict see(long sequence, Instant windowStart, Instant now) {
        lastReportAt = now;
        Instant known = recent.get(sequence);
        if (known != null && known.equals(windowStart)) {
            return Verdict.DUPLICATE;
        }
        boolean restarted = known != null || (highestSequence > 0 && ordersDisagree(sequence, windowStart));
        if (restarted) {
            recent.clear();
            highestSequence = 0;
            latestWindowStart = Instant.MIN;
        } else if (sequence < highestSequence - SEQUENCES_REMEMBERED) {
            return Verdict.TOO_OLD;
        }
        recent.put(sequence, windowStart);
        if (sequence > highestSequence) {
            highestSequence = sequence;
            latestWindowStart = windowStart;
        }
        return restarted ? Verdict.RESTARTED : Verdict.NEW;
    }

    Instant lastReportAt() {
        return lastReportAt;
    }

    /** The health the gateway sent with its newest window; null until a report carries it. */
    @Nullable
    GatewayHealth health() {
        return health;
    }

    /** Keeps {@code reported} when it came with the gateway's newest window so far. */
    synchronized void health(long sequence, @Nullable GatewayHealth reported) {
        if (reported != null && sequence >= highestSequence) {
            health = reported;
        }
    }

    private boolean ordersDisagree(long sequence, Instant windowStart) {
        return sequence < highestSequence
                ? windowStart.isAfter(latestWindowStart)
                : windowStart.isBefore(latestWindowStart);
    }
}
