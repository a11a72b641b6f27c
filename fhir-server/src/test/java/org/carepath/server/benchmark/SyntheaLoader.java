package org.carepath.server.benchmark;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.carepath.coordination.patient.NhsNumber;
import org.carepath.coordination.risk.fhir.ClinicalFactsReader;
import org.carepath.server.demo.SyntheticPopulation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Loads a Synthea population into Carepath over FHIR for {@link SyntheaFidelityReport}, each person
 * posted by their registered practice's GP as one transaction: the Patient (a test-range NHS
 * number, one of the demo practices), every Condition, the Observations of the last 15 months and
 * the active MedicationRequests with a coded medicine; references to encounters, practitioners and
 * claims (not exported) are dropped. A person already there (a kept database) is not posted again.
 */
final class SyntheaLoader {

  /** One Synthea person as loaded. */
  record Person(String id, String practice, int age, List<Condition> activeConditions) {}

  private static final int FIRST_NHS_INDEX = 500_000;

  private final IParser parser = FhirContext.forR4Cached().newJsonParser();
  private final HttpClient http;
  private final String base;
  private final Function<String, String> gpTokens;
  private final LocalDate today;

  SyntheaLoader(HttpClient http, String base, Function<String, String> gpTokens, LocalDate today) {
    this.http = http;
    this.base = base;
    this.gpTokens = gpTokens;
    this.today = today;
  }

  /** Posts every person of the Synthea output folder {@code source}; answers them as loaded. */
  List<Person> load(Path source) throws Exception {
    List<Path> files;
    try (Stream<Path> listing = Files.list(source)) {
      files =
          listing
              .filter(p -> p.toString().endsWith(".json"))
              .filter(p -> !p.getFileName().toString().startsWith("hospitalInformation"))
              .filter(p -> !p.getFileName().toString().startsWith("practitionerInformation"))
              .sorted()
              .toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Person>> loading = new ArrayList<>();
    AtomicInteger done = new AtomicInteger();
    for (int i = 0; i < files.size(); i++) {
      int index = i;
      loading.add(
          pool.submit(
              () -> {
                Person person = loadOne(files.get(index), index);
                int count = done.incrementAndGet();
                if (count % 100 == 0) {
                  System.err.printf(Locale.ROOT, "  %,d of %,d loaded%n", count, files.size());
                }
                return person;
              }));
    }
    List<Person> people = new ArrayList<>();
    try {
      for (Future<Person> person : loading) {
        people.add(person.get());
      }
    } finally {
      pool.shutdownNow();
    }
    return people;
  }

  private Person loadOne(Path file, int index) throws Exception {
    Bundle synthea = parser.parseResource(Bundle.class, Files.readString(file));
    String practice = BenchmarkServer.PRACTICES.get(index % BenchmarkServer.PRACTICES.size());
    LocalDate since = today.minusMonths(15);
    Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Patient patient = null;
    List<Condition> active = new ArrayList<>();
    for (BundleEntryComponent entry : synthea.getEntry()) {
      Resource resource = entry.getResource();
      Resource kept = null;
      if (resource instanceof Patient p) {
        patient = p;
        String nhsNumber = SyntheticPopulation.nhsNumberFor(FIRST_NHS_INDEX + index);
        p.getIdentifier().clear();
        p.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(nhsNumber);
        p.getGeneralPractitioner().clear();
        p.addGeneralPractitioner(new Reference(practice));
        kept = p;
      } else if (resource instanceof Condition c) {
        c.setEncounter(null);
        kept = c;
        if (ClinicalFactsReader.contributionOf(c).evidence().size() > 0) {
          active.add(c);
        }
      } else if (resource instanceof Observation o
          && o.hasEffectiveDateTimeType()
          && !o.getEffectiveDateTimeType()
              .getValue()
              .toInstant()
              .isBefore(since.atStartOfDay(ZoneOffset.UTC).toInstant())) {
        o.setEncounter(null);
        o.getHasMember().clear();
        o.getDerivedFrom().clear();
        kept = o;
      } else if (resource instanceof MedicationRequest m
          && m.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE
          && m.hasMedicationCodeableConcept()) {
        m.setEncounter(null);
        m.setRequester(null);
        m.getReasonReference().clear();
        kept = m;
      }
      if (kept != null) {
        kept.setId((String) null);
        BundleEntryComponent out = transaction.addEntry().setFullUrl(entry.getFullUrl());
        out.setResource(kept);
        out.getRequest().setMethod(HTTPVerb.POST).setUrl(kept.fhirType());
        if (kept instanceof Patient p) {
          out.getRequest()
              .setIfNoneExist(
                  "identifier=" + NhsNumber.SYSTEM + "|" + p.getIdentifierFirstRep().getValue());
        }
      }
    }
    if (patient == null) {
      throw new IllegalStateException(file + " has no Patient");
    }
    int age = ClinicalFactsReader.age(patient.getBirthDateElement(), today);
    String token = gpTokens.apply(practice);
    // Kept from an earlier run (-Dbenchmark.data): the record is there already, post nothing.
    Bundle existing =
        parser.parseResource(
            Bundle.class,
            BenchmarkHttp.send(
                http,
                BenchmarkHttp.get(
                    base
                        + "/Patient?_elements=id&identifier="
                        + java.net.URLEncoder.encode(
                            NhsNumber.SYSTEM + "|" + patient.getIdentifierFirstRep().getValue(),
                            StandardCharsets.UTF_8),
                    token),
                200));
    if (!existing.getEntry().isEmpty()) {
      return new Person(
          existing.getEntryFirstRep().getResource().getIdElement().getIdPart(),
          practice,
          age,
          active);
    }
    Bundle response =
        parser.parseResource(
            Bundle.class,
            BenchmarkHttp.send(
                http,
                BenchmarkHttp.post(base, token, parser.encodeResourceToString(transaction)),
                200));
    String id =
        response.getEntry().stream()
            .map(e -> new org.hl7.fhir.r4.model.IdType(e.getResponse().getLocation()))
            .filter(location -> "Patient".equals(location.getResourceType()))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(file + ": no Patient stored"))
            .getIdPart();
    return new Person(id, practice, age, active);
  }
}
