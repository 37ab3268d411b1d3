package dev.suture.control.detection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One problem detection found on a route in one evaluation: the root cause, the instances it concerns, and the signal
 * values that crossed the policy's thresholds. The same ongoing problem produces an equal-in-kind finding (same route
 * and root cause) at every tick until it clears; incidents use that to avoid duplicates.
 *
 * @param routeId the route
 * @param rootCause what is wrong
 * @param severity how bad it is for clients
 * @param instances URLs of the affected instances; empty when the route as a whole is concerned
 * @param signals the values that triggered it, named, e.g. {@code errorRate=0.62}, {@code requests=40},
 *     {@code threshold=0.5}, {@code windowSeconds=10}
 * @param summary one line for an operator, e.g. {@code 12 of 20 requests to http://10.0.0.7:80 failed with 5xx}
 * @param onset when the problem began, as the signals show it: the start of the earliest second, within the rule's
 *     window, in which the signal behind the finding was bad for the instances or the route it names (for a streak of
 *     connection failures, the second of the streak's first failure). Seconds are the gateways' report windows.
 */
public record Finding(
        String routeId,
        RootCause rootCause,
        Severity severity,
        List<String> instances,
        Map<String, Double> signals,
        String summary,
        Instant onset) {

    public Finding {
        instances = List.copyOf(instances);
        signals = Map.copyOf(signals);
    }
}
