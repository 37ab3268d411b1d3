package dev.suture.control.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL server used when {@code spring.datasource.url} is not set.
 *
 * @param dataDir folder holding the database files, kept between runs; default {@code data/postgres} under the
 *     working directory
 * @param port TCP port on 127.0.0.1; default 0, a free port chosen at start
 * @param database database created and used by the control service; default {@code suture}
 */
@ConfigurationProperties("suture.database.embedded")
record EmbeddedDatabaseProperties(
        @DefaultValue("data/postgres") String dataDir,
        @DefaultValue("0") int port,
        @DefaultValue("suture") String database) {}
