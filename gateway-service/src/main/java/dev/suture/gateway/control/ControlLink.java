package dev.suture.gateway.control;

import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What the gateway knows about its link to the control service, for the status endpoint. Written by the stream
 * client's threads and read by requests; each field is volatile and independent, so a reader may see a connect and
 * an error from moments apart, which is fine for a status view.
 */
@Component
public final class ControlLink {

    private final Clock clock;

    private volatile boolean connected;
    private volatile @Nullable Instant connectedSince;
    private volatile @Nullable String lastError;
    private volatile @Nullable Instant lastErrorAt;
    private volatile long controlVersion;

    public ControlLink(Clock clock) {
        this.clock = clock;
    }

    void connected() {
        connectedSince = clock.instant();
        connected = true;
    }

    void lost(String error) {
        connected = false;
        connectedSince = null;
        lastError = error;
        lastErrorAt = clock.instant();
    }

    void heard(long version) {
        controlVersion = version;
    }

    public boolean isConnected() {
        return connected;
    }

    public @Nullable Instant connectedSince() {
        return connectedSince;
    }

    public @Nullable String lastError() {
        return lastError;
    }

    public @Nullable Instant lastErrorAt() {
        return lastErrorAt;
    }

    /** The control service's current version as its last heartbeat or snapshot said; 0 before either. */
    public long controlVersion() {
        return controlVersion;
    }
}
