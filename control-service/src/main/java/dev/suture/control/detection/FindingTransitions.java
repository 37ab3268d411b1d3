package dev.suture.control.detection;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each (route, root cause) finding when it appears and when it clears, rather than at every tick it holds.
 *
 * <p>Not thread-safe: only the evaluator's thread uses it.
 */
final class FindingTransitions {

    private static final Logger log = LoggerFactory.getLogger(DetectionEvaluator.class);

    private Set<Key> previous = Set.of();

    void record(Map<String, RouteAssessment> assessments) {
        Map<Key, Finding> current = new HashMap<>();
        assessments
                .values()
                .forEach(assessment -> assessment
                        .findings()
                        .forEach(finding -> current.put(new Key(finding.routeId(), finding.rootCause()), finding)));
        current.forEach((key, finding) -> {
            if (!previous.contains(key)) {
                log.warn(
                        "finding appeared route={} cause={} severity={} instances={} signals={} summary=\"{}\"",
                        key.routeId(),
                        key.rootCause(),
                        finding.severity(),
                        finding.instances(),
                        finding.signals(),
                        finding.summary());
            }
        });
        for (Key key : previous) {
            if (!current.containsKey(key)) {
                RouteAssessment assessment = assessments.get(key.routeId());
                log.info(
                        "finding cleared route={} cause={} enoughData={}",
                        key.routeId(),
                        key.rootCause(),
                        assessment != null && assessment.enoughData());
            }
        }
        previous = new HashSet<>(current.keySet());
    }

    private record Key(String routeId, RootCause rootCause) {}
}
