package dev.suture.control.detection;

import java.time.Instant;
import java.util.Map;

/**
 * Receives every evaluation tick's assessments, one per declared route, in tick order on the evaluator's thread.
 * Incident handling implements it. An implementation must not block for long: the next tick waits for it.
 */
public interface AssessmentListener {

    void onAssessments(Instant at, Map<String, RouteAssessment> assessmentsByRoute);
}
