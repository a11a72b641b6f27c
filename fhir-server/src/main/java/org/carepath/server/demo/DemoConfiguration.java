package org.carepath.server.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import java.time.Clock;
import org.carepath.server.security.DevAccounts;
import org.carepath.server.security.DevIssuer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The demo world, its staff accounts for the development issuer, and its synthetic patients. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DemoProperties.class)
public class DemoConfiguration {

  /** Demo staff can sign in to the development issuer even when no demo data is loaded. */
  @Bean
  DevAccounts devAccounts() {
    return new DevAccounts(DemoWorld.accounts());
  }

  @Bean
  DemoPopulationLoader demoPopulationLoader(
      DemoProperties properties, IFhirSystemDao<Bundle, Meta> systemDao, DaoRegistry daoRegistry) {
    return new DemoPopulationLoader(properties, systemDao, daoRegistry);
  }

  @Bean
  DemoActivity demoActivity(
      DemoProperties properties,
      ObjectProvider<DevIssuer> devIssuer,
      FhirContext fhirContext,
      Environment environment,
      Clock clock) {
    return new DemoActivity(properties, devIssuer, fhirContext, environment, clock);
  }
}
