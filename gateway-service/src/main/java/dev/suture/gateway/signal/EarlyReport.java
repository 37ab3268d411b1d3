package dev.suture.gateway.signal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A request from the request path to close the current report window now instead of at its end: an instance's
 * connection failures in a row just reached its route's detection threshold, and waiting up to a whole report
 * interval to tell the control service would only delay the ejection by that much.
 *
 * <p>Requests coalesce: while one is pending, more cost one failed compare-and-set and nothing else. Thread-safe.
 */
@Component
public final class EarlyReport {

    /** For recorders whose windows nobody reports, as in tests of selection alone. */
    public static final EarlyReport NEVER = new EarlyReport();

    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile @Nullable Runnable reporter;

    /** Asks for an early report. Never blocks; called on the request path. */
    void request() {
        Runnable current = reporter;
        if (current != null && pending.compareAndSet(false, true)) {
            current.run();
        }
    }

    /** The reporter that closes the window; it must not block, and must call {@link #taken()} when it does. */
    void reportWith(@Nullable Runnable closeWindow) {
        reporter = closeWindow;
    }

    /** The pending request is being served; a new streak may ask again. */
    void taken() {
        pending.set(false);
    }
}
