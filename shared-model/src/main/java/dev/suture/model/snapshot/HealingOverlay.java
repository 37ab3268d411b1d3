package dev.suture.model.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.suture.model.validation.SpecCheck;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What automatic healing has changed on top of the declared routes. Kept apart from them so that healing never
 * rewrites what an operator declared, and clearing the overlay restores the declared config exactly.
 *
 * @param ejections instances taken out of their pools
 * @param failovers routes sent to their fallback pools
 * @param probations instances back from an ejection, on part of their usual traffic
 * @param rateLimits routes whose request rate is capped
 */
public record HealingOverlay(
        List<InstanceEjection> ejections,
        List<RouteFailover> failovers,
        List<InstanceProbation> probations,
        List<RouteRateLimit> rateLimits) {

    public static final HealingOverlay EMPTY = new HealingOverlay(List.of(), List.of(), List.of(), List.of());

    public HealingOverlay(
            @Nullable List<InstanceEjection> ejections,
            @Nullable List<RouteFailover> failovers,
            @Nullable List<InstanceProbation> probations,
            @Nullable List<RouteRateLimit> rateLimits) {
        SpecCheck check = SpecCheck.of("overlay");
        this.ejections = check.list("ejections", ejections, 10_000);
        this.failovers = check.list("failovers", failovers, 10_000);
        this.probations = check.list("probations", probations, 10_000);
        this.rateLimits = check.list("rateLimits", rateLimits, 10_000);
        check.throwIfInvalid();
    }

    /** Ejections and failovers only, as the first versions of the overlay had. */
    public HealingOverlay(@Nullable List<InstanceEjection> ejections, @Nullable List<RouteFailover> failovers) {
        this(ejections, failovers, null, null);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return ejections.isEmpty() && failovers.isEmpty() && probations.isEmpty() && rateLimits.isEmpty();
    }
}
