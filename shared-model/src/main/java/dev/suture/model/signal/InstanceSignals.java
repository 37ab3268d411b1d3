package dev.suture.model.signal;

import dev.suture.model.validation.SpecCheck;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one gateway saw of one upstream instance of one route during one report window.
 *
 * @param url the instance's URL as the route declares it
 * @param outcomes attempts by outcome; absent outcomes count zero
 * @param latencyBuckets attempts by latency, bucketed as {@link LatencyBuckets} says
 * @param consecutiveConnectionFailures connection failures in a row at the end of the window, counted across windows
 *     (0 once any attempt got a response)
 */
public record InstanceSignals(
        String url, Map<Outcome, Long> outcomes, long[] latencyBuckets, int consecutiveConnectionFailures) {

    public InstanceSignals(
            @Nullable String url,
            @Nullable Map<Outcome, Long> outcomes,
            long @Nullable [] latencyBuckets,
            int consecutiveConnectionFailures) {
        SpecCheck check = SpecCheck.of("instance signals");
        this.url = check.httpUrl("url", url);
        this.outcomes = outcomes == null || outcomes.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(outcomes));
        for (Map.Entry<Outcome, Long> entry : this.outcomes.entrySet()) {
            check.require(entry.getValue() >= 0, "outcomes", entry.getKey() + " must not be negative");
        }
        this.latencyBuckets = latencyBuckets == null ? new long[LatencyBuckets.COUNT] : latencyBuckets.clone();
        check.require(
                this.latencyBuckets.length == LatencyBuckets.COUNT,
                "latencyBuckets",
                "must have " + LatencyBuckets.COUNT + " buckets");
        check.require(consecutiveConnectionFailures >= 0, "consecutiveConnectionFailures", "must not be negative");
        this.consecutiveConnectionFailures = consecutiveConnectionFailures;
        check.throwIfInvalid();
    }

    public long count(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    /** Every attempt in the window, whatever its outcome. */
    public long attempts() {
        long total = 0;
        for (long count : outcomes.values()) {
            total += count;
        }
        return total;
    }

    @Override
    public long[] latencyBuckets() {
        return latencyBuckets.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InstanceSignals that
                && url.equals(that.url)
                && outcomes.equals(that.outcomes)
                && Arrays.equals(latencyBuckets, that.latencyBuckets)
                && consecutiveConnectionFailures == that.consecutiveConnectionFailures;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * url.hashCode() + outcomes.hashCode())
                + Arrays.hashCode(latencyBuckets)
                + consecutiveConnectionFailures;
    }

    @Override
    public String toString() {
        return "InstanceSignals[url=" + url + ", outcomes=" + outcomes + ", consecutiveConnectionFailures="
                + consecutiveConnectionFailures + "]";
    }
}
