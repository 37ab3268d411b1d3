package dev.suture.control.database;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the embedded PostgreSQL server and a pool on it, but only when no {@code spring.datasource.url} is set.
 * With a URL, Spring Boot's own datasource setup applies and this class does nothing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) {
        EmbeddedPostgres server = EmbeddedPostgres.start(Path.of(properties.dataDir()), properties.port(), true);
        server.createDatabase(properties.database());
        return server;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres server, EmbeddedDatabaseProperties properties) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(server.jdbcUrl(properties.database()));
        pool.setUsername(server.username());
        pool.setPoolName("suture-embedded");
        pool.setMaximumPoolSize(10);
        return pool;
    }
}
