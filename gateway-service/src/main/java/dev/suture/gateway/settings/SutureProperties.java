package dev.suture.gateway.settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code suture.*} properties as bound by Spring. {@link GatewaySettings#resolve} turns them into the checked
 * settings the rest of the gateway reads.
 *
 * @param control how to reach the control service
 * @param gateway who this gateway is and what it keeps locally
 */
@ConfigurationProperties("suture")
public record SutureProperties(
        @DefaultValue Control control, @DefaultValue Gateway gateway) {

    /**
     * The connection to the control service.
     *
     * @param url base URL of the control service (env SUTURE_CONTROL_URL); default http://localhost:8081
     * @param minBackoff first delay before reconnecting a broken config stream; default 100ms
     * @param maxBackoff longest delay between reconnect attempts; default 10s
     * @param heartbeatTimeout silence on the stream after which it counts as broken; default 15s
     * @param ackTimeout time allowed for one ack post; default 5s
     * @param reportTimeout time allowed for one signal report post; default 2s
     */
    public record Control(
            @DefaultValue("http://localhost:8081") URI url,
            @DefaultValue("100ms") Duration minBackoff,
            @DefaultValue("10s") Duration maxBackoff,
            @DefaultValue("15s") Duration heartbeatTimeout,
            @DefaultValue("5s") Duration ackTimeout,
            @DefaultValue("2s") Duration reportTimeout) {}

    /**
     * This gateway instance.
     *
     * @param id unique id in the fleet, also naming the default snapshot file; default the host name plus a
     *     random suffix, new at every start
     * @param address where this gateway serves traffic, as reported to the control service; default
     *     http://(host name):(server port)
     * @param snapshotFile the last good snapshot on disk; default data/gateway-(id)/snapshot.json
     * @param maxRoutes most routes this gateway accepts in one snapshot; default 10000
     * @param reportInterval length of one signal report window; default 1s
     * @param reportBuffer most closed windows kept while the control service is unreachable; default 30
     */
    public record Gateway(
            @Nullable String id,
            @Nullable String address,
            @Nullable Path snapshotFile,
            @DefaultValue("10000") int maxRoutes,
            @DefaultValue("1s") Duration reportInterval,
            @DefaultValue("30") int reportBuffer) {}
}
