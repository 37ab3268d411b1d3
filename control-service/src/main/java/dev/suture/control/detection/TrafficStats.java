package dev.suture.control.detection;

/**
 * Fleet-wide traffic of a route, or of one of its instances, over one window: the numbers detection compares with
 * the policy and that incidents record as the signal behind a decision.
 *
 * @param attempts attempts counted in the window (for a route: client requests)
 * @param requestsPerSecond attempts per second over the window
 * @param errorRate fraction of attempts that failed (5xx, connection failures, response timeouts, malformed)
 * @param timeoutRate fraction of attempts that timed out (connect or response)
 * @param authFailureRate fraction of attempts answered 401 or 403
 * @param connectionFailureRate fraction of attempts whose connection failed
 * @param consecutiveConnectionFailures the most connection failures in a row any gateway saw at the window's end
 * @param p50Ms median latency, from the merged histograms
 * @param p99Ms 99th percentile latency, from the merged histograms
 */
public record TrafficStats(
        long attempts,
        double requestsPerSecond,
        double errorRate,
        double timeoutRate,
        double authFailureRate,
        double connectionFailureRate,
        int consecutiveConnectionFailures,
        long p50Ms,
        long p99Ms) {

    public static final TrafficStats NONE = new TrafficStats(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
