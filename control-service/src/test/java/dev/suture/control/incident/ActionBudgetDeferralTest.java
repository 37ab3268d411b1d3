package dev.suture.control.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.control.detection.RootCause;
import dev.suture.model.snapshot.InstanceEjection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The global action budget holds actions back, writes each deferral down once, and lets them through later. */
@IncidentTest
@TestPropertySource(properties = "suture.healing.max-actions-per-minute=1")
class ActionBudgetDeferralTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private final Scenario scenario;

    ActionBudgetDeferralTest(Scenario scenario) {
        this.scenario = scenario;
    }

    @Test
    void aSpentBudgetDefersTheNextActionWithOneTimelineEntryUntilTheMinuteHasPassed() {
        scenario.route("first", "http://10.20.0.1:80", "http://10.20.0.2:80", "http://10.20.0.3:80");
        scenario.route("second", "http://10.21.0.1:80", "http://10.21.0.2:80", "http://10.21.0.3:80");

        scenario.ticks(
                1, SECOND, "first", scenario.unhealthy("first", RootCause.INSTANCE_DOWN, 40, "http://10.20.0.1:80"));
        scenario.ticks(
                20, SECOND, "second", scenario.unhealthy("second", RootCause.INSTANCE_DOWN, 40, "http://10.21.0.1:80"));

        assertThat(ejected("first")).isEqualTo(1);
        assertThat(ejected("second"))
                .as("the minute's one action went to the first route")
                .isZero();
        IncidentDetail second = scenario.only("second");
        assertThat(second.timeline())
                .filteredOn(entry -> entry.kind() == TimelineKind.ACTION_DEFERRED)
                .as("twenty ticks with the budget spent")
                .hasSize(1);

        scenario.ticks(
                40, SECOND, "second", scenario.unhealthy("second", RootCause.INSTANCE_DOWN, 40, "http://10.21.0.1:80"));

        assertThat(ejected("second")).as("a minute after the first action").isEqualTo(1);
        assertThat(scenario.only("second").timeline())
                .extracting(TimelineEntry::kind)
                .containsSubsequence(TimelineKind.DETECTED, TimelineKind.ACTION_DEFERRED, TimelineKind.ACTION);
    }

    private long ejected(String route) {
        return scenario.overlay().ejections().stream()
                .map(InstanceEjection::routeId)
                .filter(route::equals)
                .count();
    }
}
