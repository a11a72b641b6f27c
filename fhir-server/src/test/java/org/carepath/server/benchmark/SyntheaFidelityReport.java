package org.carepath.server.benchmark;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.carepath.coordination.risk.ClinicalFacts;
import org.carepath.coordination.risk.DeficitCatalogue;
import org.carepath.coordination.risk.DiabetesControl;
import org.carepath.coordination.risk.DiabetesControlResult;
import org.carepath.coordination.risk.MeasurementUnits;
import org.carepath.coordination.risk.fhir.ClinicalFactsReader;
import org.carepath.coordination.risk.fhir.DeficitCatalogueReader;
import org.carepath.coordination.risk.fhir.ValueSetCodes;
import org.carepath.coordination.terminology.Code;
import org.carepath.server.benchmark.SyntheaLoader.Person;
import org.carepath.server.conformance.ConformanceConfiguration.PackageResources;
import org.carepath.server.demo.PopulationLoader;
import org.carepath.server.security.DevIssuer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Clinical fidelity against a generator nobody here wrote (issue 21, hazards H-10 to H-12): loads a
 * Synthea population (made by {@code tools/synthea}) into Carepath over FHIR as GP systems would,
 * runs the population {@code $stratify}, and prints (a) every active condition code of the people
 * with how many have it and the eFI deficit it evidences — an unmapped code must be listed in
 * {@code fidelity/not-efi-deficits.tsv} with the reason, else the command fails; (b) the eFI band
 * distribution beside the published one for English primary care aged 65+ (Clegg et al. 2016); (c)
 * the diabetes-control results of the diabetics, with the units their HbA1c and cholesterol came
 * in; (d) each pathway's entry conditions found by their names in the data against those the value
 * set recognises. A command, not a test:
 *
 * <pre>
 * mvn -B -f tools/synthea/pom.xml verify -Dsynthea.people=2000
 * mvn -B -pl fhir-server -am -Pfidelity verify [-Dfidelity.synthea=tools/synthea/target/output/fhir]
 *     [-Dbenchmark.data=/some/folder]
 * </pre>
 *
 * What is loaded of each person is {@link SyntheaLoader}'s. The report goes to standard output and
 * {@code target/fidelity-report.md}. With {@code -Dbenchmark.data=<folder>} the database is kept
 * there and a later run posts only the people not yet loaded (loading 2,000 older people takes
 * about half an hour on two cores).
 */
public final class SyntheaFidelityReport {

  private static final String SNOMED = "http://snomed.info/sct";

  /** Clegg et al. 2016 (Age and Ageing 45:353), the development cohort aged 65–95. */
  private static final Map<String, Double> PUBLISHED = new LinkedHashMap<>();

  static {
    PUBLISHED.put("fit", 0.50);
    PUBLISHED.put("mild", 0.35);
    PUBLISHED.put("moderate", 0.12);
    PUBLISHED.put("severe", 0.03);
  }

  /** The words a pathway's entry condition goes by in a record's display text. */
  private static final Map<String, List<String>> ENTRY_CONDITIONS = new LinkedHashMap<>();

  static {
    ENTRY_CONDITIONS.put("diabetes-conditions", List.of("diabetes"));
    ENTRY_CONDITIONS.put("copd-conditions", List.of("chronic obstructive", "emphysema"));
    ENTRY_CONDITIONS.put("heart-failure-conditions", List.of("heart failure"));
    ENTRY_CONDITIONS.put("dementia-conditions", List.of("dementia", "alzheimer"));
    ENTRY_CONDITIONS.put("palliative-care-conditions", List.of("palliative", "terminal"));
    ENTRY_CONDITIONS.put("care-home-settings", List.of("nursing home", "care home"));
  }

  /** A display that names a concept without being it. */
  private static final List<String> NOT_THE_CONDITION =
      List.of("prediabetes", "due to", "history of", "screening");

  private final IParser parser = FhirContext.forR4Cached().newJsonParser();

  public static void main(String[] args) throws Exception {
    Path source =
        Path.of(System.getProperty("fidelity.synthea", "../tools/synthea/target/output/fhir"));
    if (!Files.isDirectory(source)) {
      throw new IllegalStateException(
          source.toAbsolutePath()
              + " is not there: generate it first with mvn -B -f tools/synthea/pom.xml verify");
    }
    int unreviewed = new SyntheaFidelityReport().run(source);
    // HAPI's batch threads are not daemons and outlive the closed server: end the command here.
    System.exit(unreviewed == 0 ? 0 : 1);
  }

  int run(Path source) throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Path dataDir = BenchmarkServer.dataDir("fidelity-data-");
    try (ConfigurableApplicationContext server = BenchmarkServer.start(dataDir)) {
      String base = BenchmarkServer.fhirBase(server);
      String tokenEndpoint = server.getBean(DevIssuer.class).tokenEndpoint();
      var gpTokens = PopulationLoader.demoGpTokens(tokenEndpoint);
      String systemToken = PopulationLoader.clientToken(tokenEndpoint, "gp-system", "demo");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

      long started = System.nanoTime();
      List<Person> people = new SyntheaLoader(http, base, gpTokens, today).load(source);
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      System.err.printf(Locale.ROOT, "Loaded %,d people in %.0f s%n", people.size(), loadSeconds);

      var run = StratifyBenchmark.measureRun(http, base, systemToken);

      List<ValueSet> terminology = server.getBean(PackageResources.class).ofType(ValueSet.class);
      DeficitCatalogue catalogue =
          DeficitCatalogueReader.read(
              server
                  .getBean(PackageResources.class)
                  .codeSystem(DeficitCatalogueReader.DEFICIT_CODE_SYSTEM),
              terminology);
      StringBuilder report = new StringBuilder();
      report.append(
          String.format(
              Locale.ROOT,
              "Synthea fidelity report (%s): %,d people aged 65+ from %s, loaded over FHIR in %.0f"
                  + " s; population $stratify of %,d patients in %.1f s, %,d results written.%n%n",
              today,
              people.size(),
              source,
              loadSeconds,
              run.patients(),
              run.seconds(),
              run.written()));
      int unreviewed = codeTable(people, catalogue, report);
      bandTable(server.getBean(JdbcTemplate.class), people, report);
      diabetesTable(
          people,
          server.getBean(DiabetesControl.class),
          terminology,
          http,
          base,
          gpTokens,
          today,
          report);
      entryConditionTable(people, terminology, report);
      System.out.println();
      System.out.println(report);
      Files.writeString(Path.of("target", "fidelity-report.md"), report.toString());
      return unreviewed;
    }
  }

  // ---- (a) condition codes ----

  private int codeTable(List<Person> people, DeficitCatalogue catalogue, StringBuilder report)
      throws IOException {
    Map<String, String> reviewed = notEfiDeficits();
    Map<String, String> displays = new TreeMap<>();
    Map<String, Set<String>> peopleByCode = new HashMap<>();
    for (Person person : people) {
      for (Condition condition : person.activeConditions()) {
        for (var coding : condition.getCode().getCoding()) {
          if (SNOMED.equals(coding.getSystem())) {
            displays.putIfAbsent(coding.getCode(), coding.getDisplay());
            peopleByCode.computeIfAbsent(coding.getCode(), c -> new TreeSet<>()).add(person.id());
          }
        }
      }
    }
    report.append("## (a) Active condition codes of people 65+\n\n");
    report.append("| SNOMED CT | display | people | eFI deficit or reason not one |\n");
    report.append("|---|---|---:|---|\n");
    List<String> unreviewed = new ArrayList<>();
    int mapped = 0;
    List<String> codes = new ArrayList<>(peopleByCode.keySet());
    codes.sort(
        Comparator.comparing((String c) -> -peopleByCode.get(c).size())
            .thenComparing(Comparator.naturalOrder()));
    for (String code : codes) {
      List<String> deficits = catalogue.deficitsEvidencedBy(List.of(new Code(SNOMED, code)));
      String mapping;
      if (!deficits.isEmpty()) {
        mapping = String.join(", ", deficits);
        mapped++;
      } else if (reviewed.containsKey(code)) {
        mapping = "not an eFI deficit: " + reviewed.get(code);
      } else {
        mapping = "**UNREVIEWED**";
        unreviewed.add(code + " " + displays.get(code));
      }
      report.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %s |%n",
              code,
              displays.get(code),
              peopleByCode.get(code).size(),
              mapping));
    }
    report.append(
        String.format(
            Locale.ROOT,
            "%n%d codes: %d evidence an eFI deficit, %d reviewed as not one, %d unreviewed%s.%n%n",
            codes.size(),
            mapped,
            codes.size() - mapped - unreviewed.size(),
            unreviewed.size(),
            unreviewed.isEmpty() ? "" : " (" + String.join("; ", unreviewed) + ")"));
    return unreviewed.size();
  }

  /**
   * Codes reviewed as evidencing no eFI deficit, with the reason (fidelity/not-efi-deficits.tsv).
   */
  static Map<String, String> notEfiDeficits() throws IOException {
    Map<String, String> reviewed = new HashMap<>();
    try (InputStream in =
        SyntheaFidelityReport.class.getResourceAsStream("/fidelity/not-efi-deficits.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t");
        reviewed.put(columns[0].trim(), columns[2].trim());
      }
    }
    return reviewed;
  }

  // ---- (b) eFI bands ----

  private static void bandTable(JdbcTemplate jdbc, List<Person> people, StringBuilder report) {
    Map<String, Integer> bands = new LinkedHashMap<>();
    PUBLISHED.keySet().forEach(band -> bands.put(band, 0));
    Set<String> ids = new java.util.HashSet<>(people.stream().map(Person::id).toList());
    jdbc.query(
        "select patient_id, band from cp_risk_result where model = 'efi'",
        row -> {
          if (ids.contains(row.getString(1))) {
            bands.merge(row.getString(2), 1, Integer::sum);
          }
        });
    int scored = bands.values().stream().mapToInt(Integer::intValue).sum();
    report.append("## (b) eFI bands against the published distribution\n\n");
    report.append("| band | people | share | Clegg et al. 2016 (65+) |\n|---|---:|---:|---:|\n");
    bands.forEach(
        (band, count) ->
            report.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %,d | %.1f%% | %.0f%% |%n",
                    band,
                    count,
                    100.0 * count / Math.max(1, scored),
                    100 * PUBLISHED.get(band))));
    report.append(
        String.format(Locale.ROOT, "%n%,d of %,d people scored.%n%n", scored, people.size()));
  }

  // ---- (c) diabetes control ----

  private void diabetesTable(
      List<Person> people,
      DiabetesControl model,
      List<ValueSet> terminology,
      HttpClient http,
      String base,
      java.util.function.Function<String, String> gpTokens,
      LocalDate today,
      StringBuilder report)
      throws Exception {
    Set<Code> diagnoses =
        ValueSetCodes.enumerated(
            terminology.stream()
                .filter(vs -> vs.getUrl().endsWith("/ValueSet/diabetes-conditions"))
                .findFirst()
                .orElseThrow(),
            terminology);
    Map<String, Integer> bands = new TreeMap<>();
    Map<String, Map<String, Integer>> targets = new LinkedHashMap<>();
    Map<Reading, Integer> units = new TreeMap<>();
    int diabetics = 0;
    for (Person person : people) {
      boolean diabetic =
          person.activeConditions().stream()
              .flatMap(c -> c.getCode().getCoding().stream())
              .anyMatch(c -> diagnoses.contains(new Code(c.getSystem(), c.getCode())));
      if (!diabetic) {
        continue;
      }
      diabetics++;
      // Read as the person's own GP reads them (the access model lets nobody else).
      ClinicalFacts facts =
          readOverFhir(http, base, gpTokens.apply(person.practice()), person.id(), today);
      for (ClinicalFacts.Measurement m : facts.measurements()) {
        MeasurementUnits.Analyte analyte =
            switch (m.code().code()) {
              case "4548-4", "59261-8", "17856-6" -> MeasurementUnits.Analyte.HBA1C;
              case "2093-3", "14647-2" -> MeasurementUnits.Analyte.CHOLESTEROL;
              case "2160-0", "14682-9" -> MeasurementUnits.Analyte.CREATININE;
              case "33914-3", "62238-1", "69405-9", "98979-8" -> MeasurementUnits.Analyte.EGFR;
              default -> null;
            };
        if (analyte != null && m.value().isPresent()) {
          units.merge(new Reading(analyte, m.code().code(), m.unit()), 1, Integer::sum);
        }
      }
      if (model.assess(facts, today) instanceof DiabetesControl.Assessed assessed) {
        DiabetesControlResult result = assessed.result();
        bands.merge(result.band().code(), 1, Integer::sum);
        tally(targets, "HbA1c", result.hba1cTarget());
        tally(targets, "blood pressure", result.bloodPressureTarget());
        tally(targets, "cholesterol", result.cholesterolTarget());
      }
    }
    report.append("## (c) Diabetes control of the diabetics\n\n");
    report.append(
        String.format(Locale.ROOT, "%,d people with a diabetes diagnosis.%n%n", diabetics));
    report.append("| control band | people |\n|---|---:|\n");
    bands.forEach(
        (band, n) -> report.append(String.format(Locale.ROOT, "| %s | %,d |%n", band, n)));
    report.append("\n| target | met | not met | not assessed |\n|---|---:|---:|---:|\n");
    targets.forEach(
        (target, counts) ->
            report.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %,d | %,d | %,d |%n",
                    target,
                    counts.getOrDefault("met", 0),
                    counts.getOrDefault("not met", 0),
                    counts.getOrDefault("not assessed", 0))));
    report.append(
        "\n| readings of the diabetics, as sent | readings | Carepath |\n|---|---:|---|\n");
    units.forEach(
        (reading, n) ->
            report.append(
                String.format(Locale.ROOT, "| %s | %,d | %s |%n", reading, n, reading.verdict())));
    report.append('\n');
  }

  /** How the diabetics' readings of one kind arrived: what, its LOINC code and its unit. */
  record Reading(MeasurementUnits.Analyte analyte, String loinc, String unit)
      implements Comparable<Reading> {

    @Override
    public String toString() {
      return analyte.label() + " (LOINC " + loinc + ") in " + unit;
    }

    @Override
    public int compareTo(Reading other) {
      return toString().compareTo(other.toString());
    }

    String verdict() {
      return MeasurementUnits.convert(analyte, 1, unit) instanceof MeasurementUnits.Converted
          ? "recognised, compared in " + analyte.unit()
          : "refused: not assessed, with the reason";
    }
  }

  private static void tally(
      Map<String, Map<String, Integer>> targets, String name, DiabetesControlResult.Target t) {
    targets.computeIfAbsent(name, n -> new HashMap<>()).merge(t.status().words(), 1, Integer::sum);
  }

  private ClinicalFacts readOverFhir(
      HttpClient http, String base, String token, String id, LocalDate today) throws Exception {
    Patient patient =
        parser.parseResource(
            Patient.class,
            BenchmarkHttp.send(http, BenchmarkHttp.get(base + "/Patient/" + id, token), 200));
    return ClinicalFactsReader.read(
        patient,
        search(http, base, token, "Condition", id, Condition.class),
        search(http, base, token, "Observation", id, Observation.class),
        search(http, base, token, "MedicationRequest", id, MedicationRequest.class),
        today);
  }

  private <T extends Resource> List<T> search(
      HttpClient http, String base, String token, String type, String id, Class<T> resourceType)
      throws Exception {
    List<T> found = new ArrayList<>();
    String url = base + "/" + type + "?patient=" + id + "&_count=500";
    while (url != null) {
      Bundle page =
          parser.parseResource(
              Bundle.class, BenchmarkHttp.send(http, BenchmarkHttp.get(url, token), 200));
      page.getEntry().forEach(e -> found.add(resourceType.cast(e.getResource())));
      url = page.getLink("next") == null ? null : page.getLink("next").getUrl();
    }
    return found;
  }

  // ---- (d) pathway entry conditions ----

  private static void entryConditionTable(
      List<Person> people, List<ValueSet> terminology, StringBuilder report) {
    report.append("## (d) Pathway entry conditions: named in the data, recognised by Carepath\n\n");
    report.append(
        "| value set | people whose conditions name it | recognised | codes not recognised |\n"
            + "|---|---:|---:|---|\n");
    ENTRY_CONDITIONS.forEach(
        (id, words) -> {
          Set<Code> codes =
              ValueSetCodes.enumerated(
                  terminology.stream()
                      .filter(vs -> vs.getUrl().endsWith("/ValueSet/" + id))
                      .findFirst()
                      .orElseThrow(),
                  terminology);
          int named = 0;
          int recognised = 0;
          Set<String> missed = new TreeSet<>();
          for (Person person : people) {
            boolean names = false;
            boolean found = false;
            for (Condition condition : person.activeConditions()) {
              for (var coding : condition.getCode().getCoding()) {
                String display =
                    coding.getDisplay() == null ? "" : coding.getDisplay().toLowerCase(Locale.ROOT);
                boolean mentions =
                    words.stream().anyMatch(display::contains)
                        && NOT_THE_CONDITION.stream().noneMatch(display::contains);
                boolean inList = codes.contains(new Code(coding.getSystem(), coding.getCode()));
                names |= mentions;
                found |= inList;
                if (mentions && !inList) {
                  missed.add(coding.getCode() + " " + coding.getDisplay());
                }
              }
            }
            named += names ? 1 : 0;
            recognised += names && found ? 1 : 0;
          }
          report.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %,d | %,d | %s |%n",
                  id,
                  named,
                  recognised,
                  missed.isEmpty() ? "none" : String.join("; ", missed)));
        });
    report.append('\n');
  }

  private SyntheaFidelityReport() {}
}
