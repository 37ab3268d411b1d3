package dev.suture.control.revision;

import dev.suture.control.api.ItemPage;
import dev.suture.control.api.PageQuery;
import dev.suture.control.api.ResourceNotFoundException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The append-only history of routes and policies, kept in the {@code revisions} table. Thread-safe. */
@Repository
public class RevisionLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public RevisionLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The version a newly created entity starts at: one past its last revision, so that an ETag from before a delete
     * never matches the entity re-created under the same id.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long nextRevision(RevisionKind kind, String entityId) {
        return jdbc.sql("SELECT COALESCE(MAX(revision), 0) + 1 FROM revisions WHERE kind = ? AND entity_id = ?")
                .params(kind.column(), entityId)
                .query(Long.class)
                .single();
    }

    /** Records a change; must run in the transaction that makes it, so that both commit or neither does. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(Change change) {
        String spec = change.spec() == null ? null : json.writeValueAsString(change.spec());
        jdbc.sql("INSERT INTO revisions (kind, entity_id, revision, action, actor, at, spec, changed_fields)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::text[])")
                .params(
                        change.kind().column(),
                        change.entityId(),
                        change.revision(),
                        change.action().name(),
                        change.actor(),
                        OffsetDateTime.ofInstant(change.at(), ZoneOffset.UTC),
                        spec,
                        change.changedFields().toArray(String[]::new))
                .update();
    }

    /** Newest first. Throws {@link ResourceNotFoundException} only for an id that never existed. */
    @Transactional(readOnly = true)
    public ItemPage<Revision> page(RevisionKind kind, String entityId, PageQuery query) {
        long total = jdbc.sql("SELECT count(*) FROM revisions WHERE kind = ? AND entity_id = ?")
                .params(kind.column(), entityId)
                .query(Long.class)
                .single();
        if (total == 0) {
            throw new ResourceNotFoundException(kind.column(), entityId);
        }
        List<Revision> items = jdbc.sql("SELECT revision, action, actor, at, changed_fields, spec::text AS spec"
                        + " FROM revisions WHERE kind = ? AND entity_id = ?"
                        + " ORDER BY revision DESC LIMIT ? OFFSET ?")
                .params(kind.column(), entityId, query.size(), query.offset())
                .query((row, number) -> revision(row))
                .list();
        return ItemPage.of(items, query, total);
    }

    private Revision revision(ResultSet row) throws SQLException {
        String spec = row.getString("spec");
        return new Revision(
                row.getLong("revision"),
                RevisionAction.valueOf(row.getString("action")),
                row.getString("actor"),
                row.getObject("at", OffsetDateTime.class).toInstant(),
                strings(row.getArray("changed_fields")),
                spec == null ? null : json.readTree(spec));
    }

    private static List<String> strings(@Nullable Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
