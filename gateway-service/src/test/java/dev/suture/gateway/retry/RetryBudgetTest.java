package dev.suture.gateway.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void retriesStayWithinTheRatioOfRequestsPlusTheMinimumOverTheWindow() {
        long now = 1_000 * SECOND;
        RetryBudget budget = new RetryBudget(0.2, 1, now);
        for (int i = 0; i < 1_000; i++) {
            budget.requested(now);
        }

        int granted = 0;
        while (budget.tryRetry(now)) {
            granted++;
        }

        assertThat(granted)
                .as("20%% of 1000 requests plus 1 per second over 10 s")
                .isEqualTo(200 + 10);
    }

    @Test
    void aQuietRouteStillGetsItsMinimumAndTheBudgetRefillsAsTheWindowMoves() {
        long start = 1_000 * SECOND;
        RetryBudget budget = new RetryBudget(0.2, 2, start);

        int first = 0;
        while (budget.tryRetry(start)) {
            first++;
        }
        int afterWindow = 0;
        while (budget.tryRetry(start + 11 * SECOND)) {
            afterWindow++;
        }

        assertThat(first)
                .as("no requests yet: only the minimum, 2 per second over 10 s")
                .isEqualTo(20);
        assertThat(afterWindow).as("the spent retries left the window").isEqualTo(20);
    }
}
