package dev.suture.gateway.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.gateway.harness.FakeControlService;
import dev.suture.gateway.harness.FakeUpstream;
import dev.suture.gateway.harness.RunningGateway;
import dev.suture.gateway.harness.Snapshots;
import dev.suture.model.signal.InstanceSignals;
import dev.suture.model.signal.Outcome;
import dev.suture.model.signal.SignalReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports survive a control service outage as far as the buffer reaches, and what did not fit is counted. */
class SignalBufferingTest {

    @Test
    void windowsClosedWhileTheControlServiceIsDownAreSentInOrderWhenItReturnsAndTheOverflowIsCounted(
            @TempDir Path dataDir) throws IOException, InterruptedException {
        try (FakeControlService control = FakeControlService.start();
                FakeUpstream alpha = FakeUpstream.start("alpha");
                RunningGateway gateway = RunningGateway.start(
                        control.url(),
                        "buffering-test",
                        dataDir.resolve("snapshot.json"),
                        "suture.gateway.report-interval=200ms",
                        "suture.gateway.report-buffer=5",
                        "suture.control.report-timeout=500ms")) {
            control.publish(
                    Snapshots.version(1).route("orders", "/orders/**", alpha).build());
            control.awaitAck(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> control.reports().size() >= 2);

            control.stop();
            long lastBeforeOutage = lastSequence(control);
            Thread.sleep(2_000);
            List<Integer> servedDuringOutage = List.of(
                    gateway.get("/orders/1").statusCode(),
                    gateway.get("/orders/1").statusCode(),
                    gateway.get("/orders/1").statusCode(),
                    gateway.get("/orders/1").statusCode());
            control.restart();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> control.reports().stream()
                                    .filter(r -> r.sequence() > lastBeforeOutage + 12)
                                    .count()
                            >= 1);

            assertThat(servedDuringOutage)
                    .as("traffic does not wait for the control service")
                    .containsOnly(200);
            List<SignalReport> afterOutage = control.reports().stream()
                    .filter(report -> report.sequence() > lastBeforeOutage)
                    .toList();
            SignalReport first = afterOutage.get(0);
            assertThat(first.droppedWindows())
                    .as("about 10 windows closed during 2s of outage and 5 fit in the buffer")
                    .isGreaterThanOrEqualTo(3)
                    .isEqualTo(first.sequence() - lastBeforeOutage - 1);
            for (int i = 1; i < afterOutage.size(); i++) {
                assertThat(afterOutage.get(i).sequence())
                        .as("buffered windows go out oldest first, each once")
                        .isEqualTo(afterOutage.get(i - 1).sequence() + 1);
                assertThat(afterOutage.get(i).droppedWindows()).isZero();
            }
            long okAfterOutage = afterOutage.stream()
                    .flatMap(report -> report.routes().stream())
                    .flatMap(route -> route.instances().stream())
                    .mapToLong(instance -> instance.count(Outcome.OK))
                    .sum();
            assertThat(okAfterOutage)
                    .as("the requests of the newest, buffered windows are reported")
                    .isEqualTo(4);
        }
    }

    @Test
    void reportsCarryTheAppliedVersionAndEveryInstanceUrlAsDeclared(@TempDir Path dataDir) throws IOException {
        try (FakeControlService control = FakeControlService.start();
                FakeUpstream alpha = FakeUpstream.start("alpha");
                RunningGateway gateway = RunningGateway.start(
                        control.url(),
                        "version-test",
                        dataDir.resolve("snapshot.json"),
                        "suture.gateway.report-interval=200ms")) {
            control.publish(
                    Snapshots.version(7).route("orders", "/orders/**", alpha).build());
            control.awaitAck(7);

            gateway.get("/orders/1");

            // The request is counted when it arrives and its outcome when it ends: maybe in neighbouring windows.
            SignalReport withInstance = await().atMost(Duration.ofSeconds(5))
                    .until(
                            () -> control.reports().stream()
                                    .filter(report -> report.routes().stream()
                                            .anyMatch(
                                                    route -> !route.instances().isEmpty()))
                                    .findFirst(),
                            Optional::isPresent)
                    .get();

            assertThat(withInstance.appliedVersion()).isEqualTo(7);
            InstanceSignals instance = withInstance.routes().get(0).instances().get(0);
            assertThat(instance.url()).isEqualTo(alpha.url());
            assertThat(instance.count(Outcome.OK)).isEqualTo(1);
        }
    }

    private static long lastSequence(FakeControlService control) {
        List<SignalReport> reports = control.reports();
        return reports.get(reports.size() - 1).sequence();
    }
}
