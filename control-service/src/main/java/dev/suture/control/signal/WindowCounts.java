package dev.suture.control.signal;

import dev.suture.model.signal.InstanceSignals;
import dev.suture.model.signal.LatencyBuckets;
import dev.suture.model.signal.Outcome;
import dev.suture.model.signal.RouteSignals;
import java.util.Arrays;

/**
 * Fleet-wide counts of a route, or of one of its instances, summed over a span of seconds: attempts by outcome, the
 * latency histogram, and for a route its client requests, retries and the requests the gateways answered themselves.
 * Immutable.
 */
public final class WindowCounts {

    static final int REQUESTS = 0;
    static final int RETRIES = 1;
    static final int RATE_LIMITED = 2;
    static final int UNAVAILABLE = 3;
    static final int OUTCOMES = 4;
    static final int LATENCY = OUTCOMES + Outcome.values().length;
    /** Counters per second of a ring. */
    static final int FIELDS = LATENCY + LatencyBuckets.COUNT;

    static final WindowCounts NONE = new WindowCounts(new long[FIELDS]);

    private final long[] values;

    WindowCounts(long[] values) {
        this.values = values.clone();
    }

    /** Client requests the route received; 0 for an instance. */
    public long requests() {
        return values[REQUESTS];
    }

    public long retries() {
        return values[RETRIES];
    }

    public long rateLimited() {
        return values[RATE_LIMITED];
    }

    /** Requests the gateways answered themselves because no instance was usable. */
    public long unavailable() {
        return values[UNAVAILABLE];
    }

    public long count(Outcome outcome) {
        return values[OUTCOMES + outcome.ordinal()];
    }

    /** Attempts to upstream instances, whatever their outcome. */
    public long attempts() {
        return sumOutcomes(Outcome.values());
    }

    /** Attempts that count against the error-rate rule ({@link Outcome#isError()}). */
    public long errors() {
        return Arrays.stream(Outcome.values())
                .filter(Outcome::isError)
                .mapToLong(this::count)
                .sum();
    }

    public long connectionFailures() {
        return Arrays.stream(Outcome.values())
                .filter(Outcome::isConnectionFailure)
                .mapToLong(this::count)
                .sum();
    }

    public long authFailures() {
        return count(Outcome.UNAUTHORIZED) + count(Outcome.FORBIDDEN);
    }

    /** Connect and response timeouts. */
    public long timeouts() {
        return count(Outcome.CONNECT_TIMEOUT) + count(Outcome.RESPONSE_TIMEOUT);
    }

    /** The latency under which {@code percentile} percent of the attempts fell, as {@link LatencyBuckets} rounds. */
    public long percentileMs(double percentile) {
        return LatencyBuckets.percentileMs(
                Arrays.copyOfRange(values, LATENCY, LATENCY + LatencyBuckets.COUNT), percentile);
    }

    /**
     * Attempts whose latency bucket {@link #percentileMs} would report as {@code thresholdMs} or more: the slow ones,
     * as the latency rule sees them.
     */
    public long attemptsAtLeastMs(long thresholdMs) {
        long slow = 0;
        for (int i = 0; i < LatencyBuckets.COUNT; i++) {
            long reported = i < LatencyBuckets.UPPER_BOUNDS_MS.length
                    ? LatencyBuckets.UPPER_BOUNDS_MS[i]
                    : 2 * LatencyBuckets.UPPER_BOUNDS_MS[LatencyBuckets.UPPER_BOUNDS_MS.length - 1];
            if (reported >= thresholdMs) {
                slow += values[LATENCY + i];
            }
        }
        return slow;
    }

    private long sumOutcomes(Outcome... outcomes) {
        long sum = 0;
        for (Outcome outcome : outcomes) {
            sum += count(outcome);
        }
        return sum;
    }

    /** One second's counters of an instance, laid out as a ring slot. */
    static long[] of(InstanceSignals instance) {
        long[] counters = new long[FIELDS];
        addInstance(counters, instance);
        return counters;
    }

    /** One second's counters of a route: its own counts and every instance's attempts added up. */
    static long[] of(RouteSignals route) {
        long[] counters = new long[FIELDS];
        counters[REQUESTS] = route.requests();
        counters[RETRIES] = route.retries();
        counters[RATE_LIMITED] = route.rateLimited();
        counters[UNAVAILABLE] = route.unavailable();
        for (InstanceSignals instance : route.instances()) {
            addInstance(counters, instance);
        }
        return counters;
    }

    private static void addInstance(long[] counters, InstanceSignals instance) {
        for (Outcome outcome : Outcome.values()) {
            counters[OUTCOMES + outcome.ordinal()] += instance.count(outcome);
        }
        long[] latency = instance.latencyBuckets();
        for (int i = 0; i < latency.length; i++) {
            counters[LATENCY + i] += latency[i];
        }
    }

    @Override
    public String toString() {
        return "WindowCounts[requests=" + requests() + ", attempts=" + attempts() + ", errors=" + errors() + "]";
    }
}
