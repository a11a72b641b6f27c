package org.carepath.server.storage;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Carepath keeps its data when it runs its own (embedded) PostgreSQL. Ignored when {@code
 * spring.datasource.url} points at an external PostgreSQL.
 *
 * @param dataDir folder for local data; PostgreSQL's files live in {@code <dataDir>/postgres}
 * @param databaseName the database Carepath creates and uses inside the embedded server
 * @param maxPoolSize connections in the pool to the embedded server
 * @param connectionTimeout how long a request waits for a connection before it is answered 503
 *     (PostgreSQL unreachable): short, so an outage is a prompt refusal, not a hang (for an
 *     external PostgreSQL set {@code spring.datasource.hikari.connection-timeout})
 */
@ConfigurationProperties("carepath.storage")
public record StorageProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("carepath") String databaseName,
    @DefaultValue("20") int maxPoolSize,
    @DefaultValue("5s") Duration connectionTimeout) {

  Path postgresDir() {
    return dataDir.resolve("postgres");
  }
}
