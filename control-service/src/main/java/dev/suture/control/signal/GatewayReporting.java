package dev.suture.control.signal;

import dev.suture.model.signal.GatewayHealth;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A gateway's traffic reports as the control service last heard them.
 *
 * @param lastReportAt when its newest report arrived
 * @param stale whether it has been silent for longer than {@code suture.signals.stale-after}; a stale gateway's old
 *     windows no longer count in detection
 * @param health the gateway's own health from its newest report; null when its reports do not carry it
 */
public record GatewayReporting(
        Instant lastReportAt, boolean stale, @Nullable GatewayHealth health) {}
