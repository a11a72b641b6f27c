package org.carepath.coordination.referral.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.carepath.coordination.referral.ReferralMessagePolicy;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Reads referral messages shaped as the NHS Booking and Referral Standard (BaRS) shapes them — a
 * {@code message} Bundle whose first entry is a MessageHeader (event, reason, focus the
 * ServiceRequest) followed by the Patient, Encounter, CarePlan, Flag, Consent, Organization,
 * PractitionerRole, HealthcareService… it refers to — and turns one into the transaction Bundle of
 * Carepath's referral workflow.
 *
 * <p>The clinical entries are stored with the referral; the directory entries (organisations,
 * practitioners and their roles, services, locations, endpoints) are the sender's view of the
 * directory and are not: a reference to an Organization becomes Carepath's own organisation of that
 * ODS code, any other a logical reference (identifier and name). The Patient is matched on its NHS
 * number, the ServiceRequest on its referral number, so the referral joins the record Carepath
 * holds.
 */
public final class ReferralMessages {

  public static final String EVENTS = "https://fhir.nhs.uk/CodeSystem/message-events-bars";
  public static final String REASONS = "https://fhir.nhs.uk/CodeSystem/message-reason-bars";
  public static final String REQUEST_KINDS =
      "https://fhir.nhs.uk/CodeSystem/message-category-servicerequest";
  public static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";

  /** A message Bundle that cannot be read as a message at all. */
  public static final class MalformedMessage extends RuntimeException {
    public MalformedMessage(String reason) {
      super(reason);
    }
  }

  /** A message as read: its identity, header, focus (if it names one) and the policy's view. */
  public record Message(
      String id,
      Bundle bundle,
      MessageHeader header,
      Optional<ServiceRequest> focus,
      ReferralMessagePolicy.Message facts) {

    /** The referral number the ServiceRequest carries (Carepath's, else its first identifier). */
    public Optional<Identifier> referralNumber() {
      return focus.flatMap(ReferralResources::referralNumber).filter(Identifier::hasSystem);
    }

    /** Where the sender takes responses ({@code MessageHeader.source.endpoint}). */
    public Optional<String> replyTo() {
      return Optional.ofNullable(header.getSource().getEndpoint());
    }
  }

  private final FhirContext fhirContext;

  public ReferralMessages(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  /** Reads the message; throws {@link MalformedMessage} when it is not one. */
  public Message read(Bundle bundle) {
    if (bundle.getType() != Bundle.BundleType.MESSAGE) {
      throw new MalformedMessage("$process-message takes a Bundle of type 'message'");
    }
    String id = bundle.getIdElement().getIdPart();
    if (id == null || id.isBlank()) {
      throw new MalformedMessage(
          "The message Bundle needs an id: it identifies the message, and the response names it");
    }
    if (bundle.getEntry().isEmpty()
        || !(bundle.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
      throw new MalformedMessage("The first entry of a message Bundle must be its MessageHeader");
    }
    Optional<ServiceRequest> focus =
        header.getFocus().stream()
            .map(reference -> entry(bundle, reference.getReference()))
            .flatMap(Optional::stream)
            .filter(ServiceRequest.class::isInstance)
            .map(ServiceRequest.class::cast)
            .findFirst();
    String event =
        header.getEvent() instanceof Coding coding && EVENTS.equals(coding.getSystem())
            ? coding.getCode()
            : null;
    ReferralMessagePolicy.Message facts =
        new ReferralMessagePolicy.Message(
            event,
            code(header.getReason(), REASONS).orElse(null),
            focus
                .flatMap(
                    request ->
                        request.getCategory().stream()
                            .map(category -> code(category, REQUEST_KINDS))
                            .flatMap(Optional::stream)
                            .findFirst())
                .orElse(null),
            focus
                .map(request -> request.getStatus() == null ? null : request.getStatus().toCode())
                .orElse(null));
    return new Message(id, bundle, header, focus, facts);
  }

  /**
   * The transaction that takes a new referral in: the clinical entries created, the Patient matched
   * on its NHS number, the ServiceRequest on its referral number (and marked a patient referral, so
   * the referral workflow routes and tracks it).
   *
   * @param organisations Carepath's organisation ({@code Organization/<id>}) of an ODS code
   */
  public Bundle newReferral(Message message, Function<String, Optional<String>> organisations) {
    Bundle source = message.bundle();
    Map<String, String> placeholders = new HashMap<>();
    Map<String, Reference> directory = new HashMap<>();
    Map<Bundle.BundleEntryComponent, String> stored = new java.util.IdentityHashMap<>();
    for (Bundle.BundleEntryComponent entry :
        source.getEntry().subList(1, source.getEntry().size())) {
      Resource resource = entry.getResource();
      if (resource == null) {
        throw new MalformedMessage("Every entry of a message Bundle needs its resource");
      }
      Reference replacement =
          SenderDirectory.isDirectory(resource)
              ? SenderDirectory.reference(resource, organisations)
              : null;
      String placeholder = "urn:uuid:" + UUID.randomUUID();
      for (String key : keys(entry)) {
        if (replacement != null) {
          directory.put(key, replacement);
        } else {
          placeholders.put(key, placeholder);
        }
      }
      if (replacement == null) {
        stored.put(entry, placeholder);
      }
    }
    Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (Bundle.BundleEntryComponent entry :
        source.getEntry().subList(1, source.getEntry().size())) {
      if (!stored.containsKey(entry)) {
        continue;
      }
      Resource resource = entry.getResource().copy();
      resource.setId((String) null);
      relink(resource, placeholders, directory);
      Bundle.BundleEntryComponent created =
          transaction.addEntry().setFullUrl(stored.get(entry)).setResource(resource);
      created.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
      if (resource instanceof Patient patient) {
        nhsNumber(patient)
            .ifPresent(
                number ->
                    created.getRequest().setIfNoneExist("identifier=" + NHS_NUMBER + "|" + number));
      } else if (resource instanceof ServiceRequest referral
          && message.focus().isPresent()
          && keys(entry).stream().anyMatch(k -> isFocus(message, k))) {
        markReferral(referral);
        ReferralResources.referralNumber(referral)
            .filter(Identifier::hasSystem)
            .ifPresent(
                number ->
                    created
                        .getRequest()
                        .setIfNoneExist(
                            "identifier=" + number.getSystem() + "|" + number.getValue()));
      }
    }
    return transaction;
  }

  /**
   * The transaction that withdraws a referral Carepath holds: its stored ServiceRequest, at the
   * version read, with the status the message gives (revoked or entered in error); nothing else of
   * the message is stored.
   */
  public Bundle withdrawal(Message message, ServiceRequest stored) {
    ServiceRequest withdrawn = stored.copy();
    withdrawn.setStatus(message.focus().orElseThrow().getStatus());
    Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Bundle.BundleEntryComponent entry = transaction.addEntry().setResource(withdrawn);
    entry
        .getRequest()
        .setMethod(Bundle.HTTPVerb.PUT)
        .setUrl("ServiceRequest/" + stored.getIdElement().getIdPart())
        .setIfMatch("W/\"" + stored.getIdElement().getVersionIdPart() + "\"");
    return transaction;
  }

  /**
   * The response message: event {@code servicerequest-response}, {@code response.identifier} the
   * request's message id and {@code response.code} ok, its focus the referral as stored, with the
   * referral's tracking Tasks (who has it, by when).
   */
  public Bundle response(
      Message message, String source, ServiceRequest referral, List<? extends Resource> tasks) {
    return response(message.id(), message.replyTo(), source, referral, tasks);
  }

  /**
   * A response message to the message {@code requestId}, sent later to the sender's {@code replyTo}
   * address (BaRS reverses the roles: Carepath sends, the sender's {@code $process-message}
   * receives) when the service has changed the referral's state: the referral and its tracking Task
   * as they then stand.
   */
  public Bundle response(
      String requestId,
      Optional<String> replyTo,
      String source,
      ServiceRequest referral,
      List<? extends Resource> tasks) {
    Bundle response = new Bundle().setType(Bundle.BundleType.MESSAGE);
    response.setId(UUID.randomUUID().toString());
    response.setTimestamp(new java.util.Date());
    MessageHeader header = new MessageHeader();
    header.setId(UUID.randomUUID().toString());
    header.setEvent(new Coding(EVENTS, ReferralMessagePolicy.RESPONSE, "ServiceRequest response"));
    header.getSource().setName("Carepath").setEndpoint(source);
    replyTo.ifPresent(endpoint -> header.addDestination().setEndpoint(endpoint));
    header.getResponse().setIdentifier(requestId).setCode(MessageHeader.ResponseType.OK);
    String referralUrl = "ServiceRequest/" + referral.getIdElement().getIdPart();
    header.addFocus(new Reference(referralUrl));
    response.addEntry().setFullUrl("urn:uuid:" + header.getId()).setResource(header);
    response.addEntry().setFullUrl(referralUrl).setResource(referral);
    for (Resource task : tasks) {
      response
          .addEntry()
          .setFullUrl(task.fhirType() + "/" + task.getIdElement().getIdPart())
          .setResource(task);
    }
    return response;
  }

  /** The keys other entries may use to refer to this one: its fullUrl and {@code Type/id}. */
  private static List<String> keys(Bundle.BundleEntryComponent entry) {
    Resource resource = entry.getResource();
    List<String> keys = new java.util.ArrayList<>();
    if (entry.hasFullUrl()) {
      keys.add(entry.getFullUrl());
    }
    if (resource.getIdElement().hasIdPart()) {
      keys.add(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
    }
    return keys;
  }

  private static boolean isFocus(Message message, String key) {
    return message.header().getFocus().stream().anyMatch(f -> key.equals(f.getReference()));
  }

  private static Optional<IBaseResource> entry(Bundle bundle, String reference) {
    if (reference == null) {
      return Optional.empty();
    }
    return bundle.getEntry().stream()
        .filter(e -> e.getResource() != null && keys(e).contains(reference))
        .map(e -> (IBaseResource) e.getResource())
        .findFirst();
  }

  private void relink(
      Resource resource, Map<String, String> placeholders, Map<String, Reference> directory) {
    for (Reference reference :
        fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
      // The parser links a reference to the Bundle entry it names; what is stored is the text.
      reference.setResource(null);
      String target = reference.getReference();
      if (target == null) {
        continue;
      }
      if (placeholders.containsKey(target)) {
        reference.setReference(placeholders.get(target));
      } else if (directory.containsKey(target)) {
        Reference replacement = directory.get(target);
        reference.setReference(replacement.getReference());
        reference.setType(replacement.getType());
        reference.setIdentifier(replacement.getIdentifier());
        if (!reference.hasDisplay()) {
          reference.setDisplay(replacement.getDisplay());
        }
      }
    }
  }

  private static Optional<String> nhsNumber(Patient patient) {
    return patient.getIdentifier().stream()
        .filter(i -> NHS_NUMBER.equals(i.getSystem()) && i.hasValue())
        .map(Identifier::getValue)
        .findFirst();
  }

  private static void markReferral(ServiceRequest referral) {
    if (!ReferralResources.isReferral(referral)) {
      referral.addCategory(
          new CodeableConcept(
              new Coding(
                  ReferralResources.SNOMED,
                  ReferralResources.PATIENT_REFERRAL,
                  "Patient referral")));
    }
  }

  private static Optional<String> code(CodeableConcept concept, String system) {
    return concept.getCoding().stream()
        .filter(c -> system.equals(c.getSystem()) && c.hasCode())
        .map(Coding::getCode)
        .findFirst();
  }
}
