package org.carepath.server.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class CrisisSummaryNarrativesTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private final CrisisSummaryNarratives narratives =
      new CrisisSummaryNarratives(FHIR, CrisisSummaryStrategy.TEMPLATES);

  /** A document as HAPI's generator leaves it: entries by urn:uuid, sections naming them. */
  private static Bundle document(String decisionReference) {
    Practitioner gp = new Practitioner();
    gp.setId("urn:uuid:0b6f6e1c-1f6e-4c55-9a59-5d1a3c1e0001");
    gp.addName(new HumanName().setText("Dr Asha Rahman"));
    Observation dnacpr = new Observation();
    dnacpr.setId("urn:uuid:0b6f6e1c-1f6e-4c55-9a59-5d1a3c1e0002");
    dnacpr.setStatus(Observation.ObservationStatus.FINAL);
    dnacpr.setCode(new CodeableConcept(new Coding("https://example.org", "dnacpr", "DNACPR")));
    dnacpr.setValue(new CodeableConcept().setText("Do not attempt CPR"));
    dnacpr.setEffective(new DateTimeType("2026-12-01"));
    dnacpr.addPerformer(new Reference(gp.getIdElement().getValue()));
    Composition composition = new Composition();
    composition.setId("urn:uuid:0b6f6e1c-1f6e-4c55-9a59-5d1a3c1e0003");
    composition.setTitle("Crisis summary as of 2026-12-07");
    Composition.SectionComponent endOfLife = composition.addSection();
    endOfLife
        .getCode()
        .addCoding(new Coding(CrisisSummaryStrategy.SECTION_SYSTEM, "end-of-life", null));
    endOfLife.addEntry(new Reference(decisionReference));
    Composition.SectionComponent unknown = composition.addSection();
    unknown.getCode().addCoding(new Coding("https://example.org", "no-template", null));
    Bundle document = new Bundle().setType(Bundle.BundleType.DOCUMENT);
    document.addEntry().setFullUrl(composition.getIdElement().getValue()).setResource(composition);
    document.addEntry().setFullUrl(dnacpr.getIdElement().getValue()).setResource(dnacpr);
    document.addEntry().setFullUrl(gp.getIdElement().getValue()).setResource(gp);
    return document;
  }

  private static Composition composition(Bundle document) {
    return (Composition) document.getEntryFirstRep().getResource();
  }

  @Test
  void eachSectionIsWrittenFromItsTemplateWithReferencesResolvedInTheDocument() {
    Bundle document = document("urn:uuid:0b6f6e1c-1f6e-4c55-9a59-5d1a3c1e0002");

    narratives.write(document);

    Composition.SectionComponent endOfLife = composition(document).getSectionFirstRep();
    assertThat(endOfLife.getText().getStatus()).hasToString("GENERATED");
    assertThat(endOfLife.getText().getDivAsString())
        .contains("End-of-life preferences and decisions")
        .contains("DNACPR")
        .contains("Do not attempt CPR")
        .contains("2026-12-01")
        // The performer resolved from the document's own entries.
        .contains("Dr Asha Rahman");
    // The document's own narrative.
    assertThat(composition(document).getText().getDivAsString())
        .contains("Crisis summary as of 2026-12-07");
    // A section Carepath has no template for is left as it was.
    assertThat(composition(document).getSection().get(1).hasText()).isFalse();
  }

  @Test
  void anEntryNamedByItsAbsoluteVersionedUrlIsFoundByTypeAndId() {
    Bundle document = document("http://carepath.example/fhir/Observation/x/_history/3");
    Observation decision = (Observation) document.getEntry().get(1).getResource();
    decision.setId("Observation/x");
    document.getEntry().get(1).setFullUrl("http://carepath.example/fhir/Observation/x");

    narratives.write(document);

    assertThat(composition(document).getSectionFirstRep().getText().getDivAsString())
        .contains("Do not attempt CPR");
  }

  @Test
  void theEngineIsSharedSafelyBetweenDocumentsWrittenAtOnce() throws Exception {
    List<Callable<String>> writes = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      writes.add(
          () -> {
            Bundle document = document("urn:uuid:0b6f6e1c-1f6e-4c55-9a59-5d1a3c1e0002");
            narratives.write(document);
            return composition(document).getSectionFirstRep().getText().getDivAsString();
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (Future<String> written : pool.invokeAll(writes)) {
        assertThat(written.get()).contains("Dr Asha Rahman");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
