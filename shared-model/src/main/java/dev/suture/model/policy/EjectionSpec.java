package dev.suture.model.policy;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * How the control service takes a bad instance out of its pool. Each repeated ejection of the same instance lasts
 * longer, up to the cap; the last healthy instance of a pool is never ejected.
 *
 * @param enabled default true
 * @param baseEjectionSeconds first ejection's length, 1 to 3600 s; default 30
 * @param maxEjectionSeconds cap on the growing ejection time, at least the base, up to 86400 s; default 300
 * @param maxEjectedPercent most of a pool that may be ejected at once, 0 to 100; default 50
 */
public record EjectionSpec(
        Boolean enabled, Integer baseEjectionSeconds, Integer maxEjectionSeconds, Integer maxEjectedPercent) {

    public EjectionSpec(
            @Nullable Boolean enabled,
            @Nullable Integer baseEjectionSeconds,
            @Nullable Integer maxEjectionSeconds,
            @Nullable Integer maxEjectedPercent) {
        SpecCheck check = SpecCheck.of("ejection");
        this.enabled = enabled == null || enabled;
        this.baseEjectionSeconds = check.range("baseEjectionSeconds", baseEjectionSeconds, 30, 1, 3_600);
        this.maxEjectionSeconds = check.range("maxEjectionSeconds", maxEjectionSeconds, 300, 1, 86_400);
        check.require(
                this.maxEjectionSeconds >= this.baseEjectionSeconds,
                "maxEjectionSeconds",
                "must be >= baseEjectionSeconds");
        this.maxEjectedPercent = check.range("maxEjectedPercent", maxEjectedPercent, 50, 0, 100);
        check.throwIfInvalid();
    }

    public static EjectionSpec defaults() {
        return new EjectionSpec(null, null, null, null);
    }
}
