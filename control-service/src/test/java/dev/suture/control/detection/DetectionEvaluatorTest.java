package dev.suture.control.detection;

import static dev.suture.control.signal.SignalFixtures.A;
import static dev.suture.control.signal.SignalFixtures.B;
import static dev.suture.control.signal.SignalFixtures.START;
import static dev.suture.control.signal.SignalFixtures.instance;
import static dev.suture.control.signal.SignalFixtures.orders;
import static dev.suture.control.signal.SignalFixtures.report;
import static dev.suture.control.signal.SignalFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.suture.control.signal.FakeClock;
import dev.suture.control.signal.SignalFixtures;
import dev.suture.control.signal.SignalWindows;
import dev.suture.model.policy.DetectionSpec;
import dev.suture.model.signal.Outcome;
import dev.suture.model.snapshot.ConfigSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DetectionEvaluatorTest {

    private final FakeClock clock = new FakeClock(START);
    private final SignalWindows windows = SignalFixtures.windows(clock);
    private final ConfigSnapshot snapshot = snapshot(DetectionSpec.defaults(), A, B);
    private final List<Map<String, RouteAssessment>> heard = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void everyListenerHearsEachTickEvenWhenAnotherFails() {
        AssessmentListener failing = (at, assessments) -> {
            throw new IllegalStateException("listener bug");
        };
        DetectionEvaluator evaluator =
                evaluator(Optional.of(snapshot), failing, (at, assessments) -> heard.add(assessments));

        evaluator.evaluate();
        evaluator.evaluate();

        assertThat(heard).hasSize(2);
        assertThat(heard.get(0)).containsOnlyKeys("orders");
        assertThat(meters.get("suture.detection.evaluation").timer().count()).isEqualTo(2);
    }

    @Test
    void theEvaluationReadsTheDeclaredRoutesAtTheClocksInstant() {
        DetectionEvaluator evaluator = evaluator(Optional.of(snapshot), (at, assessments) -> heard.add(assessments));
        evaluator.evaluate();
        Instant window = START.plusSeconds(3);
        clock.set(window.plusMillis(1_050));
        windows.accept(report("gw-1", 1, window, orders(instance(A, 0, Outcome.SERVER_ERROR, 20, 20))));
        clock.advance(Duration.ofSeconds(2));

        Map<String, RouteAssessment> assessments = evaluator.evaluate();

        assertThat(assessments.get("orders").findings())
                .extracting(Finding::rootCause)
                .containsExactly(RootCause.SERVICE_FAILING);
        assertThat(assessments.get("orders").at()).isEqualTo(clock.instant());
    }

    @Test
    void nothingIsAssessedBeforeTheFirstSnapshot() {
        DetectionEvaluator evaluator = evaluator(Optional.empty(), (at, assessments) -> heard.add(assessments));

        assertThat(evaluator.evaluate()).isEmpty();
        assertThat(heard).isEmpty();
    }

    private DetectionEvaluator evaluator(Optional<ConfigSnapshot> current, AssessmentListener... listeners) {
        return new DetectionEvaluator(
                () -> current,
                windows,
                () -> List.of(listeners),
                clock,
                new DetectionProperties(Duration.ofSeconds(1)),
                meters);
    }
}
