package dev.suture.gateway.snapshot;

/**
 * A snapshot the gateway will not route by. The message is the reason reported to the control service; the version
 * is 0 when the snapshot was too broken to tell.
 */
public final class RejectedSnapshotException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long version;

    RejectedSnapshotException(long version, String reason) {
        super(reason);
        this.version = version;
    }

    public long version() {
        return version;
    }
}
