package dev.suture.control.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTest {

    @TempDir
    Path temp;

    @Test
    void keepsDataAcrossARestartOnTheSameFolder() throws Exception {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = temp.resolve("data");

        try (EmbeddedPostgres first = EmbeddedPostgres.start(data, 0, true)) {
            first.createDatabase("kept");
            execute(first, "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('still here')");
        }

        try (EmbeddedPostgres second = EmbeddedPostgres.start(data, 0, true)) {
            second.createDatabase("kept");
            try (Connection connection = DriverManager.getConnection(second.jdbcUrl("kept"), second.username(), "");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT body, version() FROM notes")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("still here");
                assertThat(rows.getString(2)).startsWith("PostgreSQL 17");
            }
        }
    }

    private static void execute(EmbeddedPostgres server, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("kept"), server.username(), "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
