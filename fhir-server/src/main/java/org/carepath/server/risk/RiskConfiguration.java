package org.carepath.server.risk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.carepath.coordination.risk.FrailtyBands;
import org.carepath.coordination.risk.FrailtyEligibilityPolicy;
import org.carepath.coordination.risk.SevereFrailtySuggestionPolicy;
import org.carepath.coordination.risk.fhir.DeficitCatalogueReader;
import org.carepath.server.conformance.ConformanceConfiguration.PackageResources;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Risk stratification: the electronic frailty index over Carepath's eFI value sets. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RiskProperties.class)
public class RiskConfiguration {

  @Bean
  ElectronicFrailtyIndex electronicFrailtyIndex(
      PackageResources resources, RiskProperties properties) {
    var frailty = properties.frailty();
    var valueSets =
        resources.entries().stream()
            .map(entry -> entry.resource())
            .filter(ValueSet.class::isInstance)
            .map(ValueSet.class::cast)
            .toList();
    CodeSystem deficits =
        resources.entries().stream()
            .map(entry -> entry.resource())
            .filter(CodeSystem.class::isInstance)
            .map(CodeSystem.class::cast)
            .filter(cs -> DeficitCatalogueReader.DEFICIT_CODE_SYSTEM.equals(cs.getUrl()))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("the terminology has no eFI deficit CodeSystem"));
    return new ElectronicFrailtyIndex(
        DeficitCatalogueReader.read(deficits, valueSets),
        new FrailtyBands(frailty.fitUpTo(), frailty.mildUpTo(), frailty.moderateUpTo()),
        new FrailtyEligibilityPolicy(frailty.minimumAge()),
        frailty.polypharmacy());
  }

  @Bean
  FrailtyStratifier frailtyStratifier(
      DaoRegistry daoRegistry, ElectronicFrailtyIndex index, FhirContext fhirContext, Clock clock) {
    return new FrailtyStratifier(
        daoRegistry, index, new SevereFrailtySuggestionPolicy(), fhirContext, clock);
  }

  @Bean
  PatientStratifyProvider patientStratifyProvider(FrailtyStratifier stratifier) {
    return new PatientStratifyProvider(stratifier);
  }
}
