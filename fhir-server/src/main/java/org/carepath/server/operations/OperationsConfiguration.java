package org.carepath.server.operations;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What operators see: Carepath's own metrics beside Spring Boot's (docs/operations.md). */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

  @Bean
  OperationsMetrics operationsMetrics(DataSource dataSource) {
    return new OperationsMetrics(dataSource);
  }
}
