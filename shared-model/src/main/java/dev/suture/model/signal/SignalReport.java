package dev.suture.model.signal;

import dev.suture.model.validation.SpecCheck;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One gateway's report of one window (one second by default), posted to the control service. Sequence numbers grow by
 * one per window from the gateway's start; the control service ignores a sequence it has seen and tolerates gaps
 * (windows the gateway dropped while it could not send) and late arrivals.
 *
 * @param gatewayId who reports
 * @param sequence this window's number, from 1, per gateway process
 * @param windowStart when the window began, on the gateway's clock
 * @param windowMillis the window's length
 * @param appliedVersion the config version the gateway routed by at the end of the window
 * @param droppedWindows windows the gateway dropped unsent since its last successful report, because the control
 *     service was unreachable and its buffer was full
 * @param routes per route that had traffic in the window
 * @param health the gateway's own state at the window's end; null from a gateway that does not report it
 */
public record SignalReport(
        String gatewayId,
        long sequence,
        Instant windowStart,
        int windowMillis,
        long appliedVersion,
        long droppedWindows,
        List<RouteSignals> routes,
        @Nullable GatewayHealth health) {

    public SignalReport(
            @Nullable String gatewayId,
            long sequence,
            @Nullable Instant windowStart,
            int windowMillis,
            long appliedVersion,
            long droppedWindows,
            @Nullable List<RouteSignals> routes,
            @Nullable GatewayHealth health) {
        SpecCheck check = SpecCheck.of("signal report");
        this.gatewayId = check.name("gatewayId", gatewayId);
        check.require(sequence >= 1, "sequence", "must be at least 1");
        check.require(windowStart != null, "windowStart", "is required");
        check.require(windowMillis >= 100 && windowMillis <= 60_000, "windowMillis", "must be between 100 and 60000");
        check.require(appliedVersion >= 0 && droppedWindows >= 0, "appliedVersion", "must not be negative");
        this.sequence = sequence;
        this.windowStart = windowStart;
        this.windowMillis = windowMillis;
        this.appliedVersion = appliedVersion;
        this.droppedWindows = droppedWindows;
        this.routes = check.list("routes", routes, 10_000);
        this.health = health;
        check.throwIfInvalid();
    }

    /** A report without the gateway's health, as sent by gateways that do not report it. */
    public SignalReport(
            @Nullable String gatewayId,
            long sequence,
            @Nullable Instant windowStart,
            int windowMillis,
            long appliedVersion,
            long droppedWindows,
            @Nullable List<RouteSignals> routes) {
        this(gatewayId, sequence, windowStart, windowMillis, appliedVersion, droppedWindows, routes, null);
    }
}
