package dev.suture.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.model.snapshot.RouteRateLimit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The token bucket, driven by a hand-moved nano clock instead of sleeping. */
class RequestRateLimiterTest {

    private static final long START = 1_000_000_000L;

    @Test
    void aFreshBucketAdmitsOneSecondsWorthAtOnceAndThenRefusesUntilItRefills() {
        RequestRateLimiter limiter = new RequestRateLimiter(limit(10, 2), START);

        assertThat(admitted(limiter, START, 20)).isEqualTo(5);
        assertThat(limiter.tryAcquire(START + millis(199))).isFalse();
        assertThat(limiter.tryAcquire(START + millis(200))).isTrue();
        assertThat(limiter.tryAcquire(START + millis(200))).isFalse();
    }

    @Test
    void anIdleBucketHoldsNoMoreThanItsBurst() {
        RequestRateLimiter limiter = new RequestRateLimiter(limit(5, 1), START);

        assertThat(admitted(limiter, START + TimeUnit.MINUTES.toNanos(5), 50)).isEqualTo(5);
    }

    @Test
    void overTwoSecondsOfSteadyDemandItAdmitsTheRateAfterTheBurst() {
        RequestRateLimiter limiter = new RequestRateLimiter(limit(5, 1), START);
        int admitted = 0;
        for (long t = 0; t < millis(2_000); t += millis(10)) {
            admitted += limiter.tryAcquire(START + t) ? 1 : 0;
        }

        assertThat(admitted).as("burst of 5, then 5 per second").isEqualTo(5 + 10 - 1);
    }

    @Test
    void aRateBelowOnePerSecondStillAdmitsOneRequest() {
        RequestRateLimiter limiter = new RequestRateLimiter(limit(1, 2), START);

        assertThat(admitted(limiter, START, 5)).isEqualTo(1);
        assertThat(limiter.tryAcquire(START + millis(1_999))).isFalse();
        assertThat(limiter.tryAcquire(START + millis(2_000))).isTrue();
    }

    @Test
    void theSameLimitKeepsItsBucketAndAChangedOneDoesNot() {
        RequestRateLimiter limiter = new RequestRateLimiter(limit(10, 2), START);

        assertThat(limiter.sameAs(limit(10, 2))).isTrue();
        assertThat(limiter.sameAs(limit(10, 3))).isFalse();
        assertThat(limiter.retryAfterHeader()).isEqualTo("7");
    }

    private static RouteRateLimit limit(double fleetRate, int gateways) {
        return new RouteRateLimit("orders", fleetRate, gateways, 7, "overloaded");
    }

    private static int admitted(RequestRateLimiter limiter, long now, int attempts) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            admitted += limiter.tryAcquire(now) ? 1 : 0;
        }
        return admitted;
    }

    private static long millis(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
