package dev.suture.gateway.credentials;

import dev.suture.gateway.signal.RouteRecorder;
import dev.suture.model.route.OAuth2ClientCredentials;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The access tokens of one route's upstream credentials: the token in use, and at most one token request in flight.
 *
 * <p>The request path reads the token with one volatile read and allocates nothing while it is fresh. From its
 * refresh time on (see {@link AccessToken#of}) the first request to notice starts one renewal in the background and
 * every request keeps sending the current token until the new one is there; only a request that finds no unexpired
 * token waits, joining the renewal in flight. When an upstream refuses a token with 401, every request refused with
 * that same token shares one renewal, and a request refused with a token already replaced simply takes the new one.
 *
 * <p>A failed token request sets a backoff: until it passes, no new request goes to the token endpoint, and requests
 * that need a token are refused at once; a token that has not expired is still used meanwhile. The wait doubles with
 * each failure in a row, from the minimum to the maximum backoff, drawn from the upper half so that gateways do not
 * come back in step.
 *
 * <p>Thread-safe. The renewal in flight is an atomic reference to the one shared result, so racing requests agree
 * on a single token request. The token, the backoff end and the last failure are volatile fields that only the
 * completion of that single request writes; {@code failuresInRow} is written there too and needs nothing more, as
 * each completion happens after the previous one (the reference is cleared before the next request can be made).
 */
public final class TokenSource {

    private static final Logger log = LoggerFactory.getLogger(TokenSource.class);
    private static final AtomicReferenceFieldUpdater<TokenSource, @Nullable AccessToken> TOKEN =
            AtomicReferenceFieldUpdater.newUpdater(TokenSource.class, AccessToken.class, "token");

    private final String routeId;
    private final OAuth2ClientCredentials grant;
    private final TokenEndpoint endpoint;
    private final SecretReader secrets;
    private final CredentialSettings settings;
    private final Clock clock;
    private final RouteRecorder recorder;
    private final TokenMeters meters;
    private final AtomicReference<@Nullable Mono<AccessToken>> inFlight = new AtomicReference<>();

    private volatile @Nullable AccessToken token;
    private volatile long retryAtMillis;
    private volatile String lastFailure = "";
    private int failuresInRow;

    TokenSource(
            String routeId,
            OAuth2ClientCredentials grant,
            TokenEndpoint endpoint,
            SecretReader secrets,
            CredentialSettings settings,
            Clock clock,
            RouteRecorder recorder,
            TokenMeters meters) {
        this.routeId = routeId;
        this.grant = grant;
        this.endpoint = endpoint;
        this.secrets = secrets;
        this.settings = settings;
        this.clock = clock;
        this.recorder = recorder;
        this.meters = meters;
    }

    public OAuth2ClientCredentials grant() {
        return grant;
    }

    /** Whether this source serves {@code credentials} for the route whose signals go to {@code routeRecorder}. */
    public boolean serves(OAuth2ClientCredentials credentials, RouteRecorder routeRecorder) {
        return grant.equals(credentials) && recorder == routeRecorder;
    }

    /**
     * The token to send now, or null when the request has to {@link #await} one. Starts a renewal in the background
     * when the token is due for one. One volatile read and no allocation while the token is fresh.
     */
    public @Nullable AccessToken current(long nowMillis) {
        AccessToken fresh = token;
        if (fresh == null || nowMillis >= fresh.expiresAtMillis()) {
            return null;
        }
        if (nowMillis >= fresh.refreshAtMillis() && nowMillis >= retryAtMillis && inFlight.get() == null) {
            refresh();
        }
        return fresh;
    }

    /**
     * A token for a request that found none: the renewal in flight, or a new one; a {@link TokenUnavailableException}
     * at once while a backoff runs.
     */
    public Mono<AccessToken> await(long nowMillis) {
        AccessToken fresh = current(nowMillis);
        if (fresh != null) {
            return Mono.just(fresh);
        }
        if (nowMillis < retryAtMillis && inFlight.get() == null) {
            return Mono.error(unavailable(nowMillis));
        }
        return refresh().onErrorMap(TokenRefreshException.class, error -> unavailable(clock.millis()));
    }

    /**
     * A token to replay a request with that the upstream refused with {@code refused} (401): the token that already
     * replaced it, or the one renewal that every request refused with the same token shares.
     */
    public Mono<AccessToken> renewAfter(AccessToken refused, long nowMillis) {
        AccessToken latest = token;
        if (latest != null && latest != refused && nowMillis < latest.expiresAtMillis()) {
            return Mono.just(latest);
        }
        TOKEN.compareAndSet(this, refused, null);
        return await(nowMillis);
    }

    /** Counts a request sent again with a new token after a 401. */
    public void replayed() {
        recorder.replayedWithNewToken();
        meters.replayed();
    }

    /** Counts a request answered 503 for want of a token. */
    public void refused() {
        recorder.noToken();
        meters.refused();
    }

    /** Fetches the first token ahead of the first request, so that it rarely has to wait. */
    void prefetch() {
        refresh();
    }

    /** The renewal in flight, or a new one when none is: whoever wins the compare-and-set makes the request. */
    private Mono<AccessToken> refresh() {
        while (true) {
            Mono<AccessToken> running = inFlight.get();
            if (running != null) {
                return running;
            }
            Sinks.One<AccessToken> result = Sinks.one();
            Mono<AccessToken> shared = result.asMono();
            if (inFlight.compareAndSet(null, shared)) {
                long requestedAt = clock.millis();
                secrets.read(grant)
                        .flatMap(secret -> endpoint.request(grant, secret))
                        .subscribe(granted -> granted(result, granted, requestedAt), error -> failed(result, error));
                return shared;
            }
        }
    }

    private void granted(Sinks.One<AccessToken> result, TokenEndpoint.GrantedToken granted, long requestedAt) {
        AccessToken fresh = AccessToken.of(
                granted.token(),
                requestedAt,
                granted.lifetimeSeconds() * 1000,
                settings.refreshAhead().toMillis());
        int failures = failuresInRow;
        token = fresh;
        failuresInRow = 0;
        retryAtMillis = 0;
        lastFailure = "";
        // The token is in place before the reference clears, so no request in between starts another renewal.
        inFlight.set(null);
        recorder.tokenRefreshed();
        meters.refreshed();
        if (failures > 0) {
            log.info(
                    "upstream token refresh recovered route={} tokenUrl={} clientId={} after={} failures",
                    routeId,
                    grant.tokenUrl(),
                    grant.clientId(),
                    failures);
        } else if (log.isDebugEnabled()) {
            log.debug("upstream token refreshed route={} expiresIn={}s", routeId, granted.lifetimeSeconds());
        }
        result.tryEmitValue(fresh);
    }

    private void failed(Sinks.One<AccessToken> result, Throwable error) {
        String reason = error instanceof TokenRefreshException ? error.getMessage() : String.valueOf(error);
        int failures = ++failuresInRow;
        long backoff = backoffMillis(failures);
        lastFailure = reason;
        retryAtMillis = clock.millis() + backoff;
        inFlight.set(null);
        recorder.tokenRefreshFailed();
        meters.refreshFailed();
        if (failures == 1) {
            log.warn(
                    "upstream token refresh failing route={} tokenUrl={} clientId={} retryIn={}ms: {}",
                    routeId,
                    grant.tokenUrl(),
                    grant.clientId(),
                    backoff,
                    reason);
        } else if (log.isDebugEnabled()) {
            log.debug(
                    "upstream token refresh failed again route={} failures={} retryIn={}ms",
                    routeId,
                    failures,
                    backoff);
        }
        result.tryEmitError(error instanceof TokenRefreshException ? error : new TokenRefreshException(reason));
    }

    /** After {@code n} failures in a row: from the upper half of {@code min * 2^(n-1)}, capped at the maximum. */
    private long backoffMillis(int failures) {
        long min = settings.minBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long ceiling = min << Math.min(failures - 1, 20);
        ceiling = Math.min(Math.max(ceiling, min), max);
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling - ceiling / 2 + 1);
    }

    private TokenUnavailableException unavailable(long nowMillis) {
        long waitMillis = Math.max(0, retryAtMillis - nowMillis);
        long retryAfter = Math.max(1, (waitMillis + 999) / 1000);
        String reason = lastFailure.isEmpty() ? "the token request failed" : lastFailure;
        String next = waitMillis > 0 ? "; next token request in " + waitMillis + " ms" : "";
        return new TokenUnavailableException(routeId, reason + next, retryAfter);
    }

    @Override
    public String toString() {
        return "TokenSource[route=" + routeId + " tokenUrl=" + grant.tokenUrl() + " clientId=" + grant.clientId() + "]";
    }
}
