package dev.suture.gateway.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.gateway.harness.FakeControlService;
import dev.suture.gateway.harness.FakeUpstream;
import dev.suture.gateway.harness.RunningGateway;
import dev.suture.gateway.harness.Snapshots;
import dev.suture.model.snapshot.ConfigSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last good snapshot on disk: written after each apply, and what a restarted gateway routes by. */
class StoredSnapshotTest {

    @TempDir
    Path dataDir;

    private FakeControlService control;
    private FakeUpstream alpha;

    @BeforeEach
    void start() throws IOException {
        control = FakeControlService.start();
        alpha = FakeUpstream.start("alpha");
    }

    @AfterEach
    void stop() {
        control.close();
        alpha.close();
    }

    @Test
    void eachAppliedSnapshotIsKeptOnDiskAsSent() throws IOException {
        Path file = dataDir.resolve("gateway/snapshot.json");
        try (RunningGateway gateway = RunningGateway.start(control.url(), "keeper", file)) {
            ConfigSnapshot first =
                    Snapshots.version(1).route("orders", "/orders/**", alpha).build();
            control.publish(first);
            control.awaitAck(1);
            ConfigSnapshot second =
                    Snapshots.version(2).route("users", "/users/**", alpha).build();
            control.publish(second);
            control.awaitAck(2);

            assertThat(Files.readString(file)).contains("\"version\":2").contains("/users/**");
            try (var leftovers = Files.list(file.getParent())) {
                assertThat(leftovers).as("no temporary files left behind").containsExactly(file);
            }
        }
    }

    @Test
    void aGatewayRestartedWhileTheControlServiceIsDownRoutesByTheStoredSnapshot() throws IOException {
        Path file = dataDir.resolve("snapshot.json");
        try (RunningGateway first = RunningGateway.start(control.url(), "restarted", file)) {
            control.apply(
                    Snapshots.version(7).route("orders", "/orders/**", alpha).build());
        }
        control.stop();

        try (RunningGateway second = RunningGateway.start(control.url(), "restarted", file)) {
            assertThat(second.get("/orders/1").body()).isEqualTo("alpha");
            assertThat(second.management("/actuator/health/readiness").statusCode())
                    .isEqualTo(200);

            control.restart();

            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            control.connections().stream().anyMatch(query -> "7".equals(query.get("appliedVersion"))));
        }
    }

    @Test
    void withoutAnySnapshotTheGatewayIsNotReadyAndRefusesTrafficWith503() {
        try (RunningGateway gateway = RunningGateway.start(control.url(), "empty", dataDir.resolve("none.json"))) {
            assertThat(gateway.management("/actuator/health/readiness").statusCode())
                    .isEqualTo(503);
            assertThat(gateway.management("/actuator/health/readiness").body()).contains("OUT_OF_SERVICE");
            assertThat(gateway.management("/actuator/health/liveness").statusCode())
                    .isEqualTo(200);
            var refused = gateway.get("/orders/1");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().map())
                    .containsEntry("Content-Type", List.of("application/problem+json"))
                    .containsKey("Retry-After");
            assertThat(refused.body()).contains("gateway empty has no configuration yet");

            control.publish(
                    Snapshots.version(1).route("orders", "/orders/**", alpha).build());
            control.awaitAck(1);

            assertThat(gateway.management("/actuator/health/readiness").statusCode())
                    .isEqualTo(200);
            assertThat(gateway.get("/orders/1").body()).isEqualTo("alpha");
        }
    }

    @Test
    void aDamagedStoredSnapshotLeavesTheGatewayNotReadyUntilTheControlServiceAnswers() throws IOException {
        Path file = dataDir.resolve("snapshot.json");
        Files.writeString(file, "{\"version\": 3, \"routes\": [");
        control.stop();

        try (RunningGateway gateway = RunningGateway.start(control.url(), "damaged", file)) {
            assertThat(gateway.management("/actuator/health/readiness").statusCode())
                    .isEqualTo(503);
            assertThat(gateway.get("/orders/1").statusCode()).isEqualTo(503);

            control.restart();
            control.publish(
                    Snapshots.version(4).route("orders", "/orders/**", alpha).build());

            assertThat(control.awaitAck(4).applied()).isTrue();
            assertThat(gateway.get("/orders/1").body()).isEqualTo("alpha");
            assertThat(control.connections())
                    .extracting(query -> query.get("appliedVersion"))
                    .contains("0");
        }
    }
}
