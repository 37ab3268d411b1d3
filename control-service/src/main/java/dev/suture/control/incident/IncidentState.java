package dev.suture.control.incident;

/** Where an incident is in its life; see docs/incidents.md for the transitions. */
public enum IncidentState {
    /** Detected; no action in force yet. */
    OPEN,
    /** At least one action applied and the route is still unhealthy. */
    MITIGATING,
    /** Signals are healthy; the recovery hold runs and actions are being stepped back. */
    RECOVERING,
    /** Healthy for the hold with no action left in force. Final. */
    RESOLVED,
    /** Actions are exhausted, not allowed, or did not help in time: a person is needed. */
    ESCALATED
}
