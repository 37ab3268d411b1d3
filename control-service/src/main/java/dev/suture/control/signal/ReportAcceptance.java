package dev.suture.control.signal;

/** What {@link SignalWindows#accept} did with a report. Every one is answered 202: the gateway has nothing to redo. */
public enum ReportAcceptance {
    /** Counted into the windows. */
    ACCEPTED,
    /** The gateway sent this window before (a retry after a lost answer); ignored. */
    DUPLICATE,
    /** The window is older than the longest window any policy reads, or older than the sequences remembered. */
    TOO_OLD,
    /** The window starts further ahead of the control service's clock than the stale-after time: a skewed clock. */
    AHEAD_OF_CLOCK
}
