package org.carepath.coordination.referral.fhir;

import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.carepath.coordination.referral.Party;
import org.carepath.coordination.referral.ReferralStatus;
import org.carepath.coordination.referral.ReferralTransition;
import org.carepath.coordination.referral.RoutingDecision;
import org.carepath.coordination.referral.ServiceOffer;
import org.carepath.coordination.terminology.Code;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * A referral in FHIR (HL7 Clinical Order Workflow): the ServiceRequest says what is asked, the
 * tracking Task (profile {@code carepath-referral-task}, code {@code fulfill}, focus and basedOn
 * the ServiceRequest) says who does it and where it stands. The Task's requester is the referring
 * organisation and its owner the organisation providing the routed service, so either side finds
 * its referrals with {@code Task?requester=} or {@code Task?owner=}.
 */
public final class ReferralResources {

  public static final String REFERRAL_PROFILE =
      Canonical.BASE + "/StructureDefinition/carepath-referral";
  public static final String TASK_PROFILE =
      Canonical.BASE + "/StructureDefinition/carepath-referral-task";
  public static final String REFERRAL_NUMBER = Canonical.BASE + "/Id/referral-number";

  /** The NHS e-Referral Service's Unique Booking Reference Number, kept on the Task too. */
  public static final String UBRN = "https://fhir.nhs.uk/Id/UBRN";

  public static final String BUSINESS_STATUS = Canonical.BASE + "/CodeSystem/task-business-status";
  public static final String TASK_REASON = Canonical.BASE + "/CodeSystem/task-reason";
  public static final String SNOMED = "http://snomed.info/sct";
  public static final String PATIENT_REFERRAL = "3457005";
  public static final String TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code";
  public static final String ADVICE_GIVEN = "advice-given";
  public static final String UNROUTABLE = "unroutable";

  private ReferralResources() {}

  /** Whether the ServiceRequest enters the referral workflow. */
  public static boolean isReferral(ServiceRequest request) {
    return request.getCategory().stream()
            .flatMap(c -> c.getCoding().stream())
            .anyMatch(c -> SNOMED.equals(c.getSystem()) && PATIENT_REFERRAL.equals(c.getCode()))
        || request.getMeta().getProfile().stream()
            .anyMatch(p -> REFERRAL_PROFILE.equals(p.getValue()));
  }

  /** Whether the Task tracks a referral (and is not a pathway step or anything else). */
  public static boolean isReferralTask(Task task) {
    boolean focusOnRequest =
        "ServiceRequest".equals(task.getFocus().getReferenceElement().getResourceType())
            || (task.getFocus().getReference() != null
                && task.getFocus().getReference().startsWith("urn:uuid:"));
    boolean claims =
        task.getMeta().getProfile().stream().anyMatch(p -> TASK_PROFILE.equals(p.getValue()))
            || task.getCode().getCoding().stream()
                .anyMatch(c -> TASK_CODE.equals(c.getSystem()) && "fulfill".equals(c.getCode()));
    return focusOnRequest && claims;
  }

  /** What the referral asks for: its performerType and code codes. */
  public static Set<Code> asked(ServiceRequest request) {
    Set<Code> asked = new HashSet<>(ServiceDirectoryReader.codes(request.getCode()));
    request.getPerformerType().getCoding().stream()
        .filter(c -> c.hasSystem() && c.hasCode())
        .forEach(c -> asked.add(new Code(c.getSystem(), c.getCode())));
    return asked;
  }

  /** The referral number: the identifier in Carepath's system, else the first one. */
  public static Optional<Identifier> referralNumber(ServiceRequest request) {
    return request.getIdentifier().stream()
        .filter(i -> REFERRAL_NUMBER.equals(i.getSystem()) && i.hasValue())
        .findFirst()
        .or(() -> request.getIdentifier().stream().filter(Identifier::hasValue).findFirst());
  }

  /** A new tracking Task for the referral, routed or not (status requested). */
  public static Task trackingTask(
      ServiceRequest request, String requestReference, Optional<String> requester, Instant now) {
    Task task = new Task();
    task.getMeta().addProfile(TASK_PROFILE);
    referralNumber(request).ifPresent(n -> task.addIdentifier(n.copy()));
    request.getIdentifier().stream()
        .filter(i -> UBRN.equals(i.getSystem()) && i.hasValue())
        .filter(i -> task.getIdentifier().stream().noneMatch(i::equalsDeep))
        .forEach(i -> task.addIdentifier(i.copy()));
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setCode(
        new CodeableConcept(new Coding(TASK_CODE, "fulfill", "Fulfill the focal request")));
    task.addBasedOn(new Reference(requestReference));
    task.setFocus(new Reference(requestReference));
    task.setFor(request.getSubject().copy());
    task.setAuthoredOn(Date.from(now));
    task.setLastModified(Date.from(now));
    if (request.hasPriority()) {
      task.setPriority(Task.TaskPriority.fromCode(request.getPriority().toCode()));
    }
    task.setDescription(
        "Referral"
            + (request.getCode().hasText()
                ? ": " + request.getCode().getText()
                : request.getCode().getCodingFirstRep().hasDisplay()
                    ? ": " + request.getCode().getCodingFirstRep().getDisplay()
                    : ""));
    task.setRequester(new Reference(requester.orElse(request.getRequester().getReference())));
    return task;
  }

  /**
   * Applies routing to the tracking Task: owner, the service's types as performerType, the
   * accept-by date, and the reason as a note; an unroutable referral has no owner and
   * businessStatus {@code unroutable}, so coordinators and the referrer see it.
   */
  public static void applyRouting(Task task, RoutingDecision decision, Optional<Instant> due) {
    task.getPerformerType().clear();
    if (decision instanceof RoutingDecision.Routed routed) {
      ServiceOffer service = routed.service();
      task.setOwner(new Reference(service.providedBy()));
      service.types().stream()
          .sorted((a, b) -> (a.system() + a.code()).compareTo(b.system() + b.code()))
          .forEach(
              type ->
                  task.addPerformerType(
                      new CodeableConcept(new Coding(type.system(), type.code(), null))));
      task.getBusinessStatus().getCoding().clear();
      task.setBusinessStatus(null);
      task.addNote().setText("Routed to " + service.id() + ": " + routed.reason());
    } else if (decision instanceof RoutingDecision.Unroutable unroutable) {
      task.setOwner(null);
      task.setBusinessStatus(
          new CodeableConcept(new Coding(BUSINESS_STATUS, UNROUTABLE, "Unroutable")));
      task.addNote().setText("Unroutable: " + unroutable.reason());
    }
    due.ifPresent(d -> task.getRestriction().getPeriod().setEnd(Date.from(d)));
  }

  /** The change from {@code before} to {@code after}, made by {@code by}. */
  public static ReferralTransition transition(Task before, Task after, Party by) {
    return new ReferralTransition(
        status(before), status(after), by, reason(after), hasBusinessStatus(after, ADVICE_GIVEN));
  }

  public static ReferralStatus status(Task task) {
    return ReferralStatus.fromCode(task.getStatus() == null ? "" : task.getStatus().toCode())
        .orElse(ReferralStatus.REQUESTED);
  }

  public static boolean hasBusinessStatus(Task task, String code) {
    return task.getBusinessStatus().getCoding().stream()
        .anyMatch(c -> BUSINESS_STATUS.equals(c.getSystem()) && code.equals(c.getCode()));
  }

  /** The statusReason, as text (the same reading as a pathway step's). */
  public static Optional<String> reason(Task task) {
    return EnrolmentResources.reason(task);
  }
}
