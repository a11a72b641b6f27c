package org.carepath.server.audit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditIndexingTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @Test
  void auditEventSearchParametersMayBeUnindexed() {
    assertThatCode(() -> new AuditIndexing(FHIR, null, null, List.of("address", "entity-role")))
        .doesNotThrowAnyException();
  }

  @Test
  void aNameThatIsNotAnAuditEventSearchParameterStopsStartUp() {
    assertThatThrownBy(() -> new AuditIndexing(FHIR, null, null, List.of("entity-rol")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("entity-rol");
  }

  @Test
  void whatTheAccessReportSearchesByCannotBeUnindexed() {
    assertThatThrownBy(() -> new AuditIndexing(FHIR, null, null, List.of("address", "patient")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("patient")
        .hasMessageContaining("access report");
  }
}
