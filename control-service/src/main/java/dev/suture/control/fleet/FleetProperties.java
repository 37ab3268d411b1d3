package dev.suture.control.fleet;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the config streams to the gateways.
 *
 * @param heartbeatInterval how often each stream carries a heartbeat with the current version, so that both ends
 *     notice a dead connection; default 5s
 * @param rejectionsShown how many of a gateway's most recent rejected versions the fleet listing shows; default 10
 */
@ConfigurationProperties("suture.fleet")
public record FleetProperties(
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("10") int rejectionsShown) {}
