package dev.suture.gateway.signal;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;

import dev.suture.model.signal.Outcome;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.netty.http.client.HttpClientResponse;
import reactor.util.context.Context;

/**
 * Records the outcome and latency of the last attempt of each proxied request, through the {@link ProxiedAttempt}
 * the routing filter left in the exchange: into the instance's {@link InstanceRecorder} and circuit breaker.
 *
 * <p>Where it sits: in gateway-server-webflux 5.0.x {@code NettyRoutingFilter} completes as soon as the upstream's
 * status and headers arrive (a response timeout fails it with a 504 {@code ResponseStatusException}), and {@link
 * NettyWriteResponseFilter} (order -1) streams the body afterwards, on the way back out of the chain. A connection
 * reset or garbage in the middle of the body therefore only shows up around that filter, so this one runs just before
 * it and sees the whole attempt, errors included, before any exception handler turns them into a response.
 *
 * <p>The instance comes from the exchange attribute {@link #ATTEMPT_ATTR}, which the routing filter sets when it picks
 * one; requests it refused (rate limit, no instance) have none and record nothing here. A request the client cancels
 * records nothing either: a client going away says nothing about the upstream. Per request this costs one operator
 * and its subscriber (what any Reactor hook would allocate), two atomic adds and no lock, no map lookup, no logging.
 */
@Component
public final class SignalRecordingFilter implements GlobalFilter, Ordered {

    /** The {@link ProxiedAttempt} of a request that was sent to an instance. */
    public static final String ATTEMPT_ATTR = SignalRecordingFilter.class.getName() + ".attempt";

    /** Just outside {@link NettyWriteResponseFilter}, so that writing the upstream's body is part of the attempt. */
    public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return new RecordedAttempt(chain.filter(exchange), exchange);
    }

    /** Records the attempt, if one was made, once the rest of the chain has finished. */
    static void record(ServerWebExchange exchange, @Nullable Throwable error) {
        ProxiedAttempt attempt = exchange.getAttribute(ATTEMPT_ATTR);
        if (attempt == null) {
            return;
        }
        HttpClientResponse response = exchange.getAttribute(CLIENT_RESPONSE_ATTR);
        Outcome outcome = outcome(response, error);
        if (outcome != null) {
            attempt.finished(outcome, elapsedMillis(attempt.startedNanos()));
        } else {
            attempt.abandoned();
        }
    }

    /** The outcome of an attempt that ended with {@code response} (null when none arrived) and {@code error}. */
    public static @Nullable Outcome outcome(@Nullable HttpClientResponse response, @Nullable Throwable error) {
        if (error != null) {
            Outcome failure = AttemptOutcomes.ofFailure(error);
            if (failure != null) {
                return failure;
            }
            // An error we cannot name. With a status, that is the best account of the attempt; without one the attempt
            // still failed, and counting it as a malformed response keeps it an error against the instance.
            return response == null
                    ? Outcome.MALFORMED_RESPONSE
                    : AttemptOutcomes.ofStatus(response.status().code());
        }
        return response == null
                ? null
                : AttemptOutcomes.ofStatus(response.status().code());
    }

    /** Rounded up, so that a latency lands in the first bucket whose bound it does not exceed. */
    public static long elapsedMillis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos + 999_999);
    }

    private static final class RecordedAttempt extends MonoOperator<Void, Void> {

        private final ServerWebExchange exchange;

        RecordedAttempt(Mono<Void> rest, ServerWebExchange exchange) {
            super(rest);
            this.exchange = exchange;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Void> actual) {
            source.subscribe(new Recording(actual, exchange));
        }
    }

    /**
     * Passes every signal through and records on completion or error, exactly once, before passing it on. Keeps the
     * subscriber's context, which does not change once subscribed: the operators above (Reactor Netty's client among
     * them) ask for it many times per request, and each ask would otherwise walk down every subscriber below to the
     * one that holds it.
     */
    private static final class Recording implements CoreSubscriber<Void>, Subscription {

        private final CoreSubscriber<? super Void> actual;
        private final ServerWebExchange exchange;
        private final Context context;
        private @Nullable Subscription upstream;

        Recording(CoreSubscriber<? super Void> actual, ServerWebExchange exchange) {
            this.actual = actual;
            this.exchange = exchange;
            this.context = actual.currentContext();
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            this.upstream = subscription;
            actual.onSubscribe(this);
        }

        @Override
        public void onNext(Void value) {
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            record(exchange, error);
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            record(exchange, null);
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            if (upstream != null) {
                upstream.request(n);
            }
        }

        @Override
        public void cancel() {
            if (upstream != null) {
                upstream.cancel();
            }
            ProxiedAttempt attempt = exchange.getAttribute(ATTEMPT_ATTR);
            if (attempt != null) {
                attempt.abandoned();
            }
        }
    }
}
