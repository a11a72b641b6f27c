package org.carepath.server.careplan;

import ca.uhn.fhir.jpa.ips.generator.IIpsGeneratorSvc;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.model.valueset.BundleTypeEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.carepath.server.fhir.FhirOperationProvider;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/**
 * {@code GET [base]/Patient/[id]/$summary} — the crisis summary for 111, ambulance and out-of-hours
 * services, a FHIR document (the IPS {@code $summary} operation). Only translates: HAPI's IPS
 * generator builds it with {@link CrisisSummaryStrategy}, {@link CrisisSummaryNarratives} writes
 * its narratives; access decides who may call it and what each section holds.
 */
class CrisisSummaryProvider implements FhirOperationProvider {

  private final IIpsGeneratorSvc generator;
  private final CrisisSummaryNarratives narratives;
  private final CarePlanReach reach;

  CrisisSummaryProvider(
      IIpsGeneratorSvc generator, CrisisSummaryNarratives narratives, CarePlanReach reach) {
    this.generator = generator;
    this.narratives = narratives;
    this.reach = reach;
  }

  @Operation(
      name = JpaConstants.OPERATION_SUMMARY,
      idempotent = true,
      bundleType = BundleTypeEnum.DOCUMENT,
      type = Patient.class,
      canonicalUrl = JpaConstants.SUMMARY_OPERATION_URL)
  public IBaseBundle summary(@IdParam IdType patientId, RequestDetails request) {
    Bundle summary =
        (Bundle) generator.generateIps(request, patientId.toUnqualifiedVersionless(), null);
    narratives.write(summary);
    reach.viewShown(request, patientId.getIdPart(), "summary", "Crisis summary shown");
    return summary;
  }
}
