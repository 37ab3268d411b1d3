package dev.suture.model.fleet;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * How a gateway introduces itself when it opens its config stream.
 *
 * @param id unique per gateway instance, stable across its restarts when configured
 * @param address where the gateway serves traffic, for example {@code http://10.0.0.5:8080}
 * @param softwareVersion the gateway build's version
 * @param appliedVersion the snapshot version it already runs, 0 when it has none
 */
public record GatewayIdentity(String id, String address, String softwareVersion, long appliedVersion) {

    public GatewayIdentity(
            @Nullable String id, @Nullable String address, @Nullable String softwareVersion, long appliedVersion) {
        SpecCheck check = SpecCheck.of("gateway identity");
        this.id = check.name("id", id);
        this.address = check.text("address", address, "", 255);
        this.softwareVersion = check.text("softwareVersion", softwareVersion, "unknown", 64);
        check.require(appliedVersion >= 0, "appliedVersion", "must not be negative");
        this.appliedVersion = appliedVersion;
        check.throwIfInvalid();
    }
}
