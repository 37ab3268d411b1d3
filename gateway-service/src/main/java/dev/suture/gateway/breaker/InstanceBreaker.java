package dev.suture.gateway.breaker;

import dev.suture.model.policy.CircuitBreakerSpec;
import dev.suture.model.signal.Outcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breaker of one upstream instance of one route: a Resilience4j breaker over a time-based window of the
 * policy's length, fed with the outcome of every attempt sent to the instance. While it is open the instance gets no
 * attempts; after {@code waitInOpenMs} it lets {@code permittedCallsInHalfOpen} probes through, and closes or opens
 * again on their outcome. A probe that hangs cannot keep it half-open: after {@code maxWaitInHalfOpenMs} it opens
 * again, and every probe is bounded by the route's deadline anyway.
 *
 * <p>Failures are what says the instance is unwell: connection failures and timeouts, resets, responses that are not
 * HTTP, and 5xx statuses. A 4xx is the client's doing and counts as a success; so does a 429, which is the upstream
 * protecting itself rather than failing.
 *
 * <p>Thread-safe (Resilience4j's state machine, with its lock-free window). Recording allocates nothing: no event
 * consumers are registered with Resilience4j (each would make it allocate an event per call); state changes are
 * noticed by comparing the state after a call with the last one seen.
 */
public final class InstanceBreaker {

    /** One exception per failure kind, without a stack trace: Resilience4j wants a Throwable and looks at its type. */
    private static final Map<Outcome, UpstreamFailure> FAILURES = failures();

    private final String routeId;
    private final String url;
    private final CircuitBreakerSpec spec;
    private final @Nullable CircuitBreaker breaker;
    private final BreakerEvents events;
    private final AtomicReference<CircuitBreaker.State> lastSeen = new AtomicReference<>(CircuitBreaker.State.CLOSED);

    private InstanceBreaker(
            String routeId,
            String url,
            CircuitBreakerSpec spec,
            @Nullable CircuitBreaker breaker,
            BreakerEvents events) {
        this.routeId = routeId;
        this.url = url;
        this.spec = spec;
        this.breaker = breaker;
        this.events = events;
    }

    /**
     * The breaker for {@code url} under {@code spec}: {@code previous} itself when its spec is the same, so that a new
     * snapshot resets nothing it did not change; otherwise a new breaker, opened at once if the previous one was open,
     * so that new thresholds never hand traffic back to an instance known to be failing.
     */
    public static InstanceBreaker of(
            String routeId,
            String url,
            CircuitBreakerSpec spec,
            @Nullable InstanceBreaker previous,
            Clock clock,
            BreakerEvents events) {
        if (previous != null && previous.spec.equals(spec)) {
            return previous;
        }
        if (!spec.enabled()) {
            return new InstanceBreaker(routeId, url, spec, null, events);
        }
        CircuitBreaker breaker = CircuitBreaker.of(routeId + " " + url, config(spec, clock));
        InstanceBreaker created = new InstanceBreaker(routeId, url, spec, breaker, events);
        if (previous != null && previous.state() == CircuitBreaker.State.OPEN) {
            breaker.transitionToOpenState();
            created.lastSeen.set(CircuitBreaker.State.OPEN);
        }
        return created;
    }

    /** A breaker that never opens, for instances whose route turned breakers off and for tests of selection. */
    public static InstanceBreaker disabled(String routeId, String url) {
        return new InstanceBreaker(
                routeId,
                url,
                new CircuitBreakerSpec(false, null, null, null, null, null, null, null, null),
                null,
                BreakerEvents.SILENT);
    }

    public CircuitBreakerSpec spec() {
        return spec;
    }

    /**
     * Whether an attempt may go to this instance now. A true answer takes a permit that {@link #record} or {@link
     * #release} must give back; in the half-open state there are only a few.
     */
    public boolean tryAcquire() {
        if (breaker == null) {
            return true;
        }
        boolean permitted = breaker.tryAcquirePermission();
        noticeTransition();
        return permitted;
    }

    /** Feeds the outcome of an attempt that {@link #tryAcquire} permitted. */
    public void record(Outcome outcome, long durationNanos) {
        if (breaker == null) {
            return;
        }
        UpstreamFailure failure = FAILURES.get(outcome);
        try {
            if (failure == null) {
                breaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(durationNanos, TimeUnit.NANOSECONDS, failure);
            }
        } catch (RuntimeException e) {
            // Bookkeeping must never fail the request it describes: an exception here would end the attempt's
            // reactive chain with nobody left to answer the client.
            events.bookkeepingFailed(routeId, url, e);
        }
        noticeTransition();
    }

    /** Gives back a permit whose attempt said nothing about the instance (the client went away). */
    public void release() {
        if (breaker != null) {
            breaker.releasePermission();
        }
    }

    public CircuitBreaker.State state() {
        return breaker == null ? CircuitBreaker.State.DISABLED : breaker.getState();
    }

    /** Seconds until an open breaker lets a probe through, rounded up; for a client's {@code Retry-After}. */
    public long secondsUntilProbe() {
        return Math.max(1, (spec.waitInOpenMs() + 999) / 1000);
    }

    private void noticeTransition() {
        CircuitBreaker breaker = this.breaker;
        if (breaker == null) {
            return;
        }
        CircuitBreaker.State now = breaker.getState();
        CircuitBreaker.State before = lastSeen.get();
        // Of threads racing to notice the same change, only the one that wins the swap reports it.
        if (now != before && lastSeen.compareAndSet(before, now)) {
            events.transitioned(routeId, url, before, now, breaker.getMetrics());
        }
    }

    private static CircuitBreakerConfig config(CircuitBreakerSpec spec, Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindow(
                        spec.slidingWindowSeconds(),
                        spec.minimumCalls(),
                        SlidingWindowType.TIME_BASED,
                        synchronization(spec))
                .failureRateThreshold(spec.failureRatePercent())
                .slowCallRateThreshold(spec.slowCallRatePercent())
                .slowCallDurationThreshold(Duration.ofMillis(spec.slowCallDurationMs()))
                .waitDurationInOpenState(Duration.ofMillis(spec.waitInOpenMs()))
                .permittedNumberOfCallsInHalfOpenState(spec.permittedCallsInHalfOpen())
                .maxWaitDurationInHalfOpenState(Duration.ofMillis(spec.maxWaitInHalfOpenMs()))
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
    }

    /**
     * Lock-free windows where Resilience4j 2.3 can keep them: its lock-free windows throw a NullPointerException once
     * they hold a single slot (resilience4j#2334, #2379), which a one-second window or a single half-open probe makes.
     */
    static SlidingWindowSynchronizationStrategy synchronization(CircuitBreakerSpec spec) {
        return spec.slidingWindowSeconds() >= 2 && spec.permittedCallsInHalfOpen() >= 2
                ? SlidingWindowSynchronizationStrategy.LOCK_FREE
                : SlidingWindowSynchronizationStrategy.SYNCHRONIZED;
    }

    private static Map<Outcome, UpstreamFailure> failures() {
        Map<Outcome, UpstreamFailure> failures = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            if (countsAsFailure(outcome)) {
                failures.put(outcome, new UpstreamFailure(outcome));
            }
        }
        return failures;
    }

    private static boolean countsAsFailure(Outcome outcome) {
        return switch (outcome) {
            case CONNECTION_REFUSED,
                    CONNECTION_RESET,
                    CONNECT_TIMEOUT,
                    RESPONSE_TIMEOUT,
                    SERVER_ERROR,
                    MALFORMED_RESPONSE -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return "InstanceBreaker[route=" + routeId + " url=" + url + " state=" + state() + "]";
    }

    /** What Resilience4j records as the error of a failed attempt. */
    static final class UpstreamFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UpstreamFailure(Outcome outcome) {
            super(outcome.name(), null, false, false);
        }
    }
}
