package dev.suture.model.snapshot;

import dev.suture.model.validation.SpecCheck;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One upstream instance that healing has taken out of a route's pools until a given time. A gateway stops sending
 * to it at once and, should it hear nothing newer, readmits it by itself once {@code until} has passed.
 *
 * @param routeId the route whose pool holds the instance
 * @param url the instance's URL exactly as the route declares it
 * @param until when the ejection ends
 * @param reason why, in an operator's words
 */
public record InstanceEjection(String routeId, String url, Instant until, String reason) {

    public InstanceEjection(
            @Nullable String routeId, @Nullable String url, @Nullable Instant until, @Nullable String reason) {
        SpecCheck check = SpecCheck.of("ejection");
        this.routeId = check.name("routeId", routeId);
        this.url = check.httpUrl("url", url);
        check.require(until != null, "until", "is required");
        this.until = until;
        this.reason = check.text("reason", reason, "", 500);
        check.throwIfInvalid();
    }
}
