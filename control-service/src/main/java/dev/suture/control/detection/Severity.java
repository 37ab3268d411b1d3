package dev.suture.control.detection;

/** How bad a finding is for clients. */
public enum Severity {
    /** Some requests fail or are slow; the route still serves most clients. */
    MAJOR,
    /** Most requests of the route fail, or no instance is healthy. */
    CRITICAL
}
