package dev.suture.control.route;

import dev.suture.control.api.PageQuery;
import dev.suture.control.revision.Versioned;
import dev.suture.control.revision.VersionedRowMapper;
import dev.suture.model.route.RouteSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The SQL behind routes; callers bring the transaction. Thread-safe. */
@Repository
class RouteTable {

    private static final String COLUMNS = "spec::text AS spec, version, created_at, updated_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final VersionedRowMapper<RouteSpec> rows;

    RouteTable(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = new VersionedRowMapper<>(json, RouteSpec.class);
    }

    Optional<Versioned<RouteSpec>> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM routes WHERE id = ?")
                .param(id)
                .query(rows)
                .optional();
    }

    /** Locks the row until the transaction ends, so that concurrent writes to one route take turns. */
    Optional<Versioned<RouteSpec>> lock(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM routes WHERE id = ? FOR UPDATE")
                .param(id)
                .query(rows)
                .optional();
    }

    List<Versioned<RouteSpec>> page(PageQuery query) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM routes ORDER BY id LIMIT ? OFFSET ?")
                .params(query.size(), query.offset())
                .query(rows)
                .list();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM routes").query(Long.class).single();
    }

    List<RouteSpec> allSpecs() {
        return jdbc.sql("SELECT spec::text FROM routes ORDER BY id")
                .query((row, number) -> json.readValue(row.getString(1), RouteSpec.class))
                .list();
    }

    List<String> idsUsing(String policyName) {
        return jdbc.sql("SELECT id FROM routes WHERE policy_name = ? ORDER BY id")
                .param(policyName)
                .query(String.class)
                .list();
    }

    /** False when the id is taken; never fails on a duplicate, so racing creates cannot both succeed. */
    boolean insert(Versioned<RouteSpec> route) {
        return jdbc.sql("INSERT INTO routes (id, spec, policy_name, version, created_at, updated_at)"
                                + " VALUES (?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")
                        .params(
                                route.spec().id(),
                                json.writeValueAsString(route.spec()),
                                route.spec().policy(),
                                route.version(),
                                utc(route.createdAt()),
                                utc(route.updatedAt()))
                        .update()
                == 1;
    }

    void update(Versioned<RouteSpec> route) {
        jdbc.sql("UPDATE routes SET spec = ?::jsonb, policy_name = ?, version = ?, updated_at = ? WHERE id = ?")
                .params(
                        json.writeValueAsString(route.spec()),
                        route.spec().policy(),
                        route.version(),
                        utc(route.updatedAt()),
                        route.spec().id())
                .update();
    }

    void delete(String id) {
        jdbc.sql("DELETE FROM routes WHERE id = ?").param(id).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
