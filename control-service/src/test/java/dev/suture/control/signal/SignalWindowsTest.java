package dev.suture.control.signal;

import static dev.suture.control.signal.SignalFixtures.A;
import static dev.suture.control.signal.SignalFixtures.B;
import static dev.suture.control.signal.SignalFixtures.START;
import static dev.suture.control.signal.SignalFixtures.healthy;
import static dev.suture.control.signal.SignalFixtures.instance;
import static dev.suture.control.signal.SignalFixtures.orders;
import static dev.suture.control.signal.SignalFixtures.report;
import static dev.suture.control.signal.SignalFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.model.policy.DetectionSpec;
import dev.suture.model.policy.HealingPolicySpec;
import dev.suture.model.policy.RateThreshold;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.route.UpstreamSpec;
import dev.suture.model.signal.InstanceSignals;
import dev.suture.model.signal.Outcome;
import dev.suture.model.snapshot.ConfigSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignalWindowsTest {

    private final FakeClock clock = new FakeClock(START);
    private final SignalWindows windows = SignalFixtures.windows(clock);

    @BeforeEach
    void declareOrders() {
        windows.declare(snapshot(DetectionSpec.defaults(), A, B));
    }

    @Test
    void aReportSentTwiceIsCountedOnce() {
        assertThat(send("gw-1", 1, 0, healthy(A, 10, 5))).isEqualTo(ReportAcceptance.ACCEPTED);
        assertThat(send("gw-1", 1, 0, healthy(A, 10, 5))).isEqualTo(ReportAcceptance.DUPLICATE);

        assertThat(lastTenSeconds().instance(A).attempts()).isEqualTo(10);
    }

    @Test
    void theSameSequenceFromTwoGatewaysIsTwoReports() {
        send("gw-1", 1, 0, healthy(A, 10, 5));
        send("gw-2", 1, 0, healthy(A, 7, 5));

        assertThat(lastTenSeconds().instance(A).attempts()).isEqualTo(17);
        assertThat(lastTenSeconds().gatewaySeconds()).isEqualTo(2);
    }

    @Test
    void aLateReportLandsInTheSecondItsWindowStarted() {
        send("gw-1", 1, 0, healthy(A, 1, 5));
        send("gw-1", 3, 2, healthy(A, 3, 5));

        assertThat(sendAt(6, "gw-1", 2, 1, healthy(A, 2, 5))).isEqualTo(ReportAcceptance.ACCEPTED);

        assertThat(windows.window("orders", START.getEpochSecond() + 2, 1)
                        .instance(A)
                        .attempts())
                .as("second 1 holds the late report, not the second it arrived in")
                .isEqualTo(2);
        assertThat(lastTenSeconds().instance(A).attempts()).isEqualTo(6);
    }

    @Test
    void gapsInTheSequenceAreSecondsWithoutData() {
        send("gw-1", 1, 0, healthy(A, 4, 5));
        send("gw-1", 5, 4, healthy(A, 4, 5));

        RouteWindow window = lastTenSeconds();

        assertThat(window.instance(A).attempts()).isEqualTo(8);
        assertThat(window.gatewaySeconds()).isEqualTo(2);
    }

    @Test
    void aReportOlderThanTheLongestWindowIsDropped() {
        send("gw-1", 100, 100, healthy(A, 1, 5));

        ReportAcceptance late = sendAt(101, "gw-1", 50, 50, healthy(A, 1, 5));

        assertThat(late).isEqualTo(ReportAcceptance.TOO_OLD);
    }

    @Test
    void aWindowFromAClockFarAheadIsNotCounted() {
        ReportAcceptance ahead = sendAt(1, "gw-skewed", 1, 7, healthy(A, 1, 5));

        assertThat(ahead).isEqualTo(ReportAcceptance.AHEAD_OF_CLOCK);
        assertThat(windows.window("orders", START.getEpochSecond() + 8, 8)
                        .instance(A)
                        .attempts())
                .isZero();
    }

    @Test
    void aRestartedGatewayIsCountedAgainFromSequenceOne() {
        for (int second = 0; second < 5; second++) {
            send("gw-1", second + 1, second, healthy(A, 1, 5));
        }

        assertThat(send("gw-1", 1, 5, healthy(A, 10, 5))).isEqualTo(ReportAcceptance.ACCEPTED);
        assertThat(send("gw-1", 2, 6, healthy(A, 10, 5))).isEqualTo(ReportAcceptance.ACCEPTED);
        assertThat(send("gw-1", 2, 6, healthy(A, 10, 5))).isEqualTo(ReportAcceptance.DUPLICATE);

        assertThat(lastTenSeconds().instance(A).attempts()).isEqualTo(25);
    }

    @Test
    void aRestartIsSeenWhenTheNewNumbersHaveNotReachedTheOldOnes() {
        send("gw-1", 7, 0, healthy(A, 1, 5));
        send("gw-1", 8, 1, healthy(A, 1, 5));

        assertThat(send("gw-1", 3, 3, healthy(A, 1, 5))).isEqualTo(ReportAcceptance.ACCEPTED);
        assertThat(send("gw-1", 7, 7, healthy(A, 1, 5)))
                .as("sequence 7 again, for a later window: a new process, not a retry")
                .isEqualTo(ReportAcceptance.ACCEPTED);
    }

    @Test
    void dataOlderThanTheWindowNoLongerCounts() {
        send("gw-1", 1, 0, healthy(A, 100, 5));
        for (int second = 1; second <= 40; second++) {
            send("gw-1", second + 1, second, healthy(A, 1, 5));
        }

        RouteWindow window = windows.window("orders", START.getEpochSecond() + 41, 10);

        assertThat(window.instance(A).attempts()).isEqualTo(10);
        assertThat(windows.window("orders", START.getEpochSecond() + 1, 1)
                        .instance(A)
                        .attempts())
                .as("second 0 was overwritten when the ring came round")
                .isZero();
    }

    @Test
    void aPolicyWithALongerWindowKeepsWhatTheRingHeld() {
        send("gw-1", 1, 0, healthy(A, 4, 5));
        send("gw-1", 2, 15, healthy(A, 6, 5));

        windows.declare(
                snapshot(new DetectionSpec(new RateThreshold(0.5, 60, 20), null, null, null, null, null), A, B));
        send("gw-1", 3, 50, healthy(A, 1, 5));

        assertThat(windows.window("orders", START.getEpochSecond() + 51, 60)
                        .instance(A)
                        .attempts())
                .isEqualTo(11);
    }

    @Test
    void routesAndInstancesNoLongerDeclaredAreDropped() {
        send("gw-1", 1, 0, healthy(A, 5, 5), healthy(B, 5, 5));

        windows.declare(snapshot(DetectionSpec.defaults(), A));
        RouteWindow window = lastTenSeconds();

        assertThat(window.instances()).containsOnlyKeys(A);

        windows.declare(new ConfigSnapshot(
                Long.MAX_VALUE,
                START,
                List.of(RouteSpec.of("other", "/other/**", List.of(UpstreamSpec.of(A)))),
                List.of(HealingPolicySpec.defaults("default")),
                null));

        assertThat(windows.window("orders", START.getEpochSecond() + 10, 10)
                        .route()
                        .attempts())
                .isZero();
    }

    @Test
    void anInstanceReportedWithATrailingSlashIsTheDeclaredOne() {
        send("gw-1", 1, 0, healthy(A + "/", 3, 5));

        assertThat(lastTenSeconds().instance(A).attempts()).isEqualTo(3);
    }

    @Test
    void aSilentGatewayBecomesStaleAndItsConsecutiveFailuresStopCounting() {
        send("gw-1", 1, 0, instance(A, 0, Outcome.CONNECTION_REFUSED, 3, 1, 3));
        send("gw-2", 1, 0, healthy(A, 3, 5));
        assertThat(lastTenSeconds().consecutiveConnectionFailures()).containsEntry(A, 3);

        for (int second = 1; second < 8; second++) {
            send("gw-2", second + 1, second, healthy(A, 3, 5));
        }

        assertThat(windows.staleGateways()).containsExactly("gw-1");
        assertThat(lastTenSeconds().consecutiveConnectionFailures()).isEmpty();
    }

    @Test
    void reportsFromManyGatewaysAtOnceAreAllCounted() throws Exception {
        clock.set(START.plusSeconds(10));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<ReportAcceptance>> sent = new ArrayList<>();
        for (int gateway = 0; gateway < 16; gateway++) {
            String id = "gw-" + gateway;
            for (int second = 0; second < 10; second++) {
                long sequence = second + 1;
                Instant start = START.plusSeconds(second);
                sent.add(pool.submit(() -> windows.accept(report(id, sequence, start, orders(healthy(A, 3, 5))))));
            }
        }
        for (Future<ReportAcceptance> future : sent) {
            assertThat(future.get()).isEqualTo(ReportAcceptance.ACCEPTED);
        }
        pool.shutdown();

        assertThat(lastTenSeconds().instance(A).attempts()).isEqualTo(16 * 10 * 3);
        assertThat(lastTenSeconds().route().requests()).isEqualTo(16 * 10 * 3);
    }

    /** A report of second {@code second} after START, arriving just after its window ends. */
    @Test
    void anEjectedInstanceReturnsWithNoHistoryOfTheFailuresThatGotItEjected() {
        send("gw-1", 1, 0, healthy(A, 10, 5), instance(B, 0, Outcome.CONNECTION_REFUSED, 8, 5, 8));
        assertThat(lastTenSeconds().consecutiveConnectionFailures()).containsEntry(B, 8);

        ConfigSnapshot ejecting =
                SignalFixtures.ejecting(snapshot(DetectionSpec.defaults(), A, B), B, START.plusSeconds(4));
        windows.declare(ejecting);
        send("gw-1", 2, 1, healthy(A, 10, 5));
        clock.set(START.plusSeconds(5));
        windows.declare(ejecting);
        send("gw-1", 3, 5, healthy(A, 10, 5), healthy(B, 1, 5));

        RouteWindow window = windows.window("orders", START.getEpochSecond() + 6, 6);
        assertThat(window.consecutiveConnectionFailures())
                .as("the streak from before the ejection")
                .isEmpty();
        assertThat(window.instance(B).attempts())
                .as("only what it did on its return")
                .isEqualTo(1);
        assertThat(window.instance(B).connectionFailures()).isZero();
        assertThat(window.route().requests())
                .as("the route keeps its own counts")
                .isEqualTo(39);
    }

    @Test
    void anExpiredEjectionLeavesTheReturnedInstancesNewFailuresCounting() {
        ConfigSnapshot expired = SignalFixtures.ejecting(snapshot(DetectionSpec.defaults(), A, B), B, START);
        windows.declare(expired);

        send("gw-1", 1, 1, healthy(A, 10, 5), instance(B, 0, Outcome.CONNECTION_REFUSED, 3, 5, 3));
        windows.declare(expired);

        assertThat(windows.window("orders", START.getEpochSecond() + 3, 3).consecutiveConnectionFailures())
                .containsEntry(B, 3);
    }

    private ReportAcceptance send(String gatewayId, long sequence, int second, InstanceSignals... instances) {
        return sendAt(second + 1, gatewayId, sequence, second, instances);
    }

    private ReportAcceptance sendAt(
            int arrival, String gatewayId, long sequence, int second, InstanceSignals... instances) {
        clock.set(START.plusSeconds(arrival).plus(Duration.ofMillis(50)));
        return windows.accept(report(gatewayId, sequence, START.plusSeconds(second), orders(instances)));
    }

    private RouteWindow lastTenSeconds() {
        return windows.window("orders", START.getEpochSecond() + 10, 10);
    }
}
