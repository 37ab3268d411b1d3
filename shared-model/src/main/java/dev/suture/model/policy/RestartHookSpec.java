package dev.suture.model.policy;

import dev.suture.model.validation.SpecCheck;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A webhook the control service calls to restart a service that stays unhealthy, with backoff and a rate cap.
 *
 * @param enabled default false; when true, url is required
 * @param url the hook's absolute http(s) URL
 * @param method POST, PUT or GET; default POST
 * @param headers extra request headers, at most 20
 * @param unhealthyForSeconds how long the service must be unhealthy first, 1 to 86400 s; default 60
 * @param minBackoffSeconds wait after a call before the next, 1 to 86400 s; default 60 (doubles per call)
 * @param maxCallsPerWindow most calls per window, 1 to 100; default 3
 * @param windowSeconds the window for maxCallsPerWindow, 60 to 86400 s; default 3600
 */
public record RestartHookSpec(
        Boolean enabled,
        @Nullable String url,
        String method,
        Map<String, String> headers,
        Integer unhealthyForSeconds,
        Integer minBackoffSeconds,
        Integer maxCallsPerWindow,
        Integer windowSeconds) {

    private static final Set<String> METHODS = Set.of("POST", "PUT", "GET");

    public RestartHookSpec(
            @Nullable Boolean enabled,
            @Nullable String url,
            @Nullable String method,
            @Nullable Map<String, String> headers,
            @Nullable Integer unhealthyForSeconds,
            @Nullable Integer minBackoffSeconds,
            @Nullable Integer maxCallsPerWindow,
            @Nullable Integer windowSeconds) {
        SpecCheck check = SpecCheck.of("restart hook");
        this.enabled = enabled != null && enabled;
        this.url = url == null && !this.enabled ? null : check.httpUrl("url", url);
        this.method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
        check.require(METHODS.contains(this.method), "method", "must be POST, PUT or GET");
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
        check.require(this.headers.size() <= 20, "headers", "must have at most 20 entries");
        this.unhealthyForSeconds = check.range("unhealthyForSeconds", unhealthyForSeconds, 60, 1, 86_400);
        this.minBackoffSeconds = check.range("minBackoffSeconds", minBackoffSeconds, 60, 1, 86_400);
        this.maxCallsPerWindow = check.range("maxCallsPerWindow", maxCallsPerWindow, 3, 1, 100);
        this.windowSeconds = check.range("windowSeconds", windowSeconds, 3_600, 60, 86_400);
        check.throwIfInvalid();
    }

    public static RestartHookSpec disabled() {
        return new RestartHookSpec(null, null, null, null, null, null, null, null);
    }
}
