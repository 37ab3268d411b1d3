package dev.suture.model.snapshot;

import dev.suture.model.validation.SpecCheck;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An instance back from an ejection that gets only part of its usual traffic until it has proved itself. A gateway
 * scales the instance's weight by {@code trafficPercent} and returns to the full weight by itself after {@code until}.
 *
 * @param routeId the route whose pool holds the instance
 * @param url the instance's URL exactly as the route declares it
 * @param trafficPercent share of its usual traffic, 1 to 100
 * @param until when probation ends
 */
public record InstanceProbation(String routeId, String url, int trafficPercent, Instant until) {

    public InstanceProbation(
            @Nullable String routeId, @Nullable String url, int trafficPercent, @Nullable Instant until) {
        SpecCheck check = SpecCheck.of("probation");
        this.routeId = check.name("routeId", routeId);
        this.url = check.httpUrl("url", url);
        check.require(trafficPercent >= 1 && trafficPercent <= 100, "trafficPercent", "must be between 1 and 100");
        this.trafficPercent = trafficPercent;
        check.require(until != null, "until", "is required");
        this.until = until;
        check.throwIfInvalid();
    }
}
