package dev.suture.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.suture.control.database.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;

/** The migrations as Flyway runs them on a fresh database, outside Spring. */
class SchemaMigrationTest {

    private final String url = TestDatabase.newDatabaseUrl();
    private final Flyway flyway = Flyway.configure()
            .dataSource(url, TestDatabase.username(), TestDatabase.password())
            .locations("classpath:db/migration")
            .load();

    @Test
    void flywayAppliesVersionOneOnAFreshDatabaseAndASecondRunDoesNothing() {
        int first = flyway.migrate().migrationsExecuted;
        int second = flyway.migrate().migrationsExecuted;

        MigrationInfo[] applied = flyway.info().applied();
        assertThat(first).isEqualTo(applied.length).isPositive();
        assertThat(second).isZero();
        assertThat(applied[0].getVersion().getVersion()).isEqualTo("1");
        assertThat(applied[0].getDescription()).isEqualTo("routes policies revisions");
        assertThat(Arrays.stream(applied).map(MigrationInfo::getState)).containsOnly(MigrationState.SUCCESS);
    }

    @Test
    void aRouteCannotNameAPolicyThatDoesNotExist() throws SQLException {
        flyway.migrate();

        assertThatThrownBy(() -> execute("INSERT INTO routes (id, spec, policy_name, version, created_at, updated_at)"
                        + " VALUES ('r', '{}', 'missing', 1, now(), now())"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("routes_policy_name_fkey");
    }

    @Test
    void aRevisionHasASpecExactlyWhenItIsNotADelete() throws SQLException {
        flyway.migrate();
        execute("INSERT INTO revisions (kind, entity_id, revision, action, at, spec)"
                + " VALUES ('route', 'r', 1, 'CREATED', now(), '{}')");

        assertThatThrownBy(() -> execute("INSERT INTO revisions (kind, entity_id, revision, action, at, spec)"
                        + " VALUES ('route', 'r', 2, 'DELETED', now(), '{}')"))
                .hasMessageContaining("revisions_spec_matches_action");
        assertThatThrownBy(() -> execute("INSERT INTO revisions (kind, entity_id, revision, action, at)"
                        + " VALUES ('route', 'r', 1, 'DELETED', now())"))
                .hasMessageContaining("revisions_one_per_number");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(url, TestDatabase.username(), TestDatabase.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
