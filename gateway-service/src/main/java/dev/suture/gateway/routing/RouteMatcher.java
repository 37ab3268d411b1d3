package dev.suture.gateway.routing;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * Whether a request matches one declared route: its methods, then its host, then its path (cheapest test first).
 * Answers with shared constant publishers, so matching allocates nothing per route. Immutable.
 *
 * <p>Paths under {@code /suture/} belong to the gateway itself ({@code /suture/status}): Suture's routes are matched
 * before Spring's own request mappings, so a route whose pattern reaches them (such as {@code /**}) is kept off them.
 * Only such routes pay for the extra check.
 */
final class RouteMatcher implements AsyncPredicate<ServerWebExchange> {

    private static final Mono<Boolean> MATCH = Mono.just(Boolean.TRUE);
    private static final Mono<Boolean> NO_MATCH = Mono.just(Boolean.FALSE);

    /** The prefix of the gateway's own paths, which no declared route may take. */
    static final String RESERVED_PREFIX = "/suture/";

    private final PathPattern path;
    private final @Nullable HostPattern host;
    private final HttpMethod[] methods;
    private final boolean reachesReserved;

    RouteMatcher(PathPattern path, @Nullable String host, List<String> methods) {
        this.path = path;
        this.reachesReserved = path.matches(PathContainer.parsePath(RESERVED_PREFIX + "status"))
                || path.matchStartOfPath(PathContainer.parsePath(RESERVED_PREFIX)) != null;
        this.host = host == null ? null : HostPattern.parse(host);
        this.methods = methods.stream().map(HttpMethod::valueOf).toArray(HttpMethod[]::new);
    }

    @Override
    public Publisher<Boolean> apply(ServerWebExchange exchange) {
        return matches(exchange.getRequest()) ? MATCH : NO_MATCH;
    }

    boolean matches(ServerHttpRequest request) {
        PathContainer requestPath = request.getPath().pathWithinApplication();
        return methodMatches(request.getMethod())
                && (host == null || host.matches(request.getURI()))
                && path.matches(requestPath)
                && !(reachesReserved && requestPath.value().startsWith(RESERVED_PREFIX));
    }

    private boolean methodMatches(HttpMethod method) {
        if (methods.length == 0) {
            return true;
        }
        for (HttpMethod allowed : methods) {
            if (allowed.equals(method)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "path=" + path + " host=" + host + " methods=" + List.of(methods);
    }

    /**
     * A host as {@code RouteSpec} allows it: exact ({@code api.example.com}) or a wildcard prefix
     * ({@code *.example.com}, which matches any non-empty prefix, like Envoy's domain wildcards), with an optional
     * {@code :port} that must then match too.
     */
    record HostPattern(String name, boolean wildcard, int port) {

        static HostPattern parse(String pattern) {
            int colon = pattern.lastIndexOf(':');
            String name = colon < 0 ? pattern : pattern.substring(0, colon);
            int port = colon < 0 ? -1 : Integer.parseInt(pattern.substring(colon + 1));
            boolean wildcard = name.startsWith("*.");
            return new HostPattern(wildcard ? name.substring(1) : name, wildcard, port);
        }

        boolean matches(URI uri) {
            String requestHost = uri.getHost();
            if (requestHost == null || (port >= 0 && port != effectivePort(uri))) {
                return false;
            }
            if (!wildcard) {
                return requestHost.equalsIgnoreCase(name);
            }
            int prefix = requestHost.length() - name.length();
            return prefix > 0 && requestHost.regionMatches(true, prefix, name, 0, name.length());
        }

        private static int effectivePort(URI uri) {
            if (uri.getPort() >= 0) {
                return uri.getPort();
            }
            return "https".equals(uri.getScheme()) ? 443 : 80;
        }

        @Override
        public String toString() {
            return (wildcard ? "*" : "") + name.toLowerCase(Locale.ROOT) + (port >= 0 ? ":" + port : "");
        }
    }
}
