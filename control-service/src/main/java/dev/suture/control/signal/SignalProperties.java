package dev.suture.control.signal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the traffic signals the gateways report.
 *
 * @param staleAfter how long a gateway may go without reporting before it counts as stale: the seconds it did not
 *     report hold none of its traffic, and its last consecutive connection failures stop counting; default 5s
 */
@ConfigurationProperties("suture.signals")
public record SignalProperties(@DefaultValue("5s") Duration staleAfter) {}
