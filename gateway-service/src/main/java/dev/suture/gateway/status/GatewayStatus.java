package dev.suture.gateway.status;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * This gateway's state as {@code GET /suture/status} reports it.
 *
 * @param id this gateway's id in the fleet
 * @param address where it serves traffic
 * @param softwareVersion its build version
 * @param ready whether it has a snapshot to route by
 * @param snapshot the snapshot in force
 * @param control the link to the control service
 */
public record GatewayStatus(
        String id, String address, String softwareVersion, boolean ready, Snapshot snapshot, Control control) {

    /**
     * The snapshot in force.
     *
     * @param appliedVersion its version; 0 before the first
     * @param createdAt when the control service built it; null before the first
     * @param routes declared routes
     * @param ejections ejections in its overlay that matched an instance
     * @param failovers routes failed over to their fallback pool
     * @param probations probations in its overlay that matched an instance
     * @param rateLimits routes with a rate limit
     * @param lastRejectedVersion the most recently rejected version since start, 0 when none
     * @param lastRejectedReason why it was rejected, null when none
     */
    public record Snapshot(
            long appliedVersion,
            @Nullable Instant createdAt,
            int routes,
            int ejections,
            int failovers,
            int probations,
            int rateLimits,
            long lastRejectedVersion,
            @Nullable String lastRejectedReason) {}

    /**
     * The link to the control service.
     *
     * @param url the control service's base URL
     * @param connected whether the config stream is open
     * @param connectedSince when it opened, null while it is down
     * @param controlVersion the control service's version as last heard, 0 before the first event
     * @param lastError why the stream last broke, null when it never did
     * @param lastErrorAt when it last broke
     */
    public record Control(
            String url,
            boolean connected,
            @Nullable Instant connectedSince,
            long controlVersion,
            @Nullable String lastError,
            @Nullable Instant lastErrorAt) {}
}
