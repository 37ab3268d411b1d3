package dev.suture.gateway.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.gateway.harness.FakeControlService;
import dev.suture.gateway.harness.FakeUpstream;
import dev.suture.gateway.harness.RawUpstream;
import dev.suture.gateway.harness.RunningGateway;
import dev.suture.gateway.harness.Snapshots;
import dev.suture.model.policy.CircuitBreakerSpec;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.signal.GatewayHealth;
import dev.suture.model.signal.SignalReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every report carries the gateway's own health, so that the fleet can tell a sick gateway from a sick upstream. */
class ReportedHealthTest {

    @Test
    void reportsSayWhetherTheGatewayIsReadyHowLoadedItIsAndHowManyBreakersAreOpen(@TempDir Path dataDir)
            throws IOException {
        try (FakeControlService control = FakeControlService.start();
                FakeUpstream healthy = FakeUpstream.start("healthy");
                RunningGateway gateway = RunningGateway.start(
                        control.url(),
                        "health-test",
                        dataDir.resolve("snapshot.json"),
                        "suture.gateway.report-interval=200ms")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !control.reports().isEmpty());
            GatewayHealth beforeSnapshot = newestHealth(control);

            String refusing = RawUpstream.refusing();
            control.publish(Snapshots.version(1)
                    .route(Snapshots.route("orders", "/orders/**", 2_000, refusing, healthy.url()))
                    .policy(breakingAfterTwoCalls())
                    .build());
            control.awaitAck(1);
            for (int i = 0; i < 6; i++) {
                gateway.get("/orders/" + i);
            }

            assertThat(beforeSnapshot.ready()).as("no snapshot yet").isFalse();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                GatewayHealth health = newestHealth(control);
                assertThat(health.ready()).isTrue();
                assertThat(health.openBreakers())
                        .as("the refusing instance's breaker")
                        .isEqualTo(1);
                assertThat(health.heapUsedFraction()).isBetween(0.0, 1.0).isPositive();
                assertThat(health.processCpuLoad()).isBetween(-1.0, 1.0);
            });
        }
    }

    private static GatewayHealth newestHealth(FakeControlService control) {
        List<SignalReport> reports = control.reports();
        GatewayHealth health = reports.get(reports.size() - 1).health();
        assertThat(health).as("health in report %s", reports.size()).isNotNull();
        return health;
    }

    private static HealingPolicySpec breakingAfterTwoCalls() {
        HealingPolicySpec base = Snapshots.singleAttempt();
        return new HealingPolicySpec(
                base.name(),
                "test",
                false,
                base.detection(),
                base.retry(),
                new CircuitBreakerSpec(true, 50, null, null, 10, 2, 60_000, 1, null),
                base.ejection(),
                base.trafficShaping(),
                base.restartHook());
    }
}
