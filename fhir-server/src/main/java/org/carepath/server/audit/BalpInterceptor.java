package org.carepath.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.auth.CompartmentSearchParameterModifications;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpConstants;
import ca.uhn.fhir.storage.interceptor.balp.BalpProfileEnum;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import ca.uhn.fhir.util.UrlUtil;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.carepath.server.fhir.FhirServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * IHE Basic Audit Log Patterns capture on the REST server, with Carepath's {@link AuditTrail} as
 * context and sink: a PatientRead per patient for a read or vread, a PatientQuery per patient
 * returned by a search (or a page of one), a PatientCreate, PatientUpdate or PatientDelete per
 * write, and the basic events for records that are nobody's.
 *
 * <p>The events are those HAPI's {@code BalpAuditCaptureInterceptor} makes (same profiles, codes,
 * agents and entities, built from HAPI's {@link BalpProfileEnum} and {@link BalpConstants});
 * Carepath captures them itself because HAPI's parses a narrative for every event ({@code
 * XhtmlNode.setValue}, a new HTML parser with its 2,000-entity table each time): 13 % of a read's
 * CPU and 9 % of a search's in run 121 (docs/benchmarks.md). Here the narrative is built as nodes.
 */
class BalpInterceptor implements FhirServerInterceptor {

  private final IBalpAuditContextServices context;
  private final IBalpAuditEventSink sink;
  private final Consumer<RequestDetails> completed;

  BalpInterceptor(AuditTrail trail) {
    this(trail, trail, trail::completed);
  }

  BalpInterceptor(
      IBalpAuditContextServices context,
      IBalpAuditEventSink sink,
      Consumer<RequestDetails> completed) {
    this.context = context;
    this.sink = sink;
    this.completed = completed;
  }

  @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
  public void shown(IPreResourceShowDetails details, ServletRequestDetails request) {
    if (request == null || request.getRestOperationType() == null) {
      return;
    }
    switch (request.getRestOperationType()) {
      case SEARCH_TYPE, SEARCH_SYSTEM, GET_PAGE -> searched(details, request);
      case READ, VREAD -> read(details, request);
      default -> {
        // Other operations audit their writes, or nothing.
      }
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource, ServletRequestDetails request) {
    written(resource, request, BalpProfileEnum.BASIC_CREATE, BalpProfileEnum.PATIENT_CREATE);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(
      IBaseResource previous, IBaseResource resource, ServletRequestDetails request) {
    written(resource, request, BalpProfileEnum.BASIC_UPDATE, BalpProfileEnum.PATIENT_UPDATE);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource, ServletRequestDetails request) {
    written(resource, request, BalpProfileEnum.BASIC_DELETE, BalpProfileEnum.PATIENT_DELETE);
  }

  /** Events made without a patient get theirs once the request is done (AuditTrail). */
  @Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
  public void completed(RequestDetails request) {
    completed.accept(request);
  }

  private void written(
      IBaseResource resource,
      ServletRequestDetails request,
      BalpProfileEnum basic,
      BalpProfileEnum patient) {
    if (request == null) {
      return;
    }
    Set<String> patients = patientsOf(List.of(resource), request);
    AuditEvent event = common(request, patients.isEmpty() ? basic : patient);
    addData(event, idOf(resource, request));
    patients.forEach(id -> addPatient(event, id));
    sink.recordAuditEvent(event);
  }

  private void read(IPreResourceShowDetails details, ServletRequestDetails request) {
    if (details.size() != 1 || details.getResource(0) == null) {
      return;
    }
    IBaseResource resource = details.getResource(0);
    String data = idOf(resource, request);
    Set<String> patients = patientsOf(List.of(resource), request);
    if (patients.isEmpty()) {
      AuditEvent event = common(request, BalpProfileEnum.BASIC_READ);
      addData(event, data);
      sink.recordAuditEvent(event);
    }
    for (String patient : patients) {
      AuditEvent event = common(request, BalpProfileEnum.PATIENT_READ);
      addData(event, data);
      addPatient(event, patient);
      sink.recordAuditEvent(event);
    }
  }

  private void searched(IPreResourceShowDetails details, ServletRequestDetails request) {
    Set<String> patients = patientsOf(details.getAllResources(), request);
    if (patients.isEmpty()) {
      sink.recordAuditEvent(query(request, BalpProfileEnum.BASIC_QUERY));
    }
    for (String patient : patients) {
      AuditEvent event = query(request, BalpProfileEnum.PATIENT_QUERY);
      addPatient(event, patient);
      sink.recordAuditEvent(event);
    }
  }

  /** The patients whose compartment the resources are in (a Patient: itself). */
  private Set<String> patientsOf(List<IBaseResource> resources, ServletRequestDetails request) {
    FhirContext fhir = request.getFhirContext();
    Set<String> patients = new TreeSet<>();
    for (IBaseResource resource : resources) {
      if (resource == null) {
        continue;
      }
      if ("Patient".equals(fhir.getResourceType(resource))) {
        patients.add(idOf(resource, request));
      } else if (!fhir.getResourceDefinition(resource)
          .getSearchParamsForCompartmentName("Patient")
          .isEmpty()) {
        String type = fhir.getResourceType(resource);
        fhir
            .newTerser()
            .getCompartmentOwnersForResource(
                "Patient",
                resource,
                CompartmentSearchParameterModifications.fromAdditionalAndOmittedSPNames(
                    type, Set.of(), Set.of()))
            .stream()
            .map(owner -> context.massageResourceIdForStorage(request, resource, owner))
            .forEach(patients::add);
      }
    }
    return patients;
  }

  private String idOf(IBaseResource resource, ServletRequestDetails request) {
    return context.massageResourceIdForStorage(request, resource, resource.getIdElement());
  }

  private AuditEvent common(ServletRequestDetails request, BalpProfileEnum profile) {
    RestOperationTypeEnum interaction =
        request.getRestOperationType() == RestOperationTypeEnum.GET_PAGE
            ? RestOperationTypeEnum.SEARCH_TYPE
            : request.getRestOperationType();
    AuditEvent event = new AuditEvent();
    event.getMeta().addProfile(profile.getProfileUrl());
    XhtmlNode div = new XhtmlNode(NodeType.Element, "div");
    div.addText("Audit Event");
    event.getText().setDiv(div).setStatus(Narrative.NarrativeStatus.GENERATED);
    event
        .getType()
        .setSystem(BalpConstants.CS_AUDIT_EVENT_TYPE)
        .setCode("rest")
        .setDisplay("Restful Operation");
    event
        .addSubtype()
        .setSystem(BalpConstants.CS_RESTFUL_INTERACTION)
        .setCode(interaction.getCode())
        .setDisplay(interaction.getCode());
    event.setAction(profile.getAction());
    event.setOutcome(AuditEvent.AuditEventOutcome._0);
    event.setRecorded(new Date());
    String server = request.getFhirServerBase();
    event.getSource().getObserver().setDisplay(server);

    String address = context.getNetworkAddress(request);
    AuditEvent.AuditEventAgentComponent client = event.addAgent();
    client.setWho(context.getAgentClientWho(request));
    client.getType().addCoding(profile.getAgentClientTypeCoding());
    client.getWho().setDisplay(address);
    client.getNetwork().setAddress(address).setType(context.getNetworkAddressType(request));
    client.setRequestor(false);

    AuditEvent.AuditEventAgentComponent serverAgent = event.addAgent();
    serverAgent.getType().addCoding(profile.getAgentServerTypeCoding());
    serverAgent.getWho().setDisplay(server);
    serverAgent.getNetwork().setAddress(server);
    serverAgent.setRequestor(false);

    AuditEvent.AuditEventAgentComponent user = event.addAgent();
    user.getType()
        .addCoding()
        .setSystem("http://terminology.hl7.org/CodeSystem/v3-ParticipationType")
        .setCode("IRCP")
        .setDisplay("information recipient");
    user.setWho(context.getAgentUserWho(request));
    user.setRequestor(true);

    AuditEvent.AuditEventEntityComponent transaction = event.addEntity();
    transaction
        .getType()
        .setSystem("https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType")
        .setCode("XrequestId");
    transaction.getWhat().getIdentifier().setValue(request.getRequestId());
    return event;
  }

  /** A query event: the search as asked, in words and as the URL with its parameters. */
  private AuditEvent query(ServletRequestDetails request, BalpProfileEnum profile) {
    AuditEvent event = common(request, profile);
    AuditEvent.AuditEventEntityComponent query =
        addEntity(
            event,
            BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT,
            BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT_DISPLAY,
            BalpConstants.CS_OBJECT_ROLE_24_QUERY,
            "Query");
    query.setDescription(request.getRequestType().name() + " " + request.getCompleteUrl());
    StringBuilder url =
        new StringBuilder(request.getFhirServerBase()).append('/').append(request.getRequestPath());
    char separator = '?';
    for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
      for (String value : parameter.getValue()) {
        url.append(separator)
            .append(UrlUtil.escapeUrlParam(parameter.getKey()))
            .append('=')
            .append(UrlUtil.escapeUrlParam(value));
        separator = '&';
      }
    }
    query.getQueryElement().setValue(url.toString().getBytes(StandardCharsets.UTF_8));
    return event;
  }

  private static void addPatient(AuditEvent event, String patient) {
    addEntity(
            event,
            BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON,
            BalpConstants.CS_AUDIT_ENTITY_TYPE_1_PERSON_DISPLAY,
            BalpConstants.CS_OBJECT_ROLE_1_PATIENT,
            BalpConstants.CS_OBJECT_ROLE_1_PATIENT_DISPLAY)
        .getWhat()
        .setReference(patient);
  }

  private static void addData(AuditEvent event, String data) {
    addEntity(
            event,
            BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT,
            BalpConstants.CS_AUDIT_ENTITY_TYPE_2_SYSTEM_OBJECT_DISPLAY,
            BalpConstants.CS_OBJECT_ROLE_4_DOMAIN_RESOURCE,
            BalpConstants.CS_OBJECT_ROLE_4_DOMAIN_RESOURCE_DISPLAY)
        .getWhat()
        .setReference(data);
  }

  /** An entity of BALP's audit entity type and object role codes. */
  private static AuditEvent.AuditEventEntityComponent addEntity(
      AuditEvent event, String type, String typeDisplay, String role, String roleDisplay) {
    AuditEvent.AuditEventEntityComponent entity = event.addEntity();
    entity
        .getType()
        .setSystem(BalpConstants.CS_AUDIT_ENTITY_TYPE)
        .setCode(type)
        .setDisplay(typeDisplay);
    entity.getRole().setSystem(BalpConstants.CS_OBJECT_ROLE).setCode(role).setDisplay(roleDisplay);
    return entity;
  }
}
