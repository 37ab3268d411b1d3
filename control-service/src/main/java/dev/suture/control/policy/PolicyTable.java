package dev.suture.control.policy;

import dev.suture.control.api.PageQuery;
import dev.suture.control.revision.Versioned;
import dev.suture.control.revision.VersionedRowMapper;
import dev.suture.model.policy.HealingPolicySpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The SQL behind policies; callers bring the transaction. Thread-safe. */
@Repository
class PolicyTable {

    private static final String COLUMNS = "spec::text AS spec, version, created_at, updated_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final VersionedRowMapper<HealingPolicySpec> rows;

    PolicyTable(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = new VersionedRowMapper<>(json, HealingPolicySpec.class);
    }

    Optional<Versioned<HealingPolicySpec>> find(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM policies WHERE name = ?")
                .param(name)
                .query(rows)
                .optional();
    }

    /** Locks the row for a change that keeps the name, which does not block routes that refer to it. */
    Optional<Versioned<HealingPolicySpec>> lockForChange(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM policies WHERE name = ? FOR NO KEY UPDATE")
                .param(name)
                .query(rows)
                .optional();
    }

    /** Locks the row against everything, including a route being pointed at it, until the delete commits. */
    Optional<Versioned<HealingPolicySpec>> lockForDelete(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM policies WHERE name = ? FOR UPDATE")
                .param(name)
                .query(rows)
                .optional();
    }

    boolean exists(String name) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM policies WHERE name = ?)")
                .param(name)
                .query(Boolean.class)
                .single();
    }

    List<Versioned<HealingPolicySpec>> page(PageQuery query) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM policies ORDER BY name LIMIT ? OFFSET ?")
                .params(query.size(), query.offset())
                .query(rows)
                .list();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM policies").query(Long.class).single();
    }

    List<HealingPolicySpec> allSpecs() {
        return jdbc.sql("SELECT spec::text FROM policies ORDER BY name")
                .query((row, number) -> json.readValue(row.getString(1), HealingPolicySpec.class))
                .list();
    }

    /** False when the name is taken; never fails on a duplicate, so racing creates cannot both succeed. */
    boolean insert(Versioned<HealingPolicySpec> policy) {
        return jdbc.sql("INSERT INTO policies (name, spec, version, created_at, updated_at)"
                                + " VALUES (?, ?::jsonb, ?, ?, ?) ON CONFLICT (name) DO NOTHING")
                        .params(
                                policy.spec().name(),
                                json.writeValueAsString(policy.spec()),
                                policy.version(),
                                utc(policy.createdAt()),
                                utc(policy.updatedAt()))
                        .update()
                == 1;
    }

    void update(Versioned<HealingPolicySpec> policy) {
        jdbc.sql("UPDATE policies SET spec = ?::jsonb, version = ?, updated_at = ? WHERE name = ?")
                .params(
                        json.writeValueAsString(policy.spec()),
                        policy.version(),
                        utc(policy.updatedAt()),
                        policy.spec().name())
                .update();
    }

    void delete(String name) {
        jdbc.sql("DELETE FROM policies WHERE name = ?").param(name).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
