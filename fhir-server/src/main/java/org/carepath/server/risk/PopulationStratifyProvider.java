package org.carepath.server.risk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.carepath.coordination.Canonical;
import org.carepath.server.fhir.FhirOperationProvider;
import org.carepath.server.organisation.OrganisationTree;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

/**
 * Population stratification as a FHIR asynchronous request: {@code POST [base]/$stratify} (every
 * patient) or {@code POST [base]/Organization/[id]/$stratify} (patients registered under it), with
 * {@code Prefer: respond-async}, answer 202 with the status URL {@code
 * [base]/$stratify-status?run=} (OperationDefinitions stratify-population, stratify-status).
 * Translates and delegates to {@link PopulationRuns}.
 */
class PopulationStratifyProvider implements FhirOperationProvider {

  private static final String RISK_BAND = Canonical.BASE + "/CodeSystem/risk-band";

  private final PopulationRuns runs;
  private final OrganisationTree organisations;
  private final FhirContext fhirContext;

  PopulationStratifyProvider(
      PopulationRuns runs, OrganisationTree organisations, FhirContext fhirContext) {
    this.runs = runs;
    this.organisations = organisations;
    this.fhirContext = fhirContext;
  }

  @Operation(name = "$stratify", idempotent = false, manualResponse = true)
  public void stratifyPopulation(ServletRequestDetails request) throws IOException {
    requireAsync(request);
    String runId = runs.start(StratifyRuns.ALL, "requested", Optional.empty(), Optional.empty());
    accepted(request, runId);
  }

  @Operation(
      name = "$stratify",
      type = Organization.class,
      idempotent = false,
      manualResponse = true)
  public void stratifyOrganisation(@IdParam IdType organisation, ServletRequestDetails request)
      throws IOException {
    requireAsync(request);
    String id = organisations.read(organisation.getIdPart(), request).getIdElement().getIdPart();
    String runId =
        runs.start(
            "Organization/" + id,
            "requested",
            Optional.of(organisations.organisationAndBelow(id, request)),
            Optional.empty());
    accepted(request, runId);
  }

  @Operation(name = "$stratify-status", idempotent = true, manualResponse = true)
  public void status(
      @OperationParam(name = "run", min = 1, max = 1) StringType run, ServletRequestDetails request)
      throws IOException {
    PopulationRuns.Progress progress =
        runs.progress(run.getValue())
            .orElseThrow(
                () -> new ResourceNotFoundException("No stratification run " + run.getValue()));
    StratifyRuns.Run state = progress.run();
    HttpServletResponse response = request.getServletResponse();
    if (!state.isComplete()) {
      String text =
          "planning".equals(state.status())
              ? "listing patients"
              : progress.patientsDone() + " of " + state.total() + " patients";
      response.setStatus(HttpServletResponse.SC_ACCEPTED);
      response.setHeader("X-Progress", text);
      response.setHeader(Constants.HEADER_RETRY_AFTER, "2");
      OperationOutcome outcome = new OperationOutcome();
      outcome
          .addIssue()
          .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
          .setCode(OperationOutcome.IssueType.INFORMATIONAL)
          .setDiagnostics("Stratification run " + state.id() + " in progress: " + text);
      write(response, outcome);
      return;
    }
    Bundle result = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
    result.addEntry().setResource(summary(progress)).getResponse().setStatus("200 OK");
    response.setStatus(HttpServletResponse.SC_OK);
    write(response, result);
  }

  private static void requireAsync(ServletRequestDetails request) {
    String prefer = request.getHeader(Constants.HEADER_PREFER);
    if (prefer == null || !prefer.contains(Constants.HEADER_PREFER_RESPOND_ASYNC)) {
      throw new InvalidRequestException(
          "A population $stratify runs asynchronously: send the header 'Prefer: respond-async'"
              + " and poll the Content-Location of the 202 answer.");
    }
  }

  private void accepted(ServletRequestDetails request, String runId) throws IOException {
    HttpServletResponse response = request.getServletResponse();
    response.setStatus(HttpServletResponse.SC_ACCEPTED);
    response.setHeader(
        Constants.HEADER_CONTENT_LOCATION,
        request.getFhirServerBase() + "/$stratify-status?run=" + runId);
    OperationOutcome outcome = new OperationOutcome();
    outcome
        .addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
        .setCode(OperationOutcome.IssueType.INFORMATIONAL)
        .setDiagnostics("Stratification run " + runId + " accepted");
    write(response, outcome);
  }

  private void write(HttpServletResponse response, IBaseResource resource) throws IOException {
    response.setContentType(Constants.CT_FHIR_JSON_NEW);
    response.setCharacterEncoding("UTF-8");
    fhirContext.newJsonParser().encodeResourceToWriter(resource, response.getWriter());
    response.getWriter().flush();
  }

  private static Parameters summary(PopulationRuns.Progress progress) {
    StratifyRuns.Run run = progress.run();
    Parameters summary = new Parameters();
    summary.addParameter("run", run.id());
    summary.addParameter("scope", run.scope());
    summary.addParameter("trigger", run.trigger());
    run.changedSince()
        .ifPresent(
            since -> summary.addParameter().setName("changedSince").setValue(dateTime(since)));
    summary.addParameter().setName("requested").setValue(dateTime(run.requestedAt()));
    run.completedAt()
        .ifPresent(done -> summary.addParameter().setName("completed").setValue(dateTime(done)));
    Map<String, Map<String, Integer>> byModel = new TreeMap<>();
    progress
        .counts()
        .forEach(
            (key, count) -> {
              int colon = key.indexOf(':');
              if (colon < 0) {
                summary.addParameter(key, new IntegerType(count));
              } else {
                byModel
                    .computeIfAbsent(key.substring(0, colon), m -> new TreeMap<>())
                    .put(key.substring(colon + 1), count);
              }
            });
    if (!progress.counts().containsKey("patients")) {
      summary.addParameter("patients", new IntegerType(0));
    }
    progress
        .topCohort()
        .ifPresent(
            cohort -> {
              var top = summary.addParameter().setName("top-cohort");
              top.addPart().setName("percent").setValue(new DecimalType(cohort.percent()));
              top.addPart()
                  .setName("minimumScore")
                  .setValue(new DecimalType(cohort.minimumScore()));
              top.addPart().setName("patients").setValue(new IntegerType(cohort.people()));
              top.addPart()
                  .setName("search")
                  .setValue(
                      new StringType(
                          "RiskAssessment?band="
                              + RISK_BAND
                              + "|&score=ge"
                              + cohort.minimumScore()));
            });
    byModel.forEach(
        (model, bands) -> {
          var parameter = summary.addParameter().setName(model);
          bands.forEach(
              (band, count) -> parameter.addPart().setName(band).setValue(new IntegerType(count)));
        });
    return summary;
  }

  private static DateTimeType dateTime(java.time.Instant instant) {
    return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.MILLI);
  }
}
