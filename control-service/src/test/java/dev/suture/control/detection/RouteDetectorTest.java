package dev.suture.control.detection;

import static dev.suture.control.signal.SignalFixtures.A;
import static dev.suture.control.signal.SignalFixtures.B;
import static dev.suture.control.signal.SignalFixtures.C;
import static dev.suture.control.signal.SignalFixtures.START;
import static dev.suture.control.signal.SignalFixtures.healthy;
import static dev.suture.control.signal.SignalFixtures.instance;
import static dev.suture.control.signal.SignalFixtures.orders;
import static dev.suture.control.signal.SignalFixtures.report;
import static dev.suture.control.signal.SignalFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.control.signal.FakeClock;
import dev.suture.control.signal.SignalFixtures;
import dev.suture.control.signal.SignalWindows;
import dev.suture.model.policy.DetectionSpec;
import dev.suture.model.route.RouteSpec;
import dev.suture.model.signal.InstanceSignals;
import dev.suture.model.signal.Outcome;
import dev.suture.model.snapshot.ConfigSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule of the default policy at its threshold and just below it, against fleet-wide windows. */
class RouteDetectorTest {

    private final FakeClock clock = new FakeClock(START);
    private final SignalWindows windows = SignalFixtures.windows(clock);
    private final RouteDetector detector = new RouteDetector(windows);
    private final ConfigSnapshot snapshot = snapshot(DetectionSpec.defaults(), A, B, C);
    private final Map<String, Long> sequences = new HashMap<>();

    RouteDetectorTest() {
        windows.declare(snapshot);
    }

    @Test
    void healthyTrafficIsHealthy() {
        everySecond(0, 10, healthy(A, 5, 20), healthy(B, 5, 20), healthy(C, 5, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(assessment.healthy()).isTrue();
        assertThat(assessment.route().attempts()).isEqualTo(150);
        assertThat(assessment.route().requestsPerSecond()).isEqualTo(15.0);
        assertThat(assessment.instances()).containsOnlyKeys(A, B, C);
        assertThat(assessment.instances().get(A).p99Ms()).isEqualTo(20);
    }

    @Test
    void anInstanceAtTheErrorThresholdHasErrors() {
        once(5, instance(A, 10, Outcome.SERVER_ERROR, 10, 20), healthy(B, 20, 20), healthy(C, 20, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(causes(assessment)).containsExactly(RootCause.INSTANCE_ERRORS);
        Finding finding = assessment.findings().get(0);
        assertThat(finding.instances()).containsExactly(A);
        assertThat(finding.severity()).isEqualTo(Severity.MAJOR);
        assertThat(finding.signals())
                .containsEntry("errorRate", 0.5)
                .containsEntry("requests", 20.0)
                .containsEntry("threshold", 0.5)
                .containsEntry("windowSeconds", 10.0);
        assertThat(finding.summary()).contains("10 of 20 attempts to " + A + " failed in 10s");
    }

    @Test
    void anInstanceJustBelowTheErrorThresholdIsHealthy() {
        once(5, instance(A, 11, Outcome.SERVER_ERROR, 9, 20), healthy(B, 20, 20), healthy(C, 20, 20));

        assertThat(assessAt(10).healthy()).isTrue();
    }

    @Test
    void errorsOnFewerRequestsThanTheMinimumAreNotJudged() {
        once(5, instance(A, 0, Outcome.SERVER_ERROR, 19, 20), healthy(B, 20, 20), healthy(C, 20, 20));

        assertThat(assessAt(10).findings()).isEmpty();
    }

    @Test
    void consecutiveConnectionFailuresAtTheRuleMeanTheInstanceIsDown() {
        once(5, instance(A, 0, Outcome.CONNECTION_REFUSED, 5, 1, 5), healthy(B, 20, 20), healthy(C, 20, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(causes(assessment)).containsExactly(RootCause.INSTANCE_DOWN);
        assertThat(assessment.findings().get(0).signals()).containsEntry("consecutiveConnectionFailures", 5.0);
        assertThat(assessment.instances().get(A).consecutiveConnectionFailures())
                .isEqualTo(5);
    }

    @Test
    void oneFailureShortOfTheRuleIsNotDown() {
        once(5, instance(A, 0, Outcome.CONNECTION_REFUSED, 4, 1, 4), healthy(B, 20, 20), healthy(C, 20, 20));

        assertThat(assessAt(10).findings()).isEmpty();
    }

    @Test
    void anInstanceWhoseAttemptsMostlyFailToConnectIsDown() {
        once(5, instance(A, 9, Outcome.CONNECTION_RESET, 11, 1), healthy(B, 20, 20), healthy(C, 20, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(causes(assessment)).containsExactly(RootCause.INSTANCE_DOWN);
        assertThat(assessment.findings().get(0).signals()).containsEntry("connectionFailureRate", 0.55);
    }

    @Test
    void responseTimeoutsAtTheThresholdMakeTheInstanceSlow() {
        once(5, instance(A, 16, Outcome.RESPONSE_TIMEOUT, 4, 15_000), healthy(B, 20, 20), healthy(C, 20, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(causes(assessment)).containsExactly(RootCause.INSTANCE_SLOW);
        assertThat(assessment.findings().get(0).signals()).containsEntry("timeoutRate", 0.2);
    }

    @Test
    void connectTimeoutsAtTheThresholdMeanTheInstanceIsDown() {
        once(5, instance(A, 16, Outcome.CONNECT_TIMEOUT, 4, 2_000), healthy(B, 20, 20), healthy(C, 20, 20));

        assertThat(causes(assessAt(10))).containsExactly(RootCause.INSTANCE_DOWN);
    }

    @Test
    void timeoutsJustBelowTheThresholdAreNotAProblem() {
        once(5, instance(A, 17, Outcome.RESPONSE_TIMEOUT, 3, 20), healthy(B, 20, 20), healthy(C, 20, 20));

        assertThat(assessAt(10).findings()).isEmpty();
    }

    @Test
    void aPercentileAtTheLatencyLimitMakesTheInstanceSlow() {
        once(5, healthy(A, 20, 2_000), healthy(B, 20, 20), healthy(C, 20, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(causes(assessment)).containsExactly(RootCause.INSTANCE_SLOW);
        assertThat(assessment.findings().get(0).signals())
                .containsEntry("latencyMs", 2_000.0)
                .containsEntry("thresholdMs", 2_000.0);
    }

    @Test
    void aPercentileBelowTheLatencyLimitIsFine() {
        once(5, healthy(A, 20, 1_500), healthy(B, 20, 20), healthy(C, 20, 20));

        assertThat(assessAt(10).findings()).isEmpty();
    }

    @Test
    void slowResponsesOnFewerRequestsThanTheMinimumAreNotJudged() {
        once(5, healthy(A, 19, 5_000), healthy(B, 20, 20), healthy(C, 20, 20));

        assertThat(assessAt(10).findings()).isEmpty();
    }

    @Test
    void whenMostInstancesFailTheServiceIsFailingInOneFinding() {
        once(
                5,
                instance(A, 0, Outcome.SERVER_ERROR, 20, 20),
                instance(B, 0, Outcome.SERVER_ERROR, 20, 20),
                healthy(C, 20, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(causes(assessment)).containsExactly(RootCause.SERVICE_FAILING);
        Finding finding = assessment.findings().get(0);
        assertThat(finding.instances()).containsExactly(A, B);
        assertThat(finding.severity()).as("40 of 60 requests failed").isEqualTo(Severity.CRITICAL);
        assertThat(finding.signals()).containsEntry("failingInstances", 2.0).containsEntry("instancesWithTraffic", 3.0);
    }

    @Test
    void whenTheRouteFailsOnEveryInstanceBelowEachMinimumTheServiceIsFailing() {
        once(
                5,
                instance(A, 4, Outcome.SERVER_ERROR, 6, 20),
                instance(B, 4, Outcome.SERVER_ERROR, 6, 20),
                instance(C, 4, Outcome.SERVER_ERROR, 6, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(causes(assessment)).containsExactly(RootCause.SERVICE_FAILING);
        assertThat(assessment.findings().get(0).instances()).containsExactly(A, B, C);
        assertThat(assessment.findings().get(0).signals()).containsEntry("errorRate", 0.6);
    }

    @Test
    void anInstanceWithoutTrafficIsNotPartOfThePool() {
        once(5, instance(A, 0, Outcome.SERVER_ERROR, 20, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(causes(assessment))
                .as("B and C (say, ejected) had no traffic, so A is the whole pool")
                .containsExactly(RootCause.SERVICE_FAILING);
    }

    @Test
    void aStreakInARoutesFirstSecondOfTrafficIsThatInstancesProblemNotTheServices() {
        // Second 10 is not whole yet at 10.5 s, so its attempts are in no window; A's streak, from the latest report,
        // already is.
        once(10, instance(A, 0, Outcome.CONNECTION_REFUSED, 5, 1, 5), healthy(B, 20, 20), healthy(C, 20, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(causes(assessment))
                .as("one dead instance of three, not a failing service, however little traffic the window holds")
                .containsExactly(RootCause.INSTANCE_DOWN);
        assertThat(assessment.findings().get(0).severity())
                .as("two instances of three are serving")
                .isEqualTo(Severity.MAJOR);
    }

    @Test
    void oneOfTwoInstancesFailingIsThatInstancesProblemNotTheServices() {
        once(5, instance(A, 0, Outcome.SERVER_ERROR, 20, 20), healthy(B, 20, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(causes(assessment))
                .as("half the pool failing: ejecting A leaves B to serve, where failing over or shaping would not")
                .containsExactly(RootCause.INSTANCE_ERRORS);
        assertThat(assessment.findings().get(0).instances()).containsExactly(A);
    }

    @Test
    void credentialsRejectedAtTheThreshold() {
        once(5, instance(A, 5, Outcome.UNAUTHORIZED, 10, 20), instance(B, 10, Outcome.FORBIDDEN, 5, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(causes(assessment)).containsExactly(RootCause.CREDENTIALS_REJECTED);
        assertThat(assessment.findings().get(0).instances()).containsExactly(A, B);
        assertThat(assessment.findings().get(0).signals()).containsEntry("authFailureRate", 0.5);
    }

    @Test
    void credentialsRejectedFiresAtHalfTheAttemptsAndNotBelow() {
        once(5, instance(A, 10, Outcome.UNAUTHORIZED, 10, 20));
        assertThat(causes(assessAt(10))).containsExactly(RootCause.CREDENTIALS_REJECTED);

        once(15, instance(A, 11, Outcome.UNAUTHORIZED, 9, 20));
        assertThat(assessAt(20).findings()).isEmpty();
    }

    @Test
    void trafficAndLatencyRisingTogetherIsOverload() {
        everySecond(0, 10, healthy(A, 10, 50));
        everySecond(10, 20, healthy(A, 30, 150));

        RouteAssessment assessment = assessAt(20);

        assertThat(causes(assessment)).containsExactly(RootCause.OVERLOAD);
        assertThat(assessment.findings().get(0).signals())
                .containsEntry("trafficFactor", 3.0)
                .containsEntry("latencyFactor", 3.0)
                .containsEntry("p99Ms", 150.0);
    }

    @Test
    void aLatencyRiseWithinTheHistogramsBucketWidthsIsNotOverload() {
        // 75 ms and 150 ms are neighbouring bucket bounds: the true p99s may be 74 ms and 101 ms.
        everySecond(0, 10, healthy(A, 10, 75));
        everySecond(10, 20, healthy(A, 100, 150));

        assertThat(assessAt(20).findings()).isEmpty();
    }

    @Test
    void trafficJustShortOfTheFactorIsNotOverload() {
        everySecond(0, 10, healthy(A, 10, 50));
        everySecond(10, 20, healthy(A, 29, 100));

        assertThat(assessAt(20).findings()).isEmpty();
    }

    @Test
    void moreTrafficWithoutSlowerAnswersIsNotOverload() {
        everySecond(0, 10, healthy(A, 10, 50));
        everySecond(10, 20, healthy(A, 50, 75));

        assertThat(assessAt(20).findings()).isEmpty();
    }

    @Test
    void aGatewayReturningFromSilenceIsNotATrafficSpike() {
        everySecond(0, 10, "gw-1", healthy(A, 10, 50));
        everySecond(10, 20, "gw-1", healthy(A, 10, 100));
        everySecond(10, 20, "gw-2", healthy(A, 10, 100));
        everySecond(10, 20, "gw-3", healthy(A, 10, 100));

        assertThat(assessAt(20).findings()).isEmpty();
    }

    @Test
    void aRouteWithoutTrafficBeforeIsNotOverloaded() {
        everySecond(10, 20, healthy(A, 30, 100));

        assertThat(assessAt(20).findings()).isEmpty();
    }

    @Test
    void aRouteWhoseTrafficBeganLateInThePreviousWindowHasNoBaselineEvenWithEnoughRequests() {
        // Two busy seconds at the end of the previous window: enough requests, but no picture of normal traffic.
        everySecond(8, 10, healthy(A, 40, 20));
        everySecond(10, 20, healthy(A, 300, 150));

        assertThat(assessAt(20).findings()).isEmpty();
    }

    @Test
    void aRouteThatJustStartedTakingTrafficHasNoBaselineAndIsNotOverloaded() {
        everySecond(9, 10, healthy(A, 4, 20));
        everySecond(10, 20, healthy(A, 30, 100));

        assertThat(assessAt(20).findings()).isEmpty();
    }

    @Test
    void aStaleGatewaysLastFailuresNeverMakeAFinding() {
        once(1, "gw-1", instance(A, 0, Outcome.CONNECTION_REFUSED, 3, 1, 9));
        everySecond(1, 10, "gw-2", healthy(A, 1, 20));

        RouteAssessment assessment = assessAt(10);

        assertThat(windows.staleGateways()).containsExactly("gw-1");
        assertThat(assessment.findings()).isEmpty();
        assertThat(assessment.enoughData()).isFalse();
    }

    @Test
    void whenEveryGatewayFallsSilentTheRouteIsUnknownNotFailing() {
        everySecond(0, 5, instance(A, 5, Outcome.SERVER_ERROR, 1, 20), healthy(B, 6, 20));

        RouteAssessment assessment = assessAt(30);

        assertThat(assessment.enoughData()).isFalse();
        assertThat(assessment.findings()).isEmpty();
        assertThat(assessment.healthy()).isFalse();
        assertThat(assessment.instances()).isEmpty();
    }

    @Test
    void errorsAreDatedFromTheFirstSecondWithAnErrorNotFromTheWindow() {
        once(1, healthy(A, 2, 20), healthy(B, 4, 20), healthy(C, 4, 20));
        once(3, instance(A, 4, Outcome.SERVER_ERROR, 6, 20), healthy(B, 8, 20), healthy(C, 8, 20));
        once(6, instance(A, 4, Outcome.SERVER_ERROR, 6, 20), healthy(B, 8, 20), healthy(C, 8, 20));

        Finding finding = onlyFinding(assessAt(10));

        assertThat(finding.rootCause()).isEqualTo(RootCause.INSTANCE_ERRORS);
        assertThat(finding.onset()).isEqualTo(START.plusSeconds(3));
    }

    @Test
    void aStreakOfConnectionFailuresIsDatedFromItsFirstFailureAcrossReports() {
        everySecond(0, 4, healthy(A, 5, 20), healthy(B, 5, 20), healthy(C, 5, 20));
        once(4, instance(A, 3, Outcome.CONNECTION_REFUSED, 2, 1, 2), healthy(B, 5, 20), healthy(C, 5, 20));
        once(5, instance(A, 0, Outcome.CONNECTION_REFUSED, 2, 1, 4), healthy(B, 5, 20), healthy(C, 5, 20));
        once(6, instance(A, 0, Outcome.CONNECTION_REFUSED, 1, 1, 5), healthy(B, 5, 20), healthy(C, 5, 20));

        Finding finding = onlyFinding(assessAt(7));

        assertThat(finding.rootCause()).isEqualTo(RootCause.INSTANCE_DOWN);
        assertThat(finding.signals()).containsEntry("consecutiveConnectionFailures", 5.0);
        assertThat(finding.onset())
                .as("the streak's first failure came in second 4, after that second's good answers")
                .isEqualTo(START.plusSeconds(4));
    }

    @Test
    void aStreakEndedByAnAnswerStartsAgainInTheSecondOfItsFirstFailure() {
        once(3, instance(A, 0, Outcome.CONNECTION_REFUSED, 3, 1, 3), healthy(B, 5, 20), healthy(C, 5, 20));
        once(4, instance(A, 1, Outcome.CONNECTION_REFUSED, 2, 1, 2), healthy(B, 5, 20), healthy(C, 5, 20));
        once(5, instance(A, 0, Outcome.CONNECTION_REFUSED, 3, 1, 5), healthy(B, 5, 20), healthy(C, 5, 20));

        Finding finding = onlyFinding(assessAt(6));

        assertThat(finding.onset())
                .as("an answer in second 4 broke the first streak; the second began after it")
                .isEqualTo(START.plusSeconds(4));
    }

    @Test
    void aStreakOlderThanTheRulesWindowIsDatedFromTheWindowsStart() {
        once(1, instance(A, 0, Outcome.CONNECTION_REFUSED, 1, 1, 1), healthy(B, 5, 20), healthy(C, 5, 20));
        everySecond(2, 14, healthy(B, 5, 20), healthy(C, 5, 20));
        once(14, instance(A, 0, Outcome.CONNECTION_REFUSED, 4, 1, 5), healthy(B, 5, 20), healthy(C, 5, 20));

        Finding finding = onlyFinding(assessAt(15));

        assertThat(finding.rootCause()).isEqualTo(RootCause.INSTANCE_DOWN);
        assertThat(finding.onset())
                .as("the 10 s connection-failure window starts at second 5")
                .isEqualTo(START.plusSeconds(5));
    }

    @Test
    void slowAnswersAreDatedFromTheFirstSecondWhosePercentileReachedTheLimit() {
        everySecond(0, 5, healthy(A, 4, 100), healthy(B, 4, 20), healthy(C, 4, 20));
        everySecond(5, 10, healthy(A, 4, 5_000), healthy(B, 4, 20), healthy(C, 4, 20));

        Finding finding = onlyFinding(assessAt(10));

        assertThat(finding.rootCause()).isEqualTo(RootCause.INSTANCE_SLOW);
        assertThat(finding.onset()).isEqualTo(START.plusSeconds(5));
    }

    @Test
    void timeoutsAreDatedFromTheFirstSecondWithATimeout() {
        everySecond(0, 2, healthy(A, 4, 20), healthy(B, 4, 20), healthy(C, 4, 20));
        once(2, instance(A, 6, Outcome.RESPONSE_TIMEOUT, 2, 15_000), healthy(B, 8, 20), healthy(C, 8, 20));
        once(8, instance(A, 6, Outcome.RESPONSE_TIMEOUT, 2, 15_000), healthy(B, 8, 20), healthy(C, 8, 20));

        Finding finding = onlyFinding(assessAt(10));

        assertThat(finding.rootCause()).isEqualTo(RootCause.INSTANCE_SLOW);
        assertThat(finding.onset()).isEqualTo(START.plusSeconds(2));
    }

    @Test
    void aFailingServiceIsDatedFromItsEarliestFailingInstance() {
        once(2, instance(A, 0, Outcome.SERVER_ERROR, 10, 20), healthy(B, 10, 20), healthy(C, 10, 20));
        once(7, instance(A, 0, Outcome.SERVER_ERROR, 10, 20), instance(B, 0, Outcome.SERVER_ERROR, 20, 20));

        Finding finding = onlyFinding(assessAt(10));

        assertThat(finding.rootCause()).isEqualTo(RootCause.SERVICE_FAILING);
        assertThat(finding.onset()).isEqualTo(START.plusSeconds(2));
    }

    @Test
    void rejectedCredentialsAreDatedFromTheFirstRefusal() {
        everySecond(0, 4, healthy(A, 5, 20));
        once(4, instance(A, 0, Outcome.UNAUTHORIZED, 20, 20));

        Finding finding = onlyFinding(assessAt(10));

        assertThat(finding.rootCause()).isEqualTo(RootCause.CREDENTIALS_REJECTED);
        assertThat(finding.onset()).isEqualTo(START.plusSeconds(4));
    }

    @Test
    void overloadIsDatedFromTheFirstSecondWhoseLatencyRose() {
        everySecond(0, 10, healthy(A, 10, 50));
        everySecond(10, 13, healthy(A, 30, 50));
        everySecond(13, 20, healthy(A, 30, 200));

        Finding finding = onlyFinding(assessAt(20));

        assertThat(finding.rootCause()).isEqualTo(RootCause.OVERLOAD);
        assertThat(finding.onset()).isEqualTo(START.plusSeconds(13));
    }

    private RouteAssessment assessAt(int second) {
        clock.set(START.plusSeconds(second).plusMillis(500));
        RouteSpec route = snapshot.routes().get(0);
        return detector.assess(route, snapshot.policies().get(0).detection(), clock.instant());
    }

    private void everySecond(int from, int to, InstanceSignals... instances) {
        everySecond(from, to, "gw-1", instances);
    }

    private void everySecond(int from, int to, String gatewayId, InstanceSignals... instances) {
        for (int second = from; second < to; second++) {
            once(second, gatewayId, instances);
        }
    }

    private void once(int second, InstanceSignals... instances) {
        once(second, "gw-1", instances);
    }

    private void once(int second, String gatewayId, InstanceSignals... instances) {
        Instant start = START.plusSeconds(second);
        clock.set(start.plus(Duration.ofMillis(1_050)));
        long sequence = sequences.merge(gatewayId, 1L, Long::sum);
        windows.accept(report(gatewayId, sequence, start, orders(instances)));
    }

    private static Finding onlyFinding(RouteAssessment assessment) {
        assertThat(assessment.findings()).hasSize(1);
        return assessment.findings().get(0);
    }

    private static List<RootCause> causes(RouteAssessment assessment) {
        return assessment.findings().stream().map(Finding::rootCause).toList();
    }
}
