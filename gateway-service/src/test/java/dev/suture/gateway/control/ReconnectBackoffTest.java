package dev.suture.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    private static final Duration MIN = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(10);

    @RepeatedTest(20)
    void eachDelayLiesInTheUpperHalfOfADoublingCeilingBetweenMinAndMax() {
        ReconnectBackoff backoff = new ReconnectBackoff(MIN, MAX, new Random());

        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            delays.add(backoff.next().toMillis());
        }

        assertThat(delays.get(0)).isBetween(100L, 200L);
        assertThat(delays.get(1)).isBetween(200L, 400L);
        assertThat(delays.get(2)).isBetween(400L, 800L);
        assertThat(delays.subList(7, 12)).allSatisfy(delay -> assertThat(delay).isBetween(5_000L, 10_000L));
    }

    @Test
    void delaysAreJitteredSoAFleetDoesNotReconnectInStep() {
        ReconnectBackoff first = new ReconnectBackoff(MIN, MAX, new Random(1));
        ReconnectBackoff second = new ReconnectBackoff(MIN, MAX, new Random(2));

        List<Duration> firstDelays = List.of(first.next(), first.next(), first.next(), first.next());
        List<Duration> secondDelays = List.of(second.next(), second.next(), second.next(), second.next());

        assertThat(firstDelays).isNotEqualTo(secondDelays);
    }

    @Test
    void aResetStartsAgainFromTheShortestDelay() {
        ReconnectBackoff backoff = new ReconnectBackoff(MIN, MAX, new Random());
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }

        backoff.reset();

        assertThat(backoff.next().toMillis()).isBetween(100L, 200L);
    }

    @Test
    void manyFailuresNeverOverflowPastTheMax() {
        ReconnectBackoff backoff = new ReconnectBackoff(MIN, MAX, new Random());
        for (int i = 0; i < 1_000; i++) {
            backoff.next();
        }

        assertThat(backoff.next()).isBetween(Duration.ofSeconds(5), MAX);
    }
}
