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
