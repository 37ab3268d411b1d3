package dev.suture.gateway.signal;

import dev.suture.model.signal.Outcome;

/**
 * The attempt a request is being proxied with, as {@link SignalRecordingFilter} finishes it: the routing filter puts
 * one in the exchange under {@link SignalRecordingFilter#ATTEMPT_ATTR} and replaces what it points at when it retries.
 * Attempts that the routing filter itself gives up on (to retry them) it finishes itself; the last one ends with the
 * response written, which only the recording filter sees.
 */
public interface ProxiedAttempt {

    /** Records how the current attempt ended: in its instance's signals and circuit breaker. */
    void finished(Outcome outcome, long latencyMillis);

    /** The client went away during the current attempt, which therefore says nothing about the instance. */
    void abandoned();

    /** When the current attempt started, on the {@link System#nanoTime()} scale. */
    long startedNanos();
}
