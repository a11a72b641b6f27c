package org.carepath.server.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Carepath keeps its data when it runs its own (embedded) PostgreSQL. Ignored when {@code
 * spring.datasource.url} points at an external PostgreSQL.
 *
 * @param dataDir folder for local data; PostgreSQL's files live in {@code <dataDir>/postgres}
 * @param databaseName the database Carepath creates and uses inside the embedded server
 * @param maxPoolSize connections in the pool to the embedded server
 */
@ConfigurationProperties("carepath.storage")
public record StorageProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("carepath") String databaseName,
    @DefaultValue("20") int maxPoolSize) {

  Path postgresDir() {
    return dataDir.resolve("postgres");
  }
}
