package dev.suture.gateway.routing;

import dev.suture.gateway.breaker.InstanceBreaker;
import dev.suture.gateway.signal.EarlyReport;
import dev.suture.gateway.signal.InstanceRecorder;
import java.net.URI;

/**
 * One upstream instance as the request path needs it: its base URL, its declared share of traffic, the recorder its
 * attempts are counted in, and its circuit breaker. Immutable (the recorder and the breaker are thread-safe).
 */
public final class Upstream {

    private final String url;
    private final int weight;
    private final InstanceRecorder recorder;
    private final InstanceBreaker breaker;

    Upstream(String url, int weight, InstanceRecorder recorder, InstanceBreaker breaker) {
        this.url = url;
        this.weight = weight;
        this.recorder = recorder;
        this.breaker = breaker;
    }

    /** An instance whose attempts nobody reads, for tests of selection alone. */
    Upstream(String url, int weight) {
        this(
                url,
                weight,
                new InstanceRecorder("unrecorded", url, EarlyReport.NEVER),
                InstanceBreaker.disabled("unrecorded", url));
    }

    public String url() {
        return url;
    }

    public int weight() {
        return weight;
    }

    public InstanceRecorder recorder() {
        return recorder;
    }

    public InstanceBreaker breaker() {
        return breaker;
    }

    /** The request's raw path and query appended to this instance's base URL, so nothing is decoded or re-encoded. */
    URI target(URI requestUrl) {
        String rawPath = requestUrl.getRawPath();
        String rawQuery = requestUrl.getRawQuery();
        StringBuilder target = new StringBuilder(url.length() + 64).append(url);
        if (rawPath != null) {
            target.append(rawPath);
        }
        if (rawQuery != null) {
            target.append('?').append(rawQuery);
        }
        return URI.create(target.toString());
    }

    @Override
    public String toString() {
        return url + " weight=" + weight;
    }
}
