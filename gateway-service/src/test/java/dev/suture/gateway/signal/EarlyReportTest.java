package dev.suture.gateway.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.gateway.harness.FakeControlService;
import dev.suture.gateway.harness.RawUpstream;
import dev.suture.gateway.harness.RunningGateway;
import dev.suture.gateway.harness.Snapshots;
import dev.suture.model.signal.InstanceSignals;
import dev.suture.model.signal.Outcome;
import dev.suture.model.signal.SignalReport;
import dev.suture.model.snapshot.ConfigSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway whose report windows last a minute still tells the control service at once when an instance's connection
 * failures in a row reach the route's policy threshold (5 in the default policy).
 */
class EarlyReportTest {

    @Test
    void aStreakReachingThePolicyThresholdClosesTheWindowAtOnceAndOnlyOnce(@TempDir Path dataDir) throws IOException {
        String gone = RawUpstream.refusing();
        try (FakeControlService control = FakeControlService.start();
                RunningGateway gateway = reportingEvery("60s", control, dataDir)) {
            control.apply(deadRoute(gone));

            for (int i = 0; i < 4; i++) {
                assertThat(gateway.get("/dead/x").statusCode()).isEqualTo(502);
            }
            sleep(Duration.ofMillis(500));
            assertThat(control.reports())
                    .as("four failures stay below the threshold of five")
                    .isEmpty();

            long fifth = System.nanoTime();
            assertThat(gateway.get("/dead/x").statusCode()).isEqualTo(502);
            await().atMost(Duration.ofSeconds(2)).until(() -> !control.reports().isEmpty());
            long tookMillis = (System.nanoTime() - fifth) / 1_000_000;

            InstanceSignals dead = instance(control.reports().get(0), gone).orElseThrow();
            assertThat(dead.consecutiveConnectionFailures()).isEqualTo(5);
            assertThat(dead.count(Outcome.CONNECTION_REFUSED)).isEqualTo(5);
            assertThat(tookMillis).as("well before the minute's window ends").isLessThan(2_000);

            for (int i = 0; i < 10; i++) {
                gateway.get("/dead/x");
            }
            sleep(Duration.ofMillis(500));
            assertThat(control.reports())
                    .as("a streak that goes on past the threshold asks only once")
                    .hasSize(1);
        }
    }

    @Test
    void anEarlyCloseStartsAFullIntervalSoTheNextWindowIsNoSliver(@TempDir Path dataDir) throws IOException {
        String gone = RawUpstream.refusing();
        try (FakeControlService control = FakeControlService.start();
                RunningGateway gateway = reportingEvery("2s", control, dataDir)) {
            control.apply(deadRoute(gone));
            await().atMost(Duration.ofSeconds(5)).until(() -> !control.reports().isEmpty());
            int before = control.reports().size();

            // Well into the regular window, so that the old schedule's next close would come in well under 2 s.
            sleep(Duration.ofMillis(1_200));
            for (int i = 0; i < 5; i++) {
                assertThat(gateway.get("/dead/x").statusCode()).isEqualTo(502);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> control.reports().size() >= before + 2);

            SignalReport early = control.reports().get(before);
            SignalReport after = control.reports().get(before + 1);
            assertThat(instance(early, gone))
                    .as("the early window holds the streak")
                    .isPresent();
            assertThat(after.windowMillis())
                    .as("the window after the early close runs the whole interval")
                    .isBetween(1_900, 2_600);
        }
    }

    private static RunningGateway reportingEvery(String interval, FakeControlService control, Path dataDir) {
        return RunningGateway.start(
                control.url(),
                "early-report-test",
                dataDir.resolve("snapshot.json"),
                "suture.gateway.report-interval=" + interval);
    }

    /** Route {@code dead} to one instance at {@code url}, under the default policy. */
    private static ConfigSnapshot deadRoute(String url) {
        return Snapshots.version(1)
                .route(Snapshots.route("dead", "/dead/**", 2_000, url))
                .build();
    }

    private static Optional<InstanceSignals> instance(SignalReport report, String url) {
        return report.routes().stream()
                .flatMap(route -> route.instances().stream())
                .filter(instance -> instance.url().equals(url))
                .findFirst();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
