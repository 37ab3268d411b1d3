package dev.suture.model.policy;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * A named, reusable set of detection rules and the healing actions allowed, with their bounds. Every part left out
 * takes its documented safe default, so {@code {"name": "x"}} is a complete policy.
 *
 * @param name unique policy name (lowercase letters, digits, '-', '_')
 * @param description free text for operators, at most 1000 characters
 * @param dryRun when true, incidents and intended actions are recorded but nothing is applied; default false
 */
public record HealingPolicySpec(
        String name,
        String description,
        Boolean dryRun,
        DetectionSpec detection,
        RetrySpec retry,
        CircuitBreakerSpec circuitBreaker,
        EjectionSpec ejection,
        TrafficShapingSpec trafficShaping,
        RestartHookSpec restartHook) {

    /** The policy every route uses unless it names another; it exists from the first start. */
    public static final String DEFAULT_NAME = "default";

    public HealingPolicySpec(
            @Nullable String name,
            @Nullable String description,
            @Nullable Boolean dryRun,
            @Nullable DetectionSpec detection,
            @Nullable RetrySpec retry,
            @Nullable CircuitBreakerSpec circuitBreaker,
            @Nullable EjectionSpec ejection,
            @Nullable TrafficShapingSpec trafficShaping,
            @Nullable RestartHookSpec restartHook) {
        SpecCheck check = SpecCheck.of("policy");
        this.name = check.name("name", name);
        this.description = check.text("description", description, "", 1_000);
        this.dryRun = dryRun != null && dryRun;
        this.detection = detection != null ? detection : DetectionSpec.defaults();
        this.retry = retry != null ? retry : RetrySpec.defaults();
        this.circuitBreaker = circuitBreaker != null ? circuitBreaker : CircuitBreakerSpec.defaults();
        this.ejection = ejection != null ? ejection : EjectionSpec.defaults();
        this.trafficShaping = trafficShaping != null ? trafficShaping : TrafficShapingSpec.defaults();
        this.restartHook = restartHook != null ? restartHook : RestartHookSpec.disabled();
        check.throwIfInvalid();
    }

    /** A policy with this name and every setting at its default. */
    public static HealingPolicySpec defaults(String name) {
        return new HealingPolicySpec(name, null, null, null, null, null, null, null, null);
    }
}
