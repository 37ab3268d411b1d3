package dev.suture.control.detection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of detection.
 *
 * @param interval how often every declared route is evaluated against its policy; default 250ms
 */
@ConfigurationProperties("suture.detection")
public record DetectionProperties(@DefaultValue("250ms") Duration interval) {}
