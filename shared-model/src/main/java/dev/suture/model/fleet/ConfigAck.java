package dev.suture.model.fleet;

import dev.suture.model.validation.SpecCheck;
import org.jspecify.annotations.Nullable;

/**
 * A gateway's answer to a snapshot: applied (an ACK) or rejected with the reason (a NACK). After a NACK the gateway
 * keeps routing on its last good snapshot.
 *
 * @param version the snapshot version answered
 * @param applied true when the gateway now routes by this version
 * @param reason why it was rejected; empty when applied
 */
public record ConfigAck(long version, boolean applied, String reason) {

    public ConfigAck(long version, boolean applied, @Nullable String reason) {
        SpecCheck check = SpecCheck.of("config ack");
        check.require(version >= 1, "version", "must be at least 1");
        this.version = version;
        this.applied = applied;
        this.reason = check.text("reason", reason, "", 2_000);
        check.require(applied || !this.reason.isEmpty(), "reason", "is required when a version is rejected");
        check.throwIfInvalid();
    }

    public static ConfigAck applied(long version) {
        return new ConfigAck(version, true, "");
    }

    public static ConfigAck rejected(long version, String reason) {
        return new ConfigAck(version, false, reason);
    }
}
