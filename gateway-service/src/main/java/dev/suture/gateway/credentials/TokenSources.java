package dev.suture.gateway.credentials;

import dev.suture.gateway.signal.RouteRecorder;
import dev.suture.model.route.OAuth2ClientCredentials;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.time.Clock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives each route that declares upstream credentials its {@link TokenSource} when a routing table is built: the
 * previous table's source when the route's credentials are unchanged, so that a new snapshot neither drops a good
 * token nor resets a backoff; otherwise a new one, which fetches its first token at once.
 *
 * <p>Each route has a source of its own, also when routes share a client: its refreshes are then the route's own in
 * the signals. Thread-safe: it keeps nothing but shared, thread-safe collaborators.
 */
public final class TokenSources {

    private static final Logger log = LoggerFactory.getLogger(TokenSources.class);

    private final TokenEndpoint endpoint;
    private final SecretReader secrets;
    private final CredentialSettings settings;
    private final Clock clock;
    private final TokenMeters meters;

    private TokenSources(
            TokenEndpoint endpoint,
            SecretReader secrets,
            CredentialSettings settings,
            Clock clock,
            MeterRegistry registry) {
        this.endpoint = endpoint;
        this.secrets = secrets;
        this.settings = settings;
        this.clock = clock;
        this.meters = new TokenMeters(registry);
    }

    /**
     * Token sources that read client secrets through {@code environment} ({@link System#getenv(String)} outside
     * tests) and ask token endpoints over a client of their own, whose connect timeout is the token timeout.
     */
    public static TokenSources create(
            CredentialSettings settings,
            Function<String, @Nullable String> environment,
            Clock clock,
            MeterRegistry registry) {
        int timeoutMillis = (int) settings.tokenTimeout().toMillis();
        HttpClient http = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis);
        WebClient client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
        TokenEndpoint endpoint = new TokenEndpoint(client, JsonMapper.builder().build(), settings.tokenTimeout());
        return new TokenSources(endpoint, new SecretReader(environment), settings, clock, registry);
    }

    /** The source for {@code route}, or null when it declares no credentials. */
    public @Nullable TokenSource forRoute(RouteSpec route, RouteRecorder recorder, @Nullable TokenSource previous) {
        UpstreamCredentials credentials = route.credentials();
        if (credentials == null) {
            return null;
        }
        OAuth2ClientCredentials grant = credentials.oauth2();
        if (previous != null && previous.serves(grant, recorder)) {
            return previous;
        }
        TokenSource source = new TokenSource(route.id(), grant, endpoint, secrets, settings, clock, recorder, meters);
        log.info(
                "upstream credentials route={} tokenUrl={} clientId={} scopes={} secret={}",
                route.id(),
                grant.tokenUrl(),
                grant.clientId(),
                grant.scopes(),
                grant.secretSource());
        source.prefetch();
        return source;
    }
}
