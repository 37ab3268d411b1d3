package dev.suture.model.route;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * One upstream instance of a route: its base URL and its relative weight in load balancing.
 *
 * @param url absolute http(s) base URL of the instance, for example {@code http://10.0.0.7:8080}
 * @param weight relative share of traffic, 1 to 1000; default 1
 */
public record UpstreamSpec(String url, Integer weight) {

    public static final int DEFAULT_WEIGHT = 1;

    public UpstreamSpec(@Nullable String url, @Nullable Integer weight) {
        SpecCheck check = SpecCheck.of("upstream");
        this.url = stripTrailingSlash(check.httpUrl("url", url));
        this.weight = check.range("weight", weight, DEFAULT_WEIGHT, 1, 1000);
        check.throwIfInvalid();
    }

    public static UpstreamSpec of(String url) {
        return new UpstreamSpec(url, DEFAULT_WEIGHT);
    }

    private static @Nullable String stripTrailingSlash(@Nullable String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
