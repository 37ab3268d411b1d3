package dev.suture.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.gateway.harness.FakeControlService;
import dev.suture.gateway.harness.FakeUpstream;
import dev.suture.gateway.harness.RunningGateway;
import dev.suture.gateway.harness.Snapshots;
import dev.suture.gateway.settings.GatewaySettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config stream survives whatever the control service does to it, and never loses a version. */
class ControlStreamReconnectTest {

    private static final Duration RECONNECTED = Duration.ofSeconds(10);

    private FakeControlService control;
    private FakeUpstream alpha;
    private FakeUpstream beta;
    private RunningGateway gateway;

    @BeforeEach
    void start(@TempDir Path dataDir) throws IOException {
        control = FakeControlService.start();
        alpha = FakeUpstream.start("alpha");
        beta = FakeUpstream.start("beta");
        gateway = RunningGateway.start(control.url(), "reconnecting", dataDir.resolve("snapshot.json"));
        control.publish(
                Snapshots.version(1).route("orders", "/orders/**", alpha).build());
        control.awaitAck(1);
    }

    @AfterEach
    void stop() {
        gateway.close();
        control.close();
        alpha.close();
        beta.close();
    }

    @Test
    void theGatewayIntroducesItselfWhenItOpensTheStream() {
        Map<String, String> first = control.connections().get(0);

        assertThat(first)
                .containsEntry("id", "reconnecting")
                .containsEntry(
                        "address",
                        "http://" + gateway.bean(GatewaySettings.class).hostName() + ":" + gateway.port())
                .containsEntry("appliedVersion", "0")
                .containsKey("softwareVersion");
    }

    @Test
    void aControlServiceWhoseVersionsStartedAgainIsFollowedWhenTheStreamOpensButNotOnTheWay() throws IOException {
        control.publish(
                Snapshots.version(9).route("orders", "/orders/**", alpha).build());
        control.awaitAck(9);
        control.stop();
        // The control service comes back with a new database: its history starts again, below the gateway's.
        control.publish(Snapshots.version(4).route("orders", "/orders/**", beta).build());

        control.restart();

        assertThat(control.awaitAck(4).applied()).isTrue();
        assertThat(control.connections().get(control.connections().size() - 1)).containsEntry("appliedVersion", "9");
        assertThat(gateway.get("/orders/1").body()).isEqualTo("beta");

        control.publish(
                Snapshots.version(3).route("orders", "/orders/**", alpha).build());
        control.publish(Snapshots.version(5)
                .route("orders", "/orders/**", beta)
                .route("carts", "/carts/**", alpha)
                .build());

        assertThat(control.awaitAck(5).applied()).isTrue();
        assertThat(control.ackFor(3))
                .as("an older version on an open stream is still ignored")
                .isEmpty();
        assertThat(gateway.get("/orders/1").body()).isEqualTo("beta");
    }

    @Test
    void whenTheControlServiceEndsTheStreamTheGatewayReconnectsAndReceivesNewVersions() {
        control.dropStreams();

        await().atMost(RECONNECTED).until(() -> control.connections().size() == 2 && control.openStreams() == 1);
        assertThat(control.connections().get(1)).containsEntry("appliedVersion", "1");

        control.publish(Snapshots.version(2).route("orders", "/orders/**", beta).build());

        assertThat(control.awaitAck(2).applied()).isTrue();
        assertThat(gateway.get("/orders/1").body()).isEqualTo("beta");
    }

    @Test
    void whenTheControlServiceRestartsTheGatewayReconnectsAndCatchesUp() throws IOException {
        control.stop();
        await().atMost(RECONNECTED).until(() -> !gateway.bean(ControlLink.class).isConnected());
        assertThat(gateway.get("/orders/1").body())
                .as("still routing while disconnected")
                .isEqualTo("alpha");

        control.publish(Snapshots.version(2).route("orders", "/orders/**", beta).build());
        control.restart();

        assertThat(control.awaitAck(2).applied()).isTrue();
        assertThat(gateway.get("/orders/1").body()).isEqualTo("beta");
        assertThat(gateway.bean(ControlLink.class).isConnected()).isTrue();
    }

    @Test
    void aStreamSilentPastTheHeartbeatTimeoutCountsAsBroken() {
        control.fallSilent();

        await().atMost(RECONNECTED).until(() -> control.connections().size() >= 2);
        control.speakAgain();

        assertThat(gateway.bean(ControlLink.class).lastError())
                .isEqualTo("no event for " + RunningGateway.HEARTBEAT_TIMEOUT.toMillis() + "ms");
        control.publish(Snapshots.version(2).route("orders", "/orders/**", beta).build());
        assertThat(control.awaitAck(2).applied()).isTrue();
    }

    @Test
    void heartbeatsKeepAQuietStreamOpen() {
        await().during(RunningGateway.HEARTBEAT_TIMEOUT.multipliedBy(2))
                .atMost(RunningGateway.HEARTBEAT_TIMEOUT.multipliedBy(3))
                .until(() -> control.connections().size() == 1);
    }
}
