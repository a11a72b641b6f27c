package org.carepath.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.executor.InterceptorService;
import ca.uhn.fhir.rest.api.InterceptorInvocationTimingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Carepath's BALP capture makes the AuditEvents HAPI's {@link BalpAuditCaptureInterceptor} makes:
 * both get the same hook calls, and their events are compared element by element (all but the time
 * recorded).
 */
class BalpInterceptorTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private final List<AuditEvent> hapi = new ArrayList<>();
  private final List<AuditEvent> carepath = new ArrayList<>();
  private final List<RequestDetails> completed = new ArrayList<>();

  private final IBalpAuditContextServices context =
      new IBalpAuditContextServices() {
        @Override
        public Reference getAgentClientWho(RequestDetails request) {
          return new Reference().setDisplay("the client");
        }

        @Override
        public Reference getAgentUserWho(RequestDetails request) {
          return new Reference("Practitioner/demo-gp");
        }
      };

  private final InterceptorService hooks = new InterceptorService();

  BalpInterceptorTest() {
    hooks.registerInterceptor(new BalpAuditCaptureInterceptor(hapi::add, context));
    hooks.registerInterceptor(new BalpInterceptor(context, carepath::add, completed::add));
  }

  @Test
  void aReadOfAPatientsRecordIsOnePatientReadPerPatient() {
    Observation observation = observation("Observation/7", "Patient/1");
    show(request(RestOperationTypeEnum.READ, "Observation/7", Map.of()), observation);

    assertSame(1);
    assertThat(carepath.get(0).getMeta().getProfile().get(0).getValue())
        .endsWith("IHE.BasicAudit.PatientRead");
  }

  @Test
  void aReadOfSomethingNobodysIsABasicRead() {
    Organization practice = new Organization();
    practice.setId("Organization/demo-practice-1");
    show(request(RestOperationTypeEnum.READ, "Organization/demo-practice-1", Map.of()), practice);

    assertSame(1);
  }

  @Test
  void aSearchIsOnePatientQueryPerPatientShownWithTheQuery() {
    Patient patient = new Patient();
    patient.setId("Patient/3");
    show(
        request(
            RestOperationTypeEnum.SEARCH_TYPE,
            "Observation",
            Map.of("code", new String[] {"http://loinc.org|8867-4"}, "_count", new String[] {"5"})),
        observation("Observation/7", "Patient/1"),
        observation("Observation/8", "Patient/2"),
        patient);

    assertSame(3);
    assertThat(carepath.get(0).getEntity())
        .anySatisfy(entity -> assertThat(entity.getQuery()).isNotEmpty());
  }

  @Test
  void aSearchShowingNoPatientsRecordIsABasicQuery() {
    show(request(RestOperationTypeEnum.GET_PAGE, "", Map.of("_getpages", new String[] {"x"})));

    assertSame(1);
  }

  @Test
  void writesArePatientCreatesAndUpdates() {
    ServletRequestDetails request = request(RestOperationTypeEnum.CREATE, "Observation", Map.of());
    Observation observation = observation("Observation/9", "Patient/1");
    hooks.callHooks(
        Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED,
        new HookParams()
            .add(IBaseResource.class, observation)
            .add(RequestDetails.class, request)
            .addIfMatchesType(ServletRequestDetails.class, request)
            .add(TransactionDetails.class, new TransactionDetails())
            .add(InterceptorInvocationTimingEnum.class, InterceptorInvocationTimingEnum.ACTIVE));
    hooks.callHooks(
        Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED,
        new HookParams()
            .add(IBaseResource.class, observation)
            .add(IBaseResource.class, observation)
            .add(RequestDetails.class, request)
            .addIfMatchesType(ServletRequestDetails.class, request)
            .add(TransactionDetails.class, new TransactionDetails())
            .add(InterceptorInvocationTimingEnum.class, InterceptorInvocationTimingEnum.ACTIVE));

    assertSame(2);
  }

  private void show(ServletRequestDetails request, IBaseResource... resources) {
    IPreResourceShowDetails details = new SimplePreResourceShowDetails(List.of(resources));
    hooks.callHooks(
        Pointcut.STORAGE_PRESHOW_RESOURCES,
        new HookParams()
            .add(IPreResourceShowDetails.class, details)
            .add(RequestDetails.class, request)
            .addIfMatchesType(ServletRequestDetails.class, request));
  }

  /** Both made {@code count} events, the same but for when each was recorded. */
  private void assertSame(int count) {
    assertThat(carepath).hasSize(count);
    assertThat(hapi).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(json(carepath.get(i))).isEqualTo(json(hapi.get(i)));
    }
  }

  private static String json(AuditEvent event) {
    AuditEvent copy = event.copy();
    copy.setRecorded(null);
    return FHIR.newJsonParser().encodeResourceToString(copy);
  }

  private static Observation observation(String id, String patient) {
    Observation observation = new Observation();
    observation.setId(id);
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.setSubject(new Reference(patient));
    return observation;
  }

  private static ServletRequestDetails request(
      RestOperationTypeEnum operation, String path, Map<String, String[]> parameters) {
    MockHttpServletRequest servlet = new MockHttpServletRequest("GET", "/fhir/" + path);
    servlet.setRemoteAddr("10.1.2.3");
    ServletRequestDetails request = new ServletRequestDetails();
    request.setServer(new RestfulServer(FHIR));
    request.setServletRequest(servlet);
    request.setFhirServerBase("http://carepath.example/fhir");
    request.setRequestPath(path);
    request.setCompleteUrl("http://carepath.example/fhir/" + path);
    request.setParameters(new LinkedHashMap<>(parameters));
    request.setRequestType(
        operation == RestOperationTypeEnum.CREATE ? RequestTypeEnum.POST : RequestTypeEnum.GET);
    request.setRestOperationType(operation);
    request.setRequestId("request-1");
    return request;
  }
}
