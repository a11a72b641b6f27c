package org.carepath.server.benchmark;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.carepath.server.demo.PopulationMix;
import org.carepath.server.demo.SyntheticPopulation;
import org.hl7.fhir.r4.model.Bundle;

/**
 * What {@link HapiComparisonBenchmark} posts, the same to both sides: warm-up and measured caseload
 * Bundles, warm-up and measured Synthea-shaped Bundles, serialised once, and how many resources the
 * measured ones hold.
 */
record ComparisonInputs(
    List<String> caseloadWarmup,
    List<String> caseload,
    long caseloadResources,
    List<String> syntheaWarmup,
    List<String> synthea,
    long syntheaResources) {

  private static final int WARMUP_CASELOAD = 40;
  private static final int WARMUP_SYNTHEA = 4;

  /**
   * Records for (e), bulk import: {@code count} caseload records (indices from 400,000: others than
   * (a)'s, the same kind), every patient at the first practice, as Bundles to be written as NDJSON.
   */
  static List<Bundle> importRecords(int count) {
    SyntheticPopulation population =
        new SyntheticPopulation(
            11,
            PopulationMix.caseload(),
            List.of(BenchmarkServer.PRACTICES.get(0)),
            LocalDate.now(),
            5);
    List<Bundle> bundles = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      bundles.add(population.patient(400_000 + i).bundle());
    }
    return bundles;
  }

  /**
   * The inputs, serialised once: caseload records (indices from 200,000) and Synthea-shaped records
   * (from 300,000), every patient at the first practice.
   */
  static ComparisonInputs generate(int caseload, int synthea, int encounters) {
    String practice = BenchmarkServer.PRACTICES.get(0);
    LocalDate today = LocalDate.now();
    SyntheticPopulation population =
        new SyntheticPopulation(11, PopulationMix.caseload(), List.of(practice), today, 5);
    IParser parser = FhirContext.forR4Cached().newJsonParser();
    List<String> caseloadWarmup = new ArrayList<>();
    List<String> caseloadBodies = new ArrayList<>();
    long caseloadResources = 0;
    for (int i = 0; i < WARMUP_CASELOAD + caseload; i++) {
      Bundle bundle = population.patient(200_000 + i).bundle();
      if (i < WARMUP_CASELOAD) {
        caseloadWarmup.add(parser.encodeResourceToString(bundle));
      } else {
        caseloadResources += bundle.getEntry().size();
        caseloadBodies.add(parser.encodeResourceToString(bundle));
      }
    }
    List<String> syntheaWarmup = new ArrayList<>();
    List<String> syntheaBodies = new ArrayList<>();
    long syntheaResources = 0;
    for (int i = 0; i < WARMUP_SYNTHEA + synthea; i++) {
      int index = 300_000 + i;
      Bundle bundle =
          SyntheaShapedRecord.of(
              population.patient(index).bundle(), practice, encounters, index, today);
      if (i < WARMUP_SYNTHEA) {
        syntheaWarmup.add(parser.encodeResourceToString(bundle));
      } else {
        syntheaResources += bundle.getEntry().size();
        syntheaBodies.add(parser.encodeResourceToString(bundle));
      }
    }
    return new ComparisonInputs(
        caseloadWarmup,
        caseloadBodies,
        caseloadResources,
        syntheaWarmup,
        syntheaBodies,
        syntheaResources);
  }
}
