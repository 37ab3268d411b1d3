package dev.suture.control.healing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of automatic healing and incident handling. Per-route bounds come from the route's healing policy; these
 * are the service-wide rails around them.
 *
 * @param recoveryHold how long a route must stay healthy, with no action left in force, before its incident is
 *     resolved; default 30s
 * @param escalateAfter how long a route may stay unhealthy after the first action before the incident is escalated
 *     as "actions did not help"; default 5m
 * @param maxActionsPerMinute most actions applied per minute across all routes; more are deferred; default 20
 * @param probationPercent share of its usual traffic an instance gets after an ejection ends; default 10
 * @param probationPeriod how long an instance stays on probation after an ejection; default 30s
 * @param ejectionMemory how far back earlier ejections of an instance count towards a longer ejection; default 1h
 * @param notifyUrl webhook told about incidents opened, escalated and resolved; empty turns it off; default empty
 */
@ConfigurationProperties("suture.healing")
public record HealingProperties(
        @DefaultValue("30s") Duration recoveryHold,
        @DefaultValue("5m") Duration escalateAfter,
        @DefaultValue("20") int maxActionsPerMinute,
        @DefaultValue("10") int probationPercent,
        @DefaultValue("30s") Duration probationPeriod,
        @DefaultValue("1h") Duration ejectionMemory,
        @DefaultValue("") String notifyUrl) {}
