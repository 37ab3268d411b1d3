package dev.suture.gateway.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.suture.gateway.harness.FakeControlService;
import dev.suture.gateway.harness.FakeUpstream;
import dev.suture.gateway.harness.RunningGateway;
import dev.suture.gateway.harness.Snapshots;
import dev.suture.gateway.routing.RoutingTableHolder;
import dev.suture.model.fleet.ConfigAck;
import dev.suture.model.snapshot.ConfigSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots the gateway must refuse: each gets a NACK with a reason precise enough to act on, and the gateway keeps
 * routing by its last good version. The gateway under test accepts at most three routes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotRejectionTest {

    private final AtomicLong versions = new AtomicLong();

    private FakeControlService control;
    private RunningGateway gateway;
    private FakeUpstream alpha;
    private FakeUpstream beta;

    @BeforeAll
    void start(@TempDir Path dataDir) throws IOException {
        control = FakeControlService.start();
        alpha = FakeUpstream.start("alpha");
        beta = FakeUpstream.start("beta");
        gateway = RunningGateway.start(
                control.url(), "rejection-test", dataDir.resolve("snapshot.json"), "suture.gateway.max-routes=3");
    }

    @AfterAll
    void stop() {
        gateway.close();
        control.close();
        alpha.close();
        beta.close();
    }

    @Test
    void aSnapshotWithMoreRoutesThanTheLocalLimitIsRejectedAndThePreviousRoutesKeepWorking() {
        long good = applyGoodSnapshot();
        ConfigSnapshot tooBig = Snapshots.version(versions.incrementAndGet())
                .route("a", "/a/**", beta)
                .route("b", "/b/**", beta)
                .route("c", "/c/**", beta)
                .route("d", "/d/**", beta)
                .build();

        control.publish(tooBig);

        ConfigAck nack = control.awaitAck(tooBig.version());
        assertThat(nack.applied()).isFalse();
        assertThat(nack.reason())
                .isEqualTo("snapshot has 4 routes, more than this gateway's limit of 3 (suture.gateway.max-routes)");
        assertRoutingStillBy(good);
    }

    @Test
    void malformedJsonIsRejectedUnderTheVersionItStillShows() {
        long good = applyGoodSnapshot();
        long broken = versions.incrementAndGet();

        control.publishRaw(broken, "{\"version\": " + broken + ", \"routes\": [");

        ConfigAck nack = control.awaitAck(broken);
        assertThat(nack.applied()).isFalse();
        assertThat(nack.reason()).startsWith("malformed JSON at line 1");
        assertRoutingStillBy(good);
    }

    @Test
    void aSnapshotBreakingTheWireContractIsRejectedNamingTheField() {
        long good = applyGoodSnapshot();
        long invalid = versions.incrementAndGet();

        control.publishRaw(invalid, """
                {"version": %d, "createdAt": "2026-01-01T00:00:00Z",
                 "routes": [{"id": "bad", "path": "/bad/**", "upstreams": [{"url": "ftp://files.example.com"}]}],
                 "policies": [{"name": "default"}]}""".formatted(invalid));

        ConfigAck nack = control.awaitAck(invalid);
        assertThat(nack.applied()).isFalse();
        assertThat(nack.reason())
                .isEqualTo("routes[0].upstreams[0]: upstream is invalid: url must be an absolute http or https URL"
                        + " with a host");
        assertRoutingStillBy(good);
    }

    @Test
    void aPathThatIsNotAValidPathPatternIsRejected() {
        long good = applyGoodSnapshot();
        ConfigSnapshot badPattern = Snapshots.version(versions.incrementAndGet())
                .route("odd", "/odd/{id", beta)
                .build();

        control.publish(badPattern);

        ConfigAck nack = control.awaitAck(badPattern.version());
        assertThat(nack.applied()).isFalse();
        assertThat(nack.reason()).startsWith("route odd has path '/odd/{id' that is not a valid path pattern");
        assertRoutingStillBy(good);
    }

    @Test
    void aSnapshotNotNewerThanTheAppliedOneIsIgnoredWithoutAnAnswer() {
        long good = applyGoodSnapshot();
        int answers = control.acks().size();

        control.publish(
                Snapshots.version(good - 1).route("good", "/good/**", beta).build());

        await().during(Duration.ofMillis(700))
                .atMost(Duration.ofSeconds(2))
                .until(() -> control.acks().size() == answers);
        assertRoutingStillBy(good);
    }

    @Test
    void anAckThatFailsToPostIsRetried() {
        control.refuseAcks(2);

        long version = applyGoodSnapshot();

        assertThat(control.ackFor(version))
                .hasValueSatisfying(ack -> assertThat(ack.applied()).isTrue());
    }

    private long applyGoodSnapshot() {
        ConfigSnapshot good = Snapshots.version(versions.incrementAndGet())
                .route("good", "/good/**", alpha)
                .build();
        control.apply(good);
        return good.version();
    }

    private void assertRoutingStillBy(long version) {
        assertThat(gateway.bean(RoutingTableHolder.class).current().version()).isEqualTo(version);
        assertThat(gateway.get("/good/1").body()).isEqualTo("alpha");
    }
}
