package dev.suture.control.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one way tests get a real PostgreSQL: a Testcontainers server where a Docker engine is reachable, otherwise the
 * embedded server. One server per test JVM; every Spring context gets a fresh database on it, so contexts never see
 * each other's rows.
 *
 * <p>Use it as {@code @ContextConfiguration(initializers = TestDatabase.class)}.
 */
public final class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile Server server;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String database = "suture_test_" + DATABASES.incrementAndGet();
        Server shared = server();
        shared.createDatabase(database);
        TestPropertyValues.of(
                        "spring.datasource.url=" + shared.jdbcUrl(database),
                        "spring.datasource.username=" + shared.username(),
                        "spring.datasource.password=" + shared.password())
                .applyTo(context);
    }

    /** A new empty database on the shared server, for tests that drive Flyway or JDBC themselves. */
    public static String newDatabaseUrl() {
        String database = "suture_test_" + DATABASES.incrementAndGet();
        server().createDatabase(database);
        return server().jdbcUrl(database);
    }

    public static String username() {
        return server().username();
    }

    public static String password() {
        return server().password();
    }

    private static synchronized Server server() {
        if (server == null) {
            server = DockerClientFactory.instance().isDockerAvailable() ? containerServer() : embeddedServer();
        }
        return server;
    }

    private static Server containerServer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
        container.start();
        return new Server(
                container.getHost(),
                container.getMappedPort(5432),
                container.getUsername(),
                container.getPassword(),
                container.getDatabaseName());
    }

    private static Server embeddedServer() {
        try {
            Path root = Files.createTempDirectory("suture-test-postgres");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            EmbeddedPostgres postgres = EmbeddedPostgres.start(root.resolve("data"), 0, false);
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "test-postgres-stop"));
            return new Server("127.0.0.1", postgres.port(), postgres.username(), "", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Server(String host, int port, String username, String password, String adminDatabase) {

        String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        void createDatabase(String database) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl(adminDatabase), username, password);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + database);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create test database " + database, e);
            }
        }
    }
}
