package dev.suture.gateway.routing;

/**
 * A snapshot that passed the wire contract but that this gateway cannot route by, for example more routes than its
 * local limit or a path that is not a valid path pattern. The message is the reason sent back to the control service.
 */
public final class UnroutableSnapshotException extends Exception {

    private static final long serialVersionUID = 1L;

    UnroutableSnapshotException(String reason) {
        super(reason);
    }
}
