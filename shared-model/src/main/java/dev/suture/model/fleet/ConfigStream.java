package dev.suture.model.fleet;

/**
 * Names of the config stream protocol, shared so that both ends spell them the same way.
 *
 * <p>A gateway opens {@value #PATH} as server-sent events with its {@link GatewayIdentity} in the query string. The
 * control service sends a {@value #SNAPSHOT_EVENT} event (a {@code ConfigSnapshot} as JSON) at once when the gateway's
 * applied version differs from the current one, then one per new version, and a {@value #HEARTBEAT_EVENT} event every
 * few seconds carrying the current version. The gateway answers each snapshot with a {@link ConfigAck} posted to
 * {@value #ACK_PATH}. Every second it also posts a {@code SignalReport} of the traffic it saw to {@value #REPORT_PATH}.
 */
public final class ConfigStream {

    public static final String PATH = "/api/v1/fleet/stream";
    public static final String ACK_PATH = "/api/v1/fleet/{gatewayId}/acks";
    public static final String REPORT_PATH = "/api/v1/fleet/{gatewayId}/reports";
    public static final String SNAPSHOT_EVENT = "snapshot";
    public static final String HEARTBEAT_EVENT = "heartbeat";

    private ConfigStream() {}
}
