package dev.suture.control.incident;

import dev.suture.control.api.PageQuery;
import dev.suture.control.detection.RootCause;
import dev.suture.control.detection.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The SQL behind incidents and their timelines; callers bring the transaction. Thread-safe. */
@Repository
class IncidentStore {

    private static final String COLUMNS = "id, route_id, root_cause, severity, state, instances::text AS instances,"
            + " signals::text AS signals, summary, dry_run, opened_at, detect_ms, unhealthy_since, healthy_since,"
            + " escalated_at, recovered_at, recover_ms, resolved_at, acknowledged_by, acknowledged_at";
    private static final TypeReference<List<String>> URLS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Double>> SIGNALS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    IncidentStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Stores a new incident and returns it with its id. */
    Incident insert(Incident incident) {
        long id = jdbc.sql("""
                INSERT INTO incidents (route_id, root_cause, severity, state, instances, signals, summary, dry_run,
                    opened_at, detect_ms, unhealthy_since)
                VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?) RETURNING id
                """)
                .params(
                        incident.routeId(),
                        incident.rootCause().name(),
                        incident.severity().name(),
                        incident.state().name(),
                        json.writeValueAsString(incident.instances()),
                        json.writeValueAsString(incident.signals()),
                        incident.summary(),
                        incident.dryRun(),
                        Timestamp.from(incident.openedAt()),
                        incident.timeToDetectMs(),
                        timestamp(incident.unhealthySince()))
                .query(Long.class)
                .single();
        return find(id).orElseThrow();
    }

    /** Writes the lifecycle columns; acknowledgement columns belong to the API and are left alone. */
    void update(Incident incident) {
        jdbc.sql("""
                UPDATE incidents SET root_cause = ?, severity = ?, state = ?, instances = ?::jsonb, signals = ?::jsonb,
                    summary = ?, unhealthy_since = ?, healthy_since = ?, escalated_at = ?, recovered_at = ?,
                    recover_ms = ?, resolved_at = ?
                WHERE id = ?
                """)
                .params(
                        incident.rootCause().name(),
                        incident.severity().name(),
                        incident.state().name(),
                        json.writeValueAsString(incident.instances()),
                        json.writeValueAsString(incident.signals()),
                        incident.summary(),
                        timestamp(incident.unhealthySince()),
                        timestamp(incident.healthySince()),
                        timestamp(incident.escalatedAt()),
                        timestamp(incident.recoveredAt()),
                        incident.timeToRecoverMs(),
                        timestamp(incident.resolvedAt()),
                        incident.id())
                .update();
    }

    /** False when the incident was already acknowledged: the first acknowledgement stands. */
    boolean acknowledge(long id, String actor, Instant at) {
        return jdbc.sql("UPDATE incidents SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ?"
                                + " AND acknowledged_at IS NULL")
                        .params(actor, Timestamp.from(at), id)
                        .update()
                == 1;
    }

    void append(long incidentId, TimelineEntry entry) {
        jdbc.sql("""
                INSERT INTO incident_timeline (incident_id, at, kind, message, details, dry_run, actor)
                VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)
                """)
                .params(
                        incidentId,
                        Timestamp.from(entry.at()),
                        entry.kind().name(),
                        entry.message(),
                        json.writeValueAsString(entry.details()),
                        entry.dryRun(),
                        entry.actor())
                .update();
    }

    Optional<Incident> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM incidents WHERE id = ?")
                .param(id)
                .query(this::incident)
                .optional();
    }

    /** Every incident not yet resolved, to continue after a restart. */
    List<Incident> unresolved() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM incidents WHERE state <> 'RESOLVED' ORDER BY id")
                .query(this::incident)
                .list();
    }

    List<TimelineEntry> timeline(long incidentId) {
        return jdbc.sql("SELECT at, kind, message, details::text AS details, dry_run, actor FROM incident_timeline"
                        + " WHERE incident_id = ? ORDER BY id")
                .param(incidentId)
                .query(this::entry)
                .list();
    }

    /** One page of the incidents that pass the filter, newest first. */
    List<Incident> page(IncidentFilter filter, PageQuery query) {
        Where where = where(filter);
        List<Object> params = new ArrayList<>(where.params());
        params.add(query.size());
        params.add(query.offset());
        return jdbc.sql("SELECT " + COLUMNS + " FROM incidents" + where.sql()
                        + " ORDER BY opened_at DESC, id DESC LIMIT ? OFFSET ?")
                .params(params)
                .query(this::incident)
                .list();
    }

    long count(IncidentFilter filter) {
        Where where = where(filter);
        return jdbc.sql("SELECT count(*) FROM incidents" + where.sql())
                .params(where.params())
                .query(Long.class)
                .single();
    }

    IncidentSummary summary(Instant from, Instant to) {
        return jdbc.sql("""
                SELECT count(*) AS opened,
                    count(*) FILTER (WHERE state = 'RESOLVED' AND escalated_at IS NULL) AS auto_resolved,
                    count(*) FILTER (WHERE escalated_at IS NOT NULL) AS escalated,
                    percentile_disc(0.5) WITHIN GROUP (ORDER BY detect_ms) AS detect_p50,
                    percentile_disc(0.9) WITHIN GROUP (ORDER BY detect_ms) AS detect_p90,
                    max(detect_ms) AS detect_max,
                    percentile_disc(0.5) WITHIN GROUP (ORDER BY recover_ms) AS recover_p50,
                    percentile_disc(0.9) WITHIN GROUP (ORDER BY recover_ms) AS recover_p90,
                    max(recover_ms) AS recover_max
                FROM incidents WHERE opened_at >= ? AND opened_at < ?
                """)
                .params(Timestamp.from(from), Timestamp.from(to))
                .query((row, number) -> new IncidentSummary(
                        from,
                        to,
                        row.getLong("opened"),
                        row.getLong("auto_resolved"),
                        row.getLong("escalated"),
                        distribution(row, "detect"),
                        distribution(row, "recover")))
                .single();
    }

    private static IncidentSummary.Distribution distribution(ResultSet row, String prefix) throws SQLException {
        return new IncidentSummary.Distribution(
                row.getObject(prefix + "_p50", Long.class),
                row.getObject(prefix + "_p90", Long.class),
                row.getObject(prefix + "_max", Long.class));
    }

    private static Where where(IncidentFilter filter) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (filter.state() != null) {
            conditions.add("state = ?");
            params.add(filter.state().name());
        }
        if (filter.routeId() != null) {
            conditions.add("route_id = ?");
            params.add(filter.routeId());
        }
        if (filter.rootCause() != null) {
            conditions.add("root_cause = ?");
            params.add(filter.rootCause().name());
        }
        if (filter.from() != null) {
            conditions.add("opened_at >= ?");
            params.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            conditions.add("opened_at < ?");
            params.add(Timestamp.from(filter.to()));
        }
        String sql = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return new Where(sql, params);
    }

    private Incident incident(ResultSet row, int number) throws SQLException {
        return new Incident(
                row.getLong("id"),
                row.getString("route_id"),
                RootCause.valueOf(row.getString("root_cause")),
                Severity.valueOf(row.getString("severity")),
                IncidentState.valueOf(row.getString("state")),
                json.readValue(row.getString("instances"), URLS),
                json.readValue(row.getString("signals"), SIGNALS),
                row.getString("summary"),
                row.getBoolean("dry_run"),
                row.getTimestamp("opened_at").toInstant(),
                row.getLong("detect_ms"),
                instant(row, "unhealthy_since"),
                instant(row, "healthy_since"),
                instant(row, "escalated_at"),
                instant(row, "recovered_at"),
                row.getObject("recover_ms", Long.class),
                instant(row, "resolved_at"),
                row.getString("acknowledged_by"),
                instant(row, "acknowledged_at"));
    }

    private TimelineEntry entry(ResultSet row, int number) throws SQLException {
        return new TimelineEntry(
                row.getTimestamp("at").toInstant(),
                TimelineKind.valueOf(row.getString("kind")),
                row.getString("message"),
                json.readValue(row.getString("details"), DETAILS),
                row.getBoolean("dry_run"),
                row.getString("actor"));
    }

    private static @Nullable Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp at = row.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private record Where(String sql, List<Object> params) {}
}
