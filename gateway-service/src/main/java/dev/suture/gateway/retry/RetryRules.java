package dev.suture.gateway.retry;

import dev.suture.model.policy.RetrySpec;
import dev.suture.model.signal.Outcome;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A route's retry policy compiled for the request path: which requests may be retried at all, which outcomes of an
 * attempt are worth another, and how long to wait before it. Immutable.
 *
 * <p>A request may be retried when retries are enabled, more than one attempt is allowed, and its method is
 * idempotent (GET, HEAD, OPTIONS, TRACE, PUT, DELETE), or it is a POST or PATCH that carries an {@code
 * Idempotency-Key} header or whose route opted in. An attempt is worth another when it failed before any response:
 * the connection was refused, timed out while connecting, or was reset or closed before the status line; or when the
 * upstream answered with one of the policy's statuses (502, 503 and 504 by default). A response timeout is not
 * retried: the first attempt may take the route's whole deadline, so no time would be left for another.
 */
public final class RetryRules {

    /** The header that makes a POST or PATCH safe to retry (IETF draft "The Idempotency-Key HTTP Header Field"). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    public static final RetryRules NONE = new RetryRules(RetrySpec.defaults(), false);

    private final boolean enabled;
    private final int maxAttempts;
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final boolean nonIdempotent;
    private final long maxBufferedBodyBytes;
    private final boolean[] retryOnStatus = new boolean[100];

    private RetryRules(RetrySpec spec, boolean enabled) {
        this.enabled = enabled && spec.enabled() && spec.maxAttempts() > 1;
        this.maxAttempts = spec.maxAttempts();
        this.initialBackoffNanos = spec.initialBackoffMs() * 1_000_000L;
        this.maxBackoffNanos = spec.maxBackoffMs() * 1_000_000L;
        this.nonIdempotent = spec.retryNonIdempotent();
        this.maxBufferedBodyBytes = spec.maxBufferedBodyBytes();
        for (int status : spec.retryOnStatuses()) {
            retryOnStatus[status - 500] = true;
        }
    }

    public static RetryRules of(RetrySpec spec) {
        return new RetryRules(spec, true);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public long maxBufferedBodyBytes() {
        return maxBufferedBodyBytes;
    }

    /** Whether {@code request} may be sent more than once, its body aside. */
    public boolean mayRetry(ServerHttpRequest request) {
        if (!enabled) {
            return false;
        }
        HttpMethod method = request.getMethod();
        if (method == HttpMethod.GET
                || method == HttpMethod.HEAD
                || method == HttpMethod.OPTIONS
                || method == HttpMethod.TRACE
                || method == HttpMethod.PUT
                || method == HttpMethod.DELETE) {
            return true;
        }
        return nonIdempotent || request.getHeaders().containsHeader(IDEMPOTENCY_KEY);
    }

    /** Whether an attempt that failed this way before any response is worth another. */
    public static boolean retriesFailure(Outcome outcome) {
        return outcome == Outcome.CONNECTION_REFUSED
                || outcome == Outcome.CONNECT_TIMEOUT
                || outcome == Outcome.CONNECTION_RESET;
    }

    /** Whether an attempt answered with {@code status} is worth another. */
    public boolean retriesStatus(int status) {
        return status >= 500 && status <= 599 && retryOnStatus[status - 500];
    }

    /**
     * The wait before attempt number {@code attempt} (2 for the first retry): exponential from the initial backoff,
     * capped, with full jitter, so that gateways retrying the same failure do not come back in step.
     */
    public long backoffNanos(int attempt) {
        long ceiling = initialBackoffNanos;
        for (int retry = 2; retry < attempt && ceiling < maxBackoffNanos; retry++) {
            ceiling <<= 1;
        }
        ceiling = Math.min(ceiling, maxBackoffNanos);
        if (ceiling <= 0) {
            return 0;
        }
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    /** Whether the request has a body to replay, as far as its headers tell. */
    public static boolean hasBody(HttpHeaders headers) {
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }
}
