package dev.suture.control.fleet;

import dev.suture.model.fleet.GatewayIdentity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The durable record of the fleet: who connected, when, and which versions each applied or refused. */
@Repository
class GatewayStore {

    private final JdbcClient jdbc;

    GatewayStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void connected(GatewayIdentity gateway, Instant at) {
        jdbc.sql("""
                INSERT INTO gateways (id, address, software_version, connected, first_seen, last_seen, connected_at,
                                      applied_version)
                VALUES (:id, :address, :software, TRUE, :at, :at, :at, :applied)
                ON CONFLICT (id) DO UPDATE SET address = :address, software_version = :software, connected = TRUE,
                    last_seen = :at, connected_at = :at, applied_version = :applied
                """)
                .param("id", gateway.id())
                .param("address", gateway.address())
                .param("software", gateway.softwareVersion())
                .param("at", Timestamp.from(at))
                .param("applied", gateway.appliedVersion())
                .update();
    }

    void disconnected(String gatewayId, Instant at) {
        jdbc.sql("UPDATE gateways SET connected = FALSE, last_seen = ? WHERE id = ?")
                .params(Timestamp.from(at), gatewayId)
                .update();
    }

    /** After a restart no stream is open any more, whatever the rows said when the service stopped. */
    int allDisconnected() {
        return jdbc.sql("UPDATE gateways SET connected = FALSE WHERE connected").update();
    }

    boolean applied(String gatewayId, long version, Instant at) {
        return jdbc.sql("""
                UPDATE gateways SET applied_version = GREATEST(applied_version, ?), applied_at = ?, last_seen = ?
                WHERE id = ?
                """)
                        .params(version, Timestamp.from(at), Timestamp.from(at), gatewayId)
                        .update()
                == 1;
    }

    boolean rejected(String gatewayId, long version, String reason, Instant at) {
        int updated = jdbc.sql("UPDATE gateways SET last_seen = ? WHERE id = ?")
                .params(Timestamp.from(at), gatewayId)
                .update();
        if (updated == 0) {
            return false;
        }
        jdbc.sql("INSERT INTO gateway_rejections (gateway_id, version, reason, at) VALUES (?, ?, ?, ?)")
                .params(gatewayId, version, reason, Timestamp.from(at))
                .update();
        return true;
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM gateways").query(Long.class).single();
    }

    List<Row> page(long offset, int limit) {
        return jdbc.sql("SELECT * FROM gateways ORDER BY id LIMIT ? OFFSET ?")
                .params(limit, offset)
                .query(GatewayStore::row)
                .list();
    }

    Optional<Row> find(String gatewayId) {
        return jdbc.sql("SELECT * FROM gateways WHERE id = ?")
                .param(gatewayId)
                .query(GatewayStore::row)
                .optional();
    }

    List<GatewayView.Rejection> recentRejections(String gatewayId, int limit) {
        return jdbc.sql("""
                        SELECT version, reason, at FROM gateway_rejections
                        WHERE gateway_id = ? ORDER BY at DESC, id DESC LIMIT ?
                        """)
                .params(gatewayId, limit)
                .query((rs, n) ->
                        new GatewayView.Rejection(rs.getLong("version"), rs.getString("reason"), instant(rs, "at")))
                .list();
    }

    private static Row row(ResultSet rs, int rowNum) throws SQLException {
        return new Row(
                rs.getString("id"),
                rs.getString("address"),
                rs.getString("software_version"),
                rs.getBoolean("connected"),
                instant(rs, "first_seen"),
                instant(rs, "last_seen"),
                rs.getLong("applied_version"),
                nullableInstant(rs, "applied_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column).toInstant();
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** A gateways row as stored. */
    record Row(
            String id,
            String address,
            String softwareVersion,
            boolean connected,
            Instant firstSeen,
            Instant lastSeen,
            long appliedVersion,
            @Nullable Instant appliedAt) {}
}
