package dev.suture.control.revision;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a stored spec row: columns {@code spec} (as text), {@code version}, {@code created_at}, {@code updated_at}.
 * The spec goes through its record's constructor again, so a row is held to the same rules as a request body.
 */
public final class VersionedRowMapper<S> implements RowMapper<Versioned<S>> {

    private final JsonMapper json;
    private final Class<S> type;

    public VersionedRowMapper(JsonMapper json, Class<S> type) {
        this.json = json;
        this.type = type;
    }

    @Override
    public Versioned<S> mapRow(ResultSet row, int rowNumber) throws SQLException {
        return new Versioned<>(
                json.readValue(row.getString("spec"), type),
                row.getLong("version"),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                row.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
