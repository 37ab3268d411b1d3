package dev.suture.gateway.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.model.policy.RetrySpec;
import dev.suture.model.signal.Outcome;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class RetryRulesTest {

    private static final RetryRules DEFAULTS = RetryRules.of(RetrySpec.defaults());

    @Test
    void idempotentMethodsMayBeRetriedAndPostOrPatchOnlyWithAnIdempotencyKey() {
        for (HttpMethod method : List.of(
                HttpMethod.GET,
                HttpMethod.HEAD,
                HttpMethod.OPTIONS,
                HttpMethod.TRACE,
                HttpMethod.PUT,
                HttpMethod.DELETE)) {
            assertThat(DEFAULTS.mayRetry(
                            MockServerHttpRequest.method(method, "/x").build()))
                    .as(method.name())
                    .isTrue();
        }
        assertThat(DEFAULTS.mayRetry(MockServerHttpRequest.post("/x").build())).isFalse();
        assertThat(DEFAULTS.mayRetry(MockServerHttpRequest.patch("/x").build())).isFalse();
        assertThat(DEFAULTS.mayRetry(MockServerHttpRequest.post("/x")
                        .header(RetryRules.IDEMPOTENCY_KEY, "order-7")
                        .build()))
                .isTrue();
    }

    @Test
    void aRouteThatOptsInRetriesPostWithoutAKey() {
        RetryRules optedIn = RetryRules.of(new RetrySpec(true, 3, null, null, null, null, null, true, null));

        assertThat(optedIn.mayRetry(MockServerHttpRequest.post("/x").build())).isTrue();
    }

    @Test
    void nothingIsRetriedWhenRetriesAreOffOrOneAttemptIsAllowed() {
        RetryRules off = RetryRules.of(new RetrySpec(false, 3, null, null, null, null, null, null, null));
        RetryRules single = RetryRules.of(new RetrySpec(true, 1, null, null, null, null, null, null, null));

        assertThat(off.mayRetry(MockServerHttpRequest.get("/x").build())).isFalse();
        assertThat(single.mayRetry(MockServerHttpRequest.get("/x").build())).isFalse();
        assertThat(RetryRules.NONE.mayRetry(MockServerHttpRequest.get("/x").build()))
                .isFalse();
    }

    @Test
    void onlyFailuresBeforeAnyResponseAndThePolicysStatusesAreWorthAnotherAttempt() {
        assertThat(List.of(Outcome.values()))
                .filteredOn(RetryRules::retriesFailure)
                .containsExactlyInAnyOrder(
                        Outcome.CONNECTION_REFUSED, Outcome.CONNECT_TIMEOUT, Outcome.CONNECTION_RESET);
        assertThat(DEFAULTS.retriesStatus(502)).isTrue();
        assertThat(DEFAULTS.retriesStatus(503)).isTrue();
        assertThat(DEFAULTS.retriesStatus(504)).isTrue();
        assertThat(DEFAULTS.retriesStatus(500)).isFalse();
        assertThat(DEFAULTS.retriesStatus(404)).isFalse();
    }

    @Test
    void backoffGrowsExponentiallyUpToItsCapWithFullJitter() {
        RetryRules rules = RetryRules.of(new RetrySpec(true, 6, 10, 40, null, null, null, null, null));

        for (int attempt = 2; attempt <= 6; attempt++) {
            long ceilingMs = Math.min(40, 10L << (attempt - 2));
            long highest = 0;
            long lowest = Long.MAX_VALUE;
            for (int i = 0; i < 2_000; i++) {
                long backoff = TimeUnit.NANOSECONDS.toMillis(rules.backoffNanos(attempt));
                highest = Math.max(highest, backoff);
                lowest = Math.min(lowest, backoff);
            }
            assertThat(highest)
                    .as("attempt %d stays under %d ms", attempt, ceilingMs)
                    .isLessThanOrEqualTo(ceilingMs);
            assertThat(highest).as("and reaches near it").isGreaterThanOrEqualTo(ceilingMs * 8 / 10);
            assertThat(lowest).as("full jitter goes down to nothing").isLessThanOrEqualTo(ceilingMs / 10);
        }
    }
}
