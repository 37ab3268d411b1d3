package dev.suture.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import dev.suture.gateway.credentials.AccessToken;
import dev.suture.gateway.credentials.BearerTokenHeaders;
import dev.suture.gateway.credentials.TokenSource;
import dev.suture.gateway.credentials.TokenUnavailableException;
import dev.suture.gateway.retry.ReplayableRequest;
import dev.suture.gateway.retry.RetryBudget;
import dev.suture.gateway.retry.RetryRules;
import dev.suture.gateway.signal.AttemptOutcomes;
import dev.suture.gateway.signal.ProxiedAttempt;
import dev.suture.gateway.signal.SignalRecordingFilter;
import dev.suture.model.signal.Outcome;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

/**
 * The attempts of one proxied request: the first goes to the instance the routing filter picked; when it fails before
 * any response reached the client in a way the route's {@link RetryRules} retry, and the route's {@link RetryBudget},
 * the attempt limit and the deadline all allow, the next goes to another instance whose circuit breaker lets it
 * through, after a jittered backoff. Each attempt is recorded in its instance's signals and breaker; the last one is
 * recorded by {@link SignalRecordingFilter} once its response is written.
 *
 * <p>On a route with upstream credentials each attempt carries the route's access token. When the upstream answers
 * 401 to it, the request is sent once more to the same instance with a renewed token (see {@link TokenSource}): the
 * upstream refused it, so it did not act on it. That refused attempt is set aside rather than recorded as the
 * instance's outcome, and counted as a replay; a 401 to the replay is the upstream's answer and goes to the client.
 *
 * <p>The deadline ({@code responseTimeoutMs}) runs from the request's arrival to the arrival of the response's status
 * and headers, across attempts and backoff: each attempt sets what is left of it on the {@link DeadlineWheel}, and
 * its end (the chain below completes once the upstream's headers are in) takes it off. Spring Cloud Gateway's own
 * response timeout is off for Suture's routes (see {@link RoutingTableBuilder}), so this is the only timer a request
 * sets.
 *
 * <p>One object per request, which is at once the {@link ProxiedAttempt} in the exchange, the Mono that the routing
 * filter returns, the subscriber of each attempt's chain and the task its deadline runs: no operator is assembled per
 * attempt.
 *
 * <p>Threads: an attempt's completion arrives on a Netty event loop, a cancellation on the client's event loop; a
 * deadline fires on the wheel's thread and is handed to the request's event loop, where a backoff also runs out.
 * {@code settled} decides, by compare-and-set on the attempt's number, whether an attempt's own end or its deadline
 * speaks for it; {@code live} does the same for recording it, so an attempt is recorded exactly once whoever notices
 * its end.
 */
final class ProxyAttempts extends Mono<Void>
        implements ProxiedAttempt, CoreSubscriber<Void>, Subscription, TimerTask, Runnable {

    /** Response header telling how many attempts a request took, set when it took more than one. */
    static final String ATTEMPTS_HEADER = "Suture-Attempts";

    private static final AtomicIntegerFieldUpdater<ProxyAttempts> LIVE =
            AtomicIntegerFieldUpdater.newUpdater(ProxyAttempts.class, "live");
    private static final AtomicIntegerFieldUpdater<ProxyAttempts> SETTLED =
            AtomicIntegerFieldUpdater.newUpdater(ProxyAttempts.class, "settled");
    private static final AtomicIntegerFieldUpdater<ProxyAttempts> WAITING =
            AtomicIntegerFieldUpdater.newUpdater(ProxyAttempts.class, "waiting");

    private final ServerWebExchange exchange;
    private final GatewayFilterChain chain;
    private final RoutePool pool;
    private final String routeId;
    /** The client's request URI, whose raw path and query every attempt is sent to. */
    private final URI requestUrl;

    private final long deadlineNanos;
    private final Clock clock;
    private final DeadlineWheel deadlines;

    private final boolean retryable;
    /** Whether the request's body, if any, can be sent again after a 401: it was read whole, or there is none. */
    private final boolean replayable;

    private ServerWebExchange current;
    private volatile Upstream upstream;
    private volatile long startedNanos;
    private volatile int attempts;
    private Upstream @Nullable [] tried;
    private long nextBackoffNanos;
    private @Nullable Upstream next;
    private volatile @Nullable AccessToken token;
    /** Whether this request was already sent again with a new token; it is, at most once. */
    private boolean replayed;
    /** Whether the attempt being sent is that replay, which is not a retry. */
    private boolean replaying;

    /** The number of the attempt not yet recorded, 0 when none. */
    private volatile int live;
    /** The number of the attempt whose end nobody has acted on yet, 0 when none. */
    private volatile int settled;
    /** 1 while a retry waits out its backoff, holding a permit of its instance's breaker. */
    private volatile int waiting;

    private volatile boolean cancelled;
    private volatile @Nullable Subscription inner;
    private volatile @Nullable Timeout deadline;
    private volatile @Nullable Future<?> backoff;
    private volatile @Nullable Disposable renewal;
    private @Nullable CoreSubscriber<? super Void> actual;

    ProxyAttempts(
            ServerWebExchange exchange,
            GatewayFilterChain chain,
            RoutePool pool,
            String routeId,
            Upstream first,
            Clock clock,
            DeadlineWheel deadlines,
            long startedNanos,
            boolean retryable,
            boolean replayable,
            @Nullable AccessToken token) {
        this.exchange = exchange;
        this.chain = chain;
        this.pool = pool;
        this.routeId = routeId;
        this.requestUrl = exchange.getRequest().getURI();
        this.current = exchange;
        this.upstream = first;
        this.clock = clock;
        this.deadlines = deadlines;
        this.retryable = retryable;
        this.replayable = replayable;
        this.token = token;
        this.startedNanos = startedNanos;
        this.deadlineNanos = startedNanos + pool.deadlineNanos();
    }

    /**
     * The event loop that {@code request} arrived on, where deadlines are acted on and backoffs run out; Netty's global
     * executor for one that Netty did not read. Looked up only when a timer needs it, off the common path.
     */
    private static ScheduledExecutorService eventLoopOf(ServerHttpRequest request) {
        try {
            if (ServerHttpRequestDecorator.getNativeRequest(request) instanceof Connection connection) {
                return connection.channel().eventLoop();
            }
        } catch (IllegalArgumentException notAServerRequest) {
            // A request built in a test, with no server behind it.
        }
        return GlobalEventExecutor.INSTANCE;
    }

    /** Uses {@code request} (whose body can be replayed) for every attempt. */
    ProxyAttempts replaying(ReplayableRequest request) {
        this.current = exchange.mutate().request(request).build();
        return this;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> subscriber) {
        this.actual = subscriber;
        subscriber.onSubscribe(this);
        send();
    }

    // ---- ProxiedAttempt

    @Override
    public void finished(Outcome outcome, long latencyMillis) {
        Upstream instance = upstream;
        if (LIVE.compareAndSet(this, attempts, 0)) {
            instance.recorder().record(outcome, latencyMillis);
            instance.breaker().record(outcome, TimeUnit.MILLISECONDS.toNanos(latencyMillis));
        }
    }

    @Override
    public void abandoned() {
        if (LIVE.compareAndSet(this, attempts, 0)) {
            upstream.breaker().release();
        }
    }

    @Override
    public long startedNanos() {
        return startedNanos;
    }

    // ---- the attempt's chain, as its subscriber

    @Override
    public void onSubscribe(Subscription subscription) {
        inner = subscription;
        if (cancelled) {
            subscription.cancel();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(Void unused) {
        // A Mono<Void> has no values.
    }

    @Override
    public void onComplete() {
        if (!settle(attempts)) {
            return;
        }
        HttpClientResponse response = exchange.getAttribute(CLIENT_RESPONSE_ATTR);
        TokenSource tokens = pool.tokenSource();
        AccessToken sent = token;
        if (response != null
                && response.status().code() == 401
                && tokens != null
                && sent != null
                && mayReplayWithNewToken()) {
            replayWithNewToken(tokens, sent);
            return;
        }
        if (response != null
                && pool.retryRules().retriesStatus(response.status().code())
                && mayRetry()) {
            retry(AttemptOutcomes.ofStatus(response.status().code()));
            return;
        }
        markAttempts();
        actual().onComplete();
    }

    @Override
    public void onError(Throwable error) {
        if (!settle(attempts)) {
            return;
        }
        Outcome outcome = AttemptOutcomes.ofFailure(error);
        if (outcome != null && RetryRules.retriesFailure(outcome) && mayRetry()) {
            retry(outcome);
            return;
        }
        markAttempts();
        actual().onError(error);
    }

    // ---- the client's subscription

    @Override
    public void request(long n) {
        // Nothing to deliver but completion; each attempt's chain is requested in full when it subscribes.
    }

    @Override
    public void cancel() {
        cancelled = true;
        disarm();
        Future<?> waitingOut = backoff;
        if (waitingOut != null) {
            waitingOut.cancel(false);
        }
        Disposable renewing = renewal;
        if (renewing != null) {
            renewing.dispose();
        }
        Subscription attempt = inner;
        if (attempt != null) {
            attempt.cancel();
        }
        if (WAITING.compareAndSet(this, 1, 0)) {
            upstream.breaker().release();
        }
        abandoned();
    }

    // ---- attempts

    private void begin() {
        attempts++;
        live = attempts;
        settled = attempts;
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, upstream.target(requestUrl));
        exchange.getAttributes().put(SignalRecordingFilter.ATTEMPT_ATTR, this);
        BearerTokenHeaders.use(exchange, token);
    }

    private void send() {
        if (attempts > 0 && !WAITING.compareAndSet(this, 1, 0)) {
            return; // cancelled during the backoff, which gave the permit back
        }
        begin();
        if (attempts > 1) {
            startedNanos = System.nanoTime();
            if (!replaying) {
                pool.recorder().retried();
            }
            replaying = false;
        }
        deadline = deadlines.schedule(this, Math.max(deadlineNanos - startedNanos, 0));
        chain.filter(current).subscribe(this);
    }

    /**
     * Whether another attempt may follow this one: attempts are left, the budget has a retry, the backoff ends before
     * the deadline, and an instance is available. Picks that instance, taking a permit from its breaker.
     */
    private boolean mayRetry() {
        RetryRules rules = pool.retryRules();
        RetryBudget budget = pool.retryBudget();
        if (!retryable || cancelled || budget == null || attempts >= rules.maxAttempts()) {
            return false;
        }
        long now = System.nanoTime();
        long backoff = rules.backoffNanos(attempts + 1);
        if (now + backoff >= deadlineNanos) {
            return false;
        }
        Upstream[] seen = tried;
        if (seen == null) {
            seen = new Upstream[rules.maxAttempts()];
            tried = seen;
        }
        seen[attempts - 1] = upstream;
        Upstream candidate = pool.pick(clock.millis(), seen, attempts);
        if (candidate == null) {
            return false;
        }
        if (!budget.tryRetry(now)) {
            candidate.breaker().release();
            return false;
        }
        next = candidate;
        nextBackoffNanos = backoff;
        return true;
    }

    /** Records the failed attempt, clears what it left in the exchange and sends the next after the backoff. */
    private void retry(Outcome failed) {
        finished(failed, SignalRecordingFilter.elapsedMillis(startedNanos));
        clearAttempt();
        Upstream chosen = next;
        upstream = chosen == null ? upstream : chosen;
        next = null;
        waiting = 1;
        if (nextBackoffNanos == 0) {
            send();
        } else {
            backoff = eventLoopOf(exchange.getRequest()).schedule(this::send, nextBackoffNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Clears what an attempt left in the exchange (its response, connection and headers) for the next one. */
    private void clearAttempt() {
        ServerWebExchangeUtils.reset(exchange);
        exchange.getResponse().setStatusCode(null);
        if (current == exchange) {
            current = exchange.mutate()
                    .request(ReplayableRequest.withoutBody(
                            exchange.getRequest(), exchange.getResponse().bufferFactory()))
                    .build();
        }
    }

    /**
     * Whether a 401 may be answered by sending the request again with a new token: the attempt carried a token, this
     * request was not replayed yet, and the instance's breaker lets one more attempt through (taking its permit).
     */
    private boolean mayReplayWithNewToken() {
        return replayable && !replayed && !cancelled && upstream.breaker().tryAcquire();
    }

    /**
     * Sets the refused attempt aside (the breaker hears of it, as a 401 is an answer; the instance's signals do not)
     * and, once the route's token source has a token newer than the refused one, sends the request again to the same
     * instance. When no token can be had the request fails with {@link TokenUnavailableException}, a 503.
     */
    private void replayWithNewToken(TokenSource tokens, AccessToken refused) {
        if (LIVE.compareAndSet(this, attempts, 0)) {
            upstream.breaker().record(Outcome.UNAUTHORIZED, System.nanoTime() - startedNanos);
        }
        clearAttempt();
        replayed = true;
        waiting = 1;
        // Its own field, not the backoff's: when a newer token is at hand this completes at once, and the replay it
        // sends sets its deadline before subscribe returns.
        renewal = tokens.renewAfter(refused, clock.millis())
                .subscribe(renewed -> replayWith(tokens, renewed), error -> noTokenForReplay(tokens, error));
    }

    private void replayWith(TokenSource tokens, AccessToken renewed) {
        token = renewed;
        replaying = true;
        tokens.replayed();
        send();
    }

    private void noTokenForReplay(TokenSource tokens, Throwable error) {
        if (!WAITING.compareAndSet(this, 1, 0)) {
            return; // cancelled while waiting, which gave the permit back
        }
        upstream.breaker().release();
        if (error instanceof TokenUnavailableException) {
            tokens.refused();
        }
        markAttempts();
        actual().onError(error);
    }

    // ---- the deadline

    /** On the wheel's thread: the deadline passed. Acted on in the request's event loop. */
    @Override
    public void run(Timeout timeout) {
        eventLoopOf(exchange.getRequest()).execute(this);
    }

    /**
     * On the request's event loop: fails the attempt in flight, if any. A deadline never fires early and every attempt
     * shares the request's one deadline, so whichever attempt is in flight now has outlived it; when none is (a backoff
     * or a token renewal is under way), the next attempt sets what is left, nothing, and fails at the next tick.
     */
    @Override
    public void run() {
        deadlinePassed(attempts);
    }

    private void disarm() {
        Timeout pending = deadline;
        if (pending != null) {
            pending.cancel();
        }
    }

    private void deadlinePassed(int attempt) {
        if (!settle(attempt)) {
            return;
        }
        Subscription running = inner;
        if (running != null) {
            running.cancel();
        }
        finished(Outcome.RESPONSE_TIMEOUT, SignalRecordingFilter.elapsedMillis(startedNanos));
        markAttempts();
        long deadlineMillis = TimeUnit.NANOSECONDS.toMillis(pool.deadlineNanos());
        actual().onError(new ResponseStatusException(
                HttpStatus.GATEWAY_TIMEOUT,
                "route " + routeId + " got no response within its deadline of " + deadlineMillis + " ms after "
                        + attempt + (attempt == 1 ? " attempt" : " attempts"),
                new TimeoutException("deadline of " + deadlineMillis + " ms passed")));
    }

    /** Takes the right to act on attempt {@code attempt}'s end; false when its deadline or its end came first. */
    private boolean settle(int attempt) {
        if (!SETTLED.compareAndSet(this, attempt, 0)) {
            return false;
        }
        disarm();
        return true;
    }

    private void markAttempts() {
        if (attempts > 1) {
            exchange.getResponse().getHeaders().set(ATTEMPTS_HEADER, Integer.toString(attempts));
        }
    }

    private CoreSubscriber<? super Void> actual() {
        CoreSubscriber<? super Void> subscriber = actual;
        if (subscriber == null) {
            throw new IllegalStateException("attempts of route " + routeId + " completed before they were subscribed");
        }
        return subscriber;
    }
}
