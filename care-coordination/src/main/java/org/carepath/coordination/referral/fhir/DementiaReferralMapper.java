package org.carepath.coordination.referral.fhir;

import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.stream.Collectors;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.terminology.Code;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * The referral a dementia diagnosis makes ({@code DementiaReferralPolicy}): a ServiceRequest with
 * the referral minimum data set, from the patient's practice to the post-diagnostic support
 * service, for the Condition, numbered per patient ({@link #referralNumber}) so it is made at most
 * once (conditional create). Validated on write like any referral.
 */
public final class DementiaReferralMapper {

  static final String PURPOSE = Canonical.codeSystem("referral-purpose");
  static final String DISPLAY = "Dementia post-diagnostic support";

  private DementiaReferralMapper() {}

  /** The referral number: one dementia support referral per patient. */
  public static String referralNumber(String patientId) {
    return "dementia-support-" + patientId;
  }

  /** The Condition's verification status codes. */
  public static Set<String> verificationStatuses(Condition condition) {
    return condition.getVerificationStatus().getCoding().stream()
        .map(Coding::getCode)
        .collect(Collectors.toSet());
  }

  /**
   * @param practice the referring practice, {@code Organization/<id>}
   * @param supportService the post-diagnostic support service type
   */
  public static ServiceRequest referral(
      Condition condition, String patientId, String practice, Code supportService, Instant now) {
    Coding service = new Coding(supportService.system(), supportService.code(), DISPLAY);
    ServiceRequest referral = new ServiceRequest();
    referral.getMeta().addProfile(ReferralResources.REFERRAL_PROFILE);
    referral
        .addIdentifier()
        .setSystem(ReferralResources.REFERRAL_NUMBER)
        .setValue(referralNumber(patientId));
    referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    referral.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    referral.addCategory(
        new CodeableConcept(
            new Coding(
                ReferralResources.SNOMED, ReferralResources.PATIENT_REFERRAL, "Patient referral")));
    referral.addCategory(new CodeableConcept(new Coding(PURPOSE, "treatment", "Treatment")));
    referral.setPriority(ServiceRequest.ServiceRequestPriority.ROUTINE);
    referral.setCode(new CodeableConcept(service.copy()).setText(DISPLAY));
    referral.setPerformerType(new CodeableConcept(service.copy()));
    referral.setSubject(new Reference("Patient/" + patientId));
    referral.setAuthoredOn(Date.from(now));
    referral.setRequester(new Reference(practice));
    referral.addReasonCode(condition.getCode().copy());
    referral.addReasonReference(new Reference("Condition/" + condition.getIdElement().getIdPart()));
    referral
        .addNote()
        .setText(
            "Automatic referral after a dementia diagnosis (seed 002): please offer"
                + " post-diagnostic support to the person and their carers.");
    return referral;
  }
}
