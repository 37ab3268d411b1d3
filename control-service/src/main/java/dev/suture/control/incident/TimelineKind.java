package dev.suture.control.incident;

/** What a timeline entry records. */
public enum TimelineKind {
    DETECTED,
    RECLASSIFIED,
    OBSERVATION,
    ACTION,
    ACTION_ENDED,
    ACTION_REFUSED,
    ACTION_DEFERRED,
    ACTION_RESULT,
    CONFIG_PUSHED,
    STATE_CHANGE,
    ACKNOWLEDGED,
    NOTE
}
