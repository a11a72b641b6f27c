package org.carepath.server.storage;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carepath's own tables (scheduled work, the risk projection, population runs), migrated by Flyway
 * from {@code classpath:db/carepath} with their own history table, next to HAPI's schema. Beans
 * that use these tables take this one, so the schema is there before they start.
 */
public final class CarepathSchema {

  private static final Logger log = LoggerFactory.getLogger(CarepathSchema.class);

  /**
   * An SQL {@code in} list of fixed codes, {@code ('a','b')}: for codes the domain defines (never
   * for request values, which are bound as parameters).
   */
  public static String inList(java.util.Collection<String> codes) {
    if (codes.isEmpty() || codes.stream().anyMatch(code -> !code.matches("[a-z0-9-]+"))) {
      throw new IllegalArgumentException("codes must be plain lower-case codes: " + codes);
    }
    return codes.stream()
        .map(code -> "'" + code + "'")
        .collect(java.util.stream.Collectors.joining(",", "(", ")"));
  }

  CarepathSchema(DataSource dataSource) {
    var result =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/carepath")
            .table("carepath_schema_history")
            // HAPI's tables share the schema: start our history at version 0 beside them.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load()
            .migrate();
    log.info(
        "Carepath schema at version {} ({} migrations applied)",
        result.targetSchemaVersion,
        result.migrationsExecuted);
  }
}
