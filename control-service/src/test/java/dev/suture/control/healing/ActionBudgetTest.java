package dev.suture.control.healing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActionBudgetTest {

    private final ActionBudget budget = new ActionBudget(new HealingProperties(
            Duration.ofSeconds(30), Duration.ofMinutes(5), 2, 10, Duration.ofSeconds(30), Duration.ofHours(1), ""));

    @Test
    void noMoreThanTheBudgetIsTakenWithinAMinute() {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");

        assertThat(budget.tryTake(start)).isTrue();
        assertThat(budget.tryTake(start.plusSeconds(10))).isTrue();
        assertThat(budget.tryTake(start.plusSeconds(59)))
                .as("third within the minute")
                .isFalse();
    }

    @Test
    void theBudgetRefillsAsActionsLeaveTheMinute() {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        budget.tryTake(start);
        budget.tryTake(start.plusSeconds(30));

        assertThat(budget.tryTake(start.plusSeconds(60)))
                .as("the first has left the minute")
                .isTrue();
        assertThat(budget.tryTake(start.plusSeconds(61))).isFalse();
    }
}
