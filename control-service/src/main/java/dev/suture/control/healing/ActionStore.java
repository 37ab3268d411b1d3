package dev.suture.control.healing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL behind healing actions; callers bring the transaction. Thread-safe. */
@Repository
public class ActionStore {

    private static final String COLUMNS = "id, incident_id, route_id, type, url, started_at, until, cap_rps,"
            + " baseline_rps, retry_after_s, traffic_percent, reason, dry_run";

    private final JdbcClient jdbc;

    ActionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the action; overlay actions start active, a restart hook call is history only. */
    public HealingAction insert(HealingAction action) {
        long id = jdbc.sql("""
                INSERT INTO healing_actions (incident_id, route_id, type, url, started_at, until, cap_rps, baseline_rps,
                    retry_after_s, traffic_percent, reason, dry_run, active)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)
                .params(
                        action.incidentId(),
                        action.routeId(),
                        action.type().name(),
                        action.url(),
                        Timestamp.from(action.startedAt()),
                        timestamp(action.until()),
                        action.capRequestsPerSecond(),
                        action.baselineRequestsPerSecond(),
                        action.retryAfterSeconds(),
                        action.trafficPercent(),
                        action.reason(),
                        action.dryRun(),
                        action.type() != ActionType.RESTART_HOOK)
                .query(Long.class)
                .single();
        return new HealingAction(
                id,
                action.incidentId(),
                action.routeId(),
                action.type(),
                action.url(),
                action.startedAt(),
                action.until(),
                action.capRequestsPerSecond(),
                action.baselineRequestsPerSecond(),
                action.retryAfterSeconds(),
                action.trafficPercent(),
                action.reason(),
                action.dryRun());
    }

    public void end(long actionId, Instant at) {
        jdbc.sql("UPDATE healing_actions SET active = FALSE, ended_at = ? WHERE id = ? AND active")
                .params(Timestamp.from(at), actionId)
                .update();
    }

    /** The incident's actions in force, dry-run ones included. */
    public List<HealingAction> active(long incidentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM healing_actions WHERE incident_id = ? AND active ORDER BY id")
                .param(incidentId)
                .query(ActionStore::row)
                .list();
    }

    /** Every applied action in force: the healing overlay's content. */
    List<HealingAction> allApplied() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM healing_actions WHERE active AND NOT dry_run ORDER BY id")
                .query(ActionStore::row)
                .list();
    }

    /** How often the instance was ejected since then, for the growing ejection time. */
    int ejectionsSince(String routeId, String url, Instant since) {
        return jdbc.sql("""
                SELECT count(*) FROM healing_actions
                WHERE route_id = ? AND type = 'EJECTION' AND url = ? AND started_at >= ?
                """)
                .params(routeId, url, Timestamp.from(since))
                .query(Integer.class)
                .single();
    }

    /** The route's restart hook calls since then, newest first. */
    List<Instant> hookCallsSince(String routeId, Instant since) {
        return jdbc.sql("""
                SELECT started_at FROM healing_actions
                WHERE route_id = ? AND type = 'RESTART_HOOK' AND started_at >= ? ORDER BY started_at DESC
                """)
                .params(routeId, Timestamp.from(since))
                .query((row, n) -> row.getTimestamp(1).toInstant())
                .list();
    }

    /** How many restart hook calls this incident made. */
    int hookCalls(long incidentId) {
        return jdbc.sql("SELECT count(*) FROM healing_actions WHERE incident_id = ? AND type = 'RESTART_HOOK'")
                .param(incidentId)
                .query(Integer.class)
                .single();
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static HealingAction row(ResultSet row, int number) throws SQLException {
        Timestamp until = row.getTimestamp("until");
        return new HealingAction(
                row.getLong("id"),
                row.getLong("incident_id"),
                row.getString("route_id"),
                ActionType.valueOf(row.getString("type")),
                row.getString("url"),
                row.getTimestamp("started_at").toInstant(),
                until == null ? null : until.toInstant(),
                row.getDouble("cap_rps"),
                row.getDouble("baseline_rps"),
                row.getInt("retry_after_s"),
                row.getInt("traffic_percent"),
                row.getString("reason"),
                row.getBoolean("dry_run"));
    }
}
