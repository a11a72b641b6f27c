package org.carepath.server.risk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import java.util.List;
import org.carepath.coordination.risk.CareGapPolicy;
import org.carepath.coordination.risk.DiabetesControl;
import org.carepath.coordination.risk.DiabetesTargets;
import org.carepath.coordination.risk.ElectronicFrailtyIndex;
import org.carepath.coordination.risk.FrailtyBands;
import org.carepath.coordination.risk.FrailtyEligibilityPolicy;
import org.carepath.coordination.risk.SevereFrailtySuggestionPolicy;
import org.carepath.coordination.risk.fhir.DeficitCatalogueReader;
import org.carepath.coordination.risk.fhir.DiabetesControlReader;
import org.carepath.server.conformance.ConformanceConfiguration.PackageResources;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Risk stratification: the electronic frailty index and diabetes control, built from Carepath's
 * terminology, behind {@code Patient/[id]/$stratify}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RiskProperties.class)
public class RiskConfiguration {

  @Bean
  ElectronicFrailtyIndex electronicFrailtyIndex(
      PackageResources resources, RiskProperties properties) {
    var frailty = properties.frailty();
    return new ElectronicFrailtyIndex(
        DeficitCatalogueReader.read(
            codeSystem(resources, DeficitCatalogueReader.DEFICIT_CODE_SYSTEM),
            valueSets(resources)),
        new FrailtyBands(frailty.fitUpTo(), frailty.mildUpTo(), frailty.moderateUpTo()),
        new FrailtyEligibilityPolicy(frailty.minimumAge()),
        frailty.polypharmacy());
  }

  @Bean
  DiabetesControl diabetesControl(PackageResources resources, RiskProperties properties) {
    var diabetes = properties.diabetes();
    return DiabetesControlReader.read(
        codeSystem(resources, DiabetesControlReader.CARE_PROCESS_CODE_SYSTEM),
        valueSets(resources),
        new DiabetesTargets(
            diabetes.hba1cTarget(),
            diabetes.poorControlAbove(),
            diabetes.systolicTarget(),
            diabetes.diastolicTarget(),
            diabetes.cholesterolBelow(),
            diabetes.lookbackMonths()));
  }

  @Bean
  PatientRecordLoader patientRecordLoader(DaoRegistry daoRegistry) {
    return new PatientRecordLoader(daoRegistry);
  }

  @Bean
  RiskResults riskResults(DaoRegistry daoRegistry) {
    return new RiskResults(daoRegistry);
  }

  @Bean
  FrailtyStratifier frailtyStratifier(
      RiskResults results,
      DaoRegistry daoRegistry,
      PatientRecordLoader records,
      ElectronicFrailtyIndex index,
      FhirContext fhirContext,
      Clock clock) {
    return new FrailtyStratifier(
        daoRegistry,
        results,
        records,
        index,
        new SevereFrailtySuggestionPolicy(),
        fhirContext,
        clock);
  }

  @Bean
  DiabetesControlStratifier diabetesControlStratifier(
      RiskResults results,
      PatientRecordLoader records,
      DiabetesControl model,
      FhirContext fhirContext,
      Clock clock) {
    return new DiabetesControlStratifier(results, records, model, fhirContext, clock);
  }

  @Bean
  PatientStratifyProvider patientStratifyProvider(
      FrailtyStratifier frailty, DiabetesControlStratifier diabetes) {
    return new PatientStratifyProvider(frailty, diabetes);
  }

  @Bean
  OrganizationGapsProvider organizationGapsProvider(DaoRegistry daoRegistry, Clock clock) {
    return new OrganizationGapsProvider(new CareGapFinder(daoRegistry, new CareGapPolicy(), clock));
  }

  private static List<ValueSet> valueSets(PackageResources resources) {
    return resources.entries().stream()
        .map(entry -> entry.resource())
        .filter(ValueSet.class::isInstance)
        .map(ValueSet.class::cast)
        .toList();
  }

  private static CodeSystem codeSystem(PackageResources resources, String url) {
    return resources.entries().stream()
        .map(entry -> entry.resource())
        .filter(CodeSystem.class::isInstance)
        .map(CodeSystem.class::cast)
        .filter(cs -> url.equals(cs.getUrl()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the terminology has no CodeSystem " + url));
  }
}
