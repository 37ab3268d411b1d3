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
 */
public record HealingOverlay(List<InstanceEjection> ejections, List<RouteFailover> failovers) {

    public static final HealingOverlay EMPTY = new HealingOverlay(List.of(), List.of());

    public HealingOverlay(@Nullable List<InstanceEjection> ejections, @Nullable List<RouteFailover> failovers) {
        SpecCheck check = SpecCheck.of("overlay");
        this.ejections = check.list("ejections", ejections, 10_000);
        this.failovers = check.list("failovers", failovers, 10_000);
        check.throwIfInvalid();
    }

    @JsonIgnore
    public boolean isEmpty() {
        return ejections.isEmpty() && failovers.isEmpty();
    }
}
