package dev.suture.control.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.control.ControlServiceApplication;
import dev.suture.control.database.TestDatabase;
import dev.suture.control.detection.RootCause;
import dev.suture.control.healing.HealingOverlaySource;
import dev.suture.control.policy.PolicyEditor;
import dev.suture.control.route.RouteEditor;
import dev.suture.control.signal.FakeClock;
import dev.suture.control.snapshot.ConfigPublisher;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A control service stopped with an incident open, and started again on the same database, continues it. */
class ServiceRestartTest {

    private static final String BAD = "http://10.40.0.1:80";

    @Test
    void anIncidentOpenAtShutdownIsContinuedAndItsEjectionIsStillPublishedAfterTheRestart() {
        String database = TestDatabase.newDatabaseUrl();
        long id;
        try (ConfigurableApplicationContext before = start(database)) {
            Scenario scenario = scenario(before);
            scenario.route("survivor", BAD, "http://10.40.0.2:80", "http://10.40.0.3:80");
            scenario.ticks(
                    1,
                    Duration.ofSeconds(1),
                    "survivor",
                    scenario.unhealthy("survivor", RootCause.INSTANCE_DOWN, 40, BAD));
            id = scenario.only("survivor").incident().id();
        }

        try (ConfigurableApplicationContext after = start(database)) {
            Scenario scenario = scenario(after);
            ConfigPublisher publisher = after.getBean(ConfigPublisher.class);

            assertThat(scenario.tracker().unresolvedByRoute().get("survivor").id())
                    .isEqualTo(id);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> publisher.current().isPresent()
                            && publisher.current().get().overlay().ejections().stream()
                                    .anyMatch(ejection -> ejection.url().equals(BAD)));

            scenario.during(Duration.ofSeconds(70), "survivor", scenario.healthy("survivor", 40));
            IncidentDetail incident = scenario.only("survivor");
            assertThat(incident.incident().id()).isEqualTo(id);
            assertThat(incident.incident().state()).isEqualTo(IncidentState.RESOLVED);
        }
    }

    private static ConfigurableApplicationContext start(String database) {
        return new SpringApplicationBuilder(ControlServiceApplication.class, IncidentTest.MovableClock.class)
                .properties(
                        "spring.datasource.url=" + database,
                        "spring.datasource.username=" + TestDatabase.username(),
                        "spring.datasource.password=" + TestDatabase.password(),
                        "server.port=0",
                        "suture.detection.interval=1h")
                .run();
    }

    private static Scenario scenario(ConfigurableApplicationContext context) {
        return new Scenario(
                context.getBean(RouteEditor.class),
                context.getBean(PolicyEditor.class),
                context.getBean(IncidentTracker.class),
                context.getBean(IncidentHistory.class),
                context.getBean(HealingOverlaySource.class),
                context.getBean(FakeClock.class));
    }
}
