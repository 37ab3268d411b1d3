package dev.suture.model.route;

import dev.suture.model.validation.SpecCheck;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A route as the operator declares it: which requests it matches, where it sends them, and which healing policy
 * governs it. Healing never rewrites this record; it writes an overlay beside it.
 *
 * @param id unique route id (lowercase letters, digits, '-', '_')
 * @param path path pattern in Spring's PathPattern syntax, for example {@code /orders/**}
 * @param host optional host pattern such as {@code api.example.com} or {@code *.example.com}
 * @param methods HTTP methods the route matches; empty matches every method
 * @param upstreams the primary pool, 1 to 64 instances with distinct URLs
 * @param fallbackUpstreams the pool used when the whole primary pool fails; may be empty
 * @param connectTimeoutMs connect timeout in milliseconds, 1 to 60000; default 2000
 * @param responseTimeoutMs time allowed for the upstream's response, 1 to 300000 ms; default 15000
 * @param policy name of the healing policy; default {@code default}
 * @param credentials what the gateway presents to the upstream instances, such as an OAuth2 client-credentials
 *     grant; null (the default) sends requests with the client's own headers only
 */
public record RouteSpec(
        String id,
        String path,
        @Nullable String host,
        List<String> methods,
        List<UpstreamSpec> upstreams,
        List<UpstreamSpec> fallbackUpstreams,
        Integer connectTimeoutMs,
        Integer responseTimeoutMs,
        String policy,
        @Nullable UpstreamCredentials credentials) {

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
    public static final int DEFAULT_RESPONSE_TIMEOUT_MS = 15_000;
    public static final String DEFAULT_POLICY = "default";
    public static final int MAX_POOL_SIZE = 64;

    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");
    private static final Pattern HOST = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?");

    public RouteSpec(
            @Nullable String id,
            @Nullable String path,
            @Nullable String host,
            @Nullable List<String> methods,
            @Nullable List<UpstreamSpec> upstreams,
            @Nullable List<UpstreamSpec> fallbackUpstreams,
            @Nullable Integer connectTimeoutMs,
            @Nullable Integer responseTimeoutMs,
            @Nullable String policy,
            @Nullable UpstreamCredentials credentials) {
        SpecCheck check = SpecCheck.of("route");
        this.id = check.name("id", id);
        this.path = path;
        check.require(path != null && path.startsWith("/"), "path", "must start with '/'");
        check.require(
                path == null || (path.length() <= 1024 && path.chars().noneMatch(Character::isWhitespace)),
                "path",
                "must be at most 1024 characters with no whitespace");
        this.host = host == null || host.isBlank() ? null : host.toLowerCase(Locale.ROOT);
        check.require(
                this.host == null || HOST.matcher(this.host).matches(),
                "host",
                "must be a host name, optionally starting with '*.' and ending with ':port'");
        this.methods = normalizeMethods(check, methods);
        this.upstreams = check.list("upstreams", upstreams, MAX_POOL_SIZE);
        check.require(!this.upstreams.isEmpty(), "upstreams", "must name at least one upstream instance");
        requireDistinctUrls(check, "upstreams", this.upstreams);
        this.fallbackUpstreams = check.list("fallbackUpstreams", fallbackUpstreams, MAX_POOL_SIZE);
        requireDistinctUrls(check, "fallbackUpstreams", this.fallbackUpstreams);
        this.connectTimeoutMs =
                check.range("connectTimeoutMs", connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS, 1, 60_000);
        this.responseTimeoutMs =
                check.range("responseTimeoutMs", responseTimeoutMs, DEFAULT_RESPONSE_TIMEOUT_MS, 1, 300_000);
        this.policy = policy == null ? DEFAULT_POLICY : check.name("policy", policy);
        this.credentials = credentials;
        check.throwIfInvalid();
    }

    /** A route without upstream credentials. */
    public RouteSpec(
            @Nullable String id,
            @Nullable String path,
            @Nullable String host,
            @Nullable List<String> methods,
            @Nullable List<UpstreamSpec> upstreams,
            @Nullable List<UpstreamSpec> fallbackUpstreams,
            @Nullable Integer connectTimeoutMs,
            @Nullable Integer responseTimeoutMs,
            @Nullable String policy) {
        this(id, path, host, methods, upstreams, fallbackUpstreams, connectTimeoutMs, responseTimeoutMs, policy, null);
    }

    /** The smallest valid route: one path, one pool, the default policy and timeouts. */
    public static RouteSpec of(String id, String path, List<UpstreamSpec> upstreams) {
        return new RouteSpec(id, path, null, null, upstreams, null, null, null, null, null);
    }

    /** This route with {@code upstreamCredentials} presented to its instances. */
    public RouteSpec withCredentials(@Nullable UpstreamCredentials upstreamCredentials) {
        return new RouteSpec(
                id,
                path,
                host,
                methods,
                upstreams,
                fallbackUpstreams,
                connectTimeoutMs,
                responseTimeoutMs,
                policy,
                upstreamCredentials);
    }

    private static List<String> normalizeMethods(SpecCheck check, @Nullable List<String> methods) {
        List<String> upper = check.list("methods", methods, METHODS.size()).stream()
                .map(m -> m.toUpperCase(Locale.ROOT))
                .distinct()
                .sorted()
                .toList();
        for (String method : upper) {
            check.require(METHODS.contains(method), "methods", "contains unknown HTTP method '" + method + "'");
        }
        return upper;
    }

    private static void requireDistinctUrls(SpecCheck check, String field, List<UpstreamSpec> pool) {
        Set<String> seen = new HashSet<>();
        for (UpstreamSpec upstream : pool) {
            check.require(seen.add(upstream.url()), field, "lists " + upstream.url() + " more than once");
        }
    }
}
