package dev.suture.control.snapshot;

import dev.suture.model.snapshot.ConfigSnapshot;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Stores every published snapshot, keeping the newest {@value #KEPT_VERSIONS}, so versions survive a restart. */
@Repository
class SnapshotStore {

    static final int KEPT_VERSIONS = 100;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SnapshotStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    long nextVersion() {
        return jdbc.sql("SELECT nextval('config_version_seq')")
                .query(Long.class)
                .single();
    }

    @Transactional
    void save(ConfigSnapshot snapshot, String content, String cause) {
        jdbc.sql("INSERT INTO config_snapshots (version, created_at, cause, content) VALUES (?, ?, ?, ?::jsonb)")
                .params(snapshot.version(), Timestamp.from(snapshot.createdAt()), cause, content)
                .update();
        jdbc.sql("DELETE FROM config_snapshots WHERE version <= ?")
                .param(snapshot.version() - KEPT_VERSIONS)
                .update();
    }

    Optional<ConfigSnapshot> latest() {
        return jdbc.sql("SELECT content::text FROM config_snapshots ORDER BY version DESC LIMIT 1")
                .query(String.class)
                .optional()
                .map(content -> json.readValue(content, ConfigSnapshot.class));
    }
}
