package dev.suture.control.fleet;

import dev.suture.control.signal.GatewayReporting;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One gateway as the fleet listing shows it.
 *
 * @param id the gateway's id
 * @param address where it serves traffic
 * @param softwareVersion its build's version
 * @param connected whether its config stream is open now
 * @param firstSeen when it first connected
 * @param lastSeen the last time it was heard from: connect, heartbeat or acknowledgement
 * @param appliedVersion the config version it routes by, 0 when none
 * @param appliedAt when it acknowledged that version
 * @param inSync whether it runs the current version
 * @param rejections the most recent versions it refused, newest first
 * @param reporting its traffic reports: when the last arrived, whether it has gone stale, and the health it reported;
 *     null when it has not reported since the control service started
 */
public record GatewayView(
        String id,
        String address,
        String softwareVersion,
        boolean connected,
        Instant firstSeen,
        Instant lastSeen,
        long appliedVersion,
        @Nullable Instant appliedAt,
        boolean inSync,
        List<Rejection> rejections,
        @Nullable GatewayReporting reporting) {

    /** A version the gateway refused, and why; it kept routing on its previous config. */
    public record Rejection(long version, String reason, Instant at) {}
}
