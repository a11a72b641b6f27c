package org.carepath.server.demo;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carepath.coordination.Canonical;
import org.carepath.coordination.careplan.fhir.EndOfLifeEntries;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.carepath.coordination.referral.fhir.ReferralResources;
import org.carepath.server.security.DevIssuer;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The demo people's first morning, played through the API after the population is loaded, so the
 * web app's screens show live work on first start: a stratification run for Peak Edge PCN,
 * enrolments on each pathway with steps overdue, due soon and done, referrals in every state
 * (awaiting acceptance, breaching, accepted, advice given, unroutable), two shared care plans with
 * several organisations' parts, and an end-of-life record with preferences and a DNACPR decision.
 *
 * <p>Everything goes through the same HTTP API, rules and audit as a user's work ({@link DemoApi}),
 * with the development issuer's tokens; without that issuer it does nothing. It runs once: the last
 * referral it sends marks it done. Each part is best effort (a refusal is logged, by status, never
 * with patient data).
 */
class DemoActivity implements ApplicationRunner, Ordered {

  private static final Logger log = LoggerFactory.getLogger(DemoActivity.class);

  static final String DONE_MARKER = "DEMO-ACTIVITY-6";
  private static final String SNOMED = ReferralResources.SNOMED;
  private static final String EOL_TYPE = EndOfLifeEntries.TYPE_SYSTEM;
  private static final String PLAN_CATEGORY = EnrolmentResources.CARE_PLAN_CATEGORY;
  private static final String PURPOSE = Canonical.BASE + "/CodeSystem/referral-purpose";
  private static final String PRACTICE = "Organization/demo-practice-1";
  private static final String COORDINATOR = "care-coordinator";
  private static final String GP = "gp";
  private static final String NURSE = "community-nurse";

  private final DemoProperties properties;
  private final ObjectProvider<DevIssuer> devIssuer;
  private final FhirContext fhirContext;
  private final Environment environment;
  private final Clock clock;

  DemoActivity(
      DemoProperties properties,
      ObjectProvider<DevIssuer> devIssuer,
      FhirContext fhirContext,
      Environment environment,
      Clock clock) {
    this.properties = properties;
    this.devIssuer = devIssuer;
    this.fhirContext = fhirContext;
    this.environment = environment;
    this.clock = clock;
  }

  /** After the demo population (order 10). */
  @Override
  public int getOrder() {
    return 20;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!properties.enabled() || !properties.activity()) {
      return;
    }
    DevIssuer issuer = devIssuer.getIfAvailable();
    if (issuer == null) {
      log.info("Demo activity needs the development issuer; skipped (an issuer is configured)");
      return;
    }
    String base = "http://localhost:" + environment.getProperty("local.server.port") + "/fhir";
    DemoApi api = new DemoApi(base, issuer.tokenEndpoint(), fhirContext);
    if (!api.search(
            GP,
            "ServiceRequest?identifier=" + ReferralResources.REFERRAL_NUMBER + "|" + DONE_MARKER,
            ServiceRequest.class)
        .isEmpty()) {
      log.info("Demo activity already played");
      return;
    }
    long started = System.nanoTime();
    try {
      new Morning(api).play();
      log.info("Played the demo activity in {} ms", (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      // The demo is a convenience: the platform starts without it.
      log.warn("Demo activity stopped: {}", e.getMessage());
    }
  }

  /** One run of the morning, with the patients it picked. */
  private final class Morning {
    private final DemoApi api;
    private final List<Patient> patients;
    private final List<Patient> hillside;
    private final Instant now = clock.instant();

    Morning(DemoApi api) {
      this.api = api;
      // Peak Edge PCN's patients, oldest first (the frail, the end of life, care homes); its
      // coordinator enrols them. Hillside Surgery's GP records and refers their own.
      this.patients = api.search(COORDINATOR, "Patient?_sort=birthdate&_count=200", Patient.class);
      this.hillside =
          patients.stream()
              .filter(p -> PRACTICE.equals(p.getGeneralPractitionerFirstRep().getReference()))
              .toList();
    }

    void play() {
      stratify();
      List<String> enrolled = new ArrayList<>();
      enrol("frailty", 2, Duration.ofDays(30), Optional.empty()).forEach(enrolled::add);
      enrol("hot-clinic", 1, Duration.ofDays(2), Optional.empty()).forEach(enrolled::add);
      enrol("copd-post-discharge", 1, Duration.ofDays(50), Optional.empty()).forEach(enrolled::add);
      enrol("copd-post-discharge", 1, Duration.ofDays(38), Optional.empty());
      enrol("care-homes", 1, Duration.ofDays(10), Optional.of("Organization/demo-care-home-1"));
      Optional<String> endOfLife = endOfLifePatient();
      endOfLife.ifPresent(patient -> sharedCarePlan(patient, true));
      // A second plan, for someone else: frail, and enrolled by the coordinator above.
      enrolled.stream()
          .filter(patient -> endOfLife.map(e -> !e.equals(patient)).orElse(true))
          .filter(patient -> hillside.stream().anyMatch(h -> patient.equals(reference(h))))
          .findFirst()
          .ifPresent(patient -> sharedCarePlan(patient, false));
      referrals();
    }

    private void stratify() {
      DemoApi.Answer started =
          api.post(
              COORDINATOR,
              "Organization/demo-pcn-1/$stratify",
              new Parameters(),
              Map.of("Prefer", "respond-async"));
      if (started.status() != 202 || started.contentLocation().isEmpty()) {
        log.warn("Demo activity: the stratification run was refused ({})", started.status());
        return;
      }
      String status = started.contentLocation().get();
      String path = status.substring(status.indexOf("$stratify-status"));
      Instant giveUp = Instant.now().plusSeconds(120);
      while (Instant.now().isBefore(giveUp)) {
        if (api.get(COORDINATOR, path).status() == 200) {
          return;
        }
        pause();
      }
      log.warn("Demo activity: the stratification run did not finish within 2 minutes");
    }

    /** Enrols the first {@code wanted} eligible patients (started {@code ago}); answers them. */
    private List<String> enrol(String pathway, int wanted, Duration ago, Optional<String> setting) {
      List<String> enrolled = new ArrayList<>();
      for (Patient patient : patients) {
        if (enrolled.size() == wanted) {
          break;
        }
        String reference = reference(patient);
        Parameters parameters = new Parameters();
        parameters.addParameter("pathway", new StringType(pathway));
        parameters.addParameter("start", new DateTimeType(Date.from(now.minus(ago))));
        setting.ifPresent(
            s -> parameters.addParameter().setName("setting").setValue(new Reference(s)));
        DemoApi.Answer answer = api.post(COORDINATOR, reference + "/$enrol", parameters);
        if (answer.ok()
            && answer.resource().get() instanceof Parameters out
            && "enrolled".equals(out.getParameter("outcome").getValue().primitiveValue())) {
          enrolled.add(reference);
          completeFirstStep(out);
        }
      }
      if (enrolled.size() < wanted) {
        log.warn("Demo activity: {} of {} enrolled on {}", enrolled.size(), wanted, pathway);
      }
      return enrolled;
    }

    /** The first open step of an enrolment is done, so the plan shows done beside overdue. */
    private void completeFirstStep(Parameters enrolment) {
      enrolment.getParameter().stream()
          .filter(p -> "task".equals(p.getName()) && p.getResource() instanceof Task)
          .map(p -> (Task) p.getResource())
          .filter(task -> task.getStatus() == Task.TaskStatus.READY)
          .findFirst()
          .ifPresent(
              task -> {
                task.setStatus(Task.TaskStatus.COMPLETED);
                DemoApi.Answer done = api.put(COORDINATOR, task);
                if (!done.ok()) {
                  log.debug(
                      "Demo activity: a first step could not be completed ({})", done.status());
                }
              });
    }

    /** The oldest patient joins the palliative care register and the end-of-life pathway. */
    /**
     * Hillside's oldest patient joins the palliative care register and the end-of-life pathway
     * (that one person only, so no other demo patient is given a palliative diagnosis).
     */
    private Optional<String> endOfLifePatient() {
      if (hillside.isEmpty()) {
        return Optional.empty();
      }
      String reference = reference(hillside.get(0));
      Condition palliative = new Condition();
      palliative
          .getClinicalStatus()
          .addCoding()
          .setSystem("http://terminology.hl7.org/CodeSystem/condition-clinical")
          .setCode("active");
      palliative
          .getVerificationStatus()
          .addCoding()
          .setSystem("http://terminology.hl7.org/CodeSystem/condition-ver-status")
          .setCode("confirmed");
      palliative.getCode().addCoding(new Coding(SNOMED, "103735009", "Palliative care"));
      palliative.setSubject(new Reference(reference));
      palliative.setRecordedDateElement(
          new DateTimeType(Date.from(now.minus(Duration.ofDays(21)))));
      if (!api.post(GP, "Condition", palliative).ok()
          || !enrolOne("end-of-life", reference, Duration.ofDays(20))) {
        log.warn("Demo activity: the end-of-life patient could not be enrolled");
        return Optional.empty();
      }
      endOfLifeRecord(reference);
      return Optional.of(reference);
    }

    private boolean enrolOne(String pathway, String patient, Duration ago) {
      Parameters parameters = new Parameters();
      parameters.addParameter("pathway", new StringType(pathway));
      parameters.addParameter("start", new DateTimeType(Date.from(now.minus(ago))));
      return api.post(COORDINATOR, patient + "/$enrol", parameters).ok();
    }

    private void endOfLifeRecord(String patient) {
      write(GP, eolEntry(patient, "preferred-place-of-care", "264362003", "Home"));
      write(GP, eolEntry(patient, "preferred-place-of-death", "264362003", "Home"));
      Observation dnacpr =
          eolEntry(patient, "resuscitation-decision", "304253006", "Not for resuscitation");
      dnacpr.addPerformer(new Reference("Practitioner/demo-gp"));
      dnacpr
          .addComponent()
          .setCode(new CodeableConcept(new Coding(EOL_TYPE, "discussed-with", null)))
          .setValue(
              new CodeableConcept()
                  .setText("The person and their daughter (lasting power of attorney)"));
      dnacpr
          .addComponent()
          .setCode(new CodeableConcept(new Coding(EOL_TYPE, "review-date", null)))
          .setValue(
              new DateTimeType(LocalDate.ofInstant(now, ZoneOffset.UTC).plusMonths(6).toString()));
      write(GP, dnacpr);
    }

    private Observation eolEntry(String patient, String kind, String code, String display) {
      Observation entry = new Observation();
      entry.getMeta().addProfile(Canonical.BASE + "/StructureDefinition/carepath-eol-preference");
      entry.setStatus(Observation.ObservationStatus.FINAL);
      entry.getCode().addCoding(new Coding(EOL_TYPE, kind, null));
      entry.setSubject(new Reference(patient));
      entry.setEffective(new DateTimeType(Date.from(now.minus(Duration.ofDays(14)))));
      entry.setValue(new CodeableConcept(new Coding(SNOMED, code, display)));
      return entry;
    }

    /**
     * What matters to the person, a crisis plan, and the parts of the GP practice, the community
     * nurses (and, at the end of life, social care) in the person's shared care plan.
     */
    private void sharedCarePlan(String patient, boolean endOfLife) {
      List<CarePlan> plans =
          api.search(
              GP,
              "CarePlan?subject="
                  + patient
                  + "&category="
                  + PLAN_CATEGORY
                  + "|shared-care-plan&status=active",
              CarePlan.class);
      CarePlan plan;
      if (plans.isEmpty()) {
        CarePlan started = new CarePlan();
        started.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        started.setIntent(CarePlan.CarePlanIntent.PLAN);
        started.addCategory().addCoding(new Coding(PLAN_CATEGORY, "shared-care-plan", null));
        started.setTitle("Shared care plan");
        started.setSubject(new Reference(patient));
        started.setAuthor(new Reference(PRACTICE));
        DemoApi.Answer created = api.post(GP, "CarePlan", started);
        if (!created.ok()) {
          log.warn("Demo activity: a shared care plan could not be started ({})", created.status());
          return;
        }
        plan = (CarePlan) created.resource().get();
      } else {
        plan = plans.get(0);
      }
      Goal goal = new Goal();
      goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
      goal.getDescription()
          .setText(
              endOfLife
                  ? "To stay at home with my cat, and to see my grandchildren at Christmas."
                  : "To keep walking to the shops on my own.");
      goal.setSubject(new Reference(patient));
      goal.setExpressedBy(new Reference(patient));
      DemoApi.Answer goalCreated = api.post(GP, "Goal", goal);
      if (goalCreated.ok()) {
        plan.addGoal(
            new Reference("Goal/" + goalCreated.resource().get().getIdElement().getIdPart()));
      }
      plan.addActivity()
          .getDetail()
          .setKind(CarePlan.CarePlanActivityKind.TASK)
          .setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
          .setDescription(
              endOfLife
                  ? "If in pain or distressed out of hours: call the hospice advice line, then 111. Anticipatory medicines are in the house."
                  : "If breathless at rest: rescue pack, then call the community respiratory team or 111.");
      DemoApi.Answer updated = api.put(GP, plan);
      if (!updated.ok()) {
        log.warn("Demo activity: the shared care plan could not be updated ({})", updated.status());
      }
      String planReference = "CarePlan/" + plan.getIdElement().getIdPart();
      section(
          GP,
          planReference,
          patient,
          PRACTICE,
          "Hillside Surgery",
          endOfLife
              ? "Weekly GP phone review. Anticipatory medicines prescribed."
              : "Frailty review every 6 months; medication review due.");
      section(
          NURSE,
          planReference,
          patient,
          "Organization/demo-community-trust",
          "Community nursing",
          endOfLife
              ? "District nurses visit on Mondays and Thursdays. Syringe driver if needed."
              : "Falls and continence assessment booked.");
      if (endOfLife) {
        section(
            "social-worker",
            planReference,
            patient,
            "Organization/demo-social-care",
            "Adult social care",
            "Package of care: two carers, four times a day, from next week.");
      }
    }

    private void section(
        String user, String plan, String patient, String owner, String title, String text) {
      CarePlan section = new CarePlan();
      section
          .getMeta()
          .addProfile(Canonical.BASE + "/StructureDefinition/carepath-care-plan-section");
      section.addPartOf(new Reference(plan));
      section.setStatus(CarePlan.CarePlanStatus.ACTIVE);
      section.setIntent(CarePlan.CarePlanIntent.PLAN);
      section.addCategory().addCoding(new Coding(PLAN_CATEGORY, "care-plan-section", null));
      section.setTitle(title);
      section.setSubject(new Reference(patient));
      section.setAuthor(new Reference(owner));
      section.addNote().setText(text);
      write(user, section);
    }

    /**
     * Referrals from Hillside Surgery in every state. The last one sent marks the activity done.
     */
    private void referrals() {
      if (hillside.isEmpty()) {
        return;
      }
      String awaiting =
          referral(
              1, hillsidePatient(1), "community-respiratory", "routine", "13645005", "COPD", 0);
      referral(
          2,
          hillsidePatient(2),
          "community-nursing",
          "urgent",
          "225444004",
          "At risk of pressure ulcer",
          4);
      String accepted =
          referral(3, hillsidePatient(3), "dementia-support", "routine", "52448006", "Dementia", 1);
      String advice =
          referral(
              4,
              hillsidePatient(4),
              "diabetes-specialist",
              "routine",
              "44054006",
              "Type 2 diabetes",
              1);
      referral(5, hillsidePatient(5), "hot-clinic", "routine", "13645005", "COPD", 0);
      trackingTask(accepted)
          .ifPresent(
              task -> {
                task.setStatus(Task.TaskStatus.ACCEPTED);
                write(NURSE, task);
              });
      trackingTask(advice)
          .ifPresent(
              task -> {
                Communication reply = new Communication();
                reply.setStatus(Communication.CommunicationStatus.COMPLETED);
                reply.addBasedOn(new Reference(advice));
                reply.setSubject(task.getFor());
                reply.setSentElement(new DateTimeType(Date.from(now)));
                reply.setSender(new Reference("Organization/demo-community-trust"));
                reply.addRecipient(task.getRequester());
                reply
                    .addPayload()
                    .setContent(
                        new StringType(
                            "Increase metformin to 1 g twice daily; recheck HbA1c in 3 months. No need to see us yet."));
                write(NURSE, reply);
                task.setStatus(Task.TaskStatus.COMPLETED);
                task.setBusinessStatus(
                    new CodeableConcept(
                        new Coding(
                            ReferralResources.BUSINESS_STATUS,
                            ReferralResources.ADVICE_GIVEN,
                            "Advice given")));
                write(NURSE, task);
              });
      if (awaiting == null) {
        log.warn("Demo activity: referrals were refused");
      }
      referral(
          6,
          hillsidePatient(6),
          "social-care-assessment",
          "routine",
          "713458007",
          "Lack of carer support",
          0);
    }

    private Patient hillsidePatient(int n) {
      return hillside.get(n % hillside.size());
    }

    private static String reference(Patient patient) {
      return "Patient/" + patient.getIdElement().getIdPart();
    }

    private String referral(
        int number,
        Patient patient,
        String service,
        String priority,
        String reason,
        String reasonText,
        int daysAgo) {
      ServiceRequest request = new ServiceRequest();
      request
          .addIdentifier()
          .setSystem(ReferralResources.REFERRAL_NUMBER)
          .setValue("DEMO-ACTIVITY-" + number);
      request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
      request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
      request
          .addCategory()
          .addCoding(new Coding(SNOMED, ReferralResources.PATIENT_REFERRAL, "Patient referral"));
      request.addCategory().addCoding(new Coding(PURPOSE, "treatment", null));
      request.setPriority(ServiceRequest.ServiceRequestPriority.fromCode(priority));
      request.setPerformerType(
          new CodeableConcept(new Coding(DemoServices.SERVICE_TYPE, service, null)));
      request.setSubject(new Reference(reference(patient)));
      request.setRequester(new Reference("Practitioner/demo-gp"));
      request.setAuthoredOn(Date.from(now.minus(Duration.ofDays(daysAgo))));
      request.addReasonCode(new CodeableConcept(new Coding(SNOMED, reason, reasonText)));
      request.addNote().setText("Please assess and advise: " + reasonText.toLowerCase() + ".");
      DemoApi.Answer sent = api.post(GP, "ServiceRequest", request);
      if (!sent.ok()) {
        log.warn("Demo activity: referral {} was refused ({})", number, sent.status());
        return null;
      }
      return "ServiceRequest/" + sent.resource().get().getIdElement().getIdPart();
    }

    private Optional<Task> trackingTask(String referral) {
      if (referral == null) {
        return Optional.empty();
      }
      return api.search(NURSE, "Task?focus=" + referral, Task.class).stream().findFirst();
    }

    private void write(String user, org.hl7.fhir.r4.model.Resource resource) {
      DemoApi.Answer answer =
          resource.getIdElement().hasIdPart()
              ? api.put(user, resource)
              : api.post(user, resource.fhirType(), resource);
      if (!answer.ok()) {
        log.warn("Demo activity: a {} was refused ({})", resource.fhirType(), answer.status());
      }
    }

    private void pause() {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
