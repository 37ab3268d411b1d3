package dev.suture.control.healing;

/** The kinds of action healing takes; all but the restart hook are entries of the healing overlay. */
public enum ActionType {
    EJECTION,
    PROBATION,
    FAILOVER,
    RATE_LIMIT,
    RESTART_HOOK
}
