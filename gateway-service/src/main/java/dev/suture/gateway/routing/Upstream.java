package dev.suture.gateway.routing;

import java.net.URI;

/** One upstream instance as the request path needs it: its base URL and its share of traffic. Immutable. */
public final class Upstream {

    private final String url;
    private final int weight;

    Upstream(String url, int weight) {
        this.url = url;
        this.weight = weight;
    }

    public String url() {
        return url;
    }

    public int weight() {
        return weight;
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
