package org.carepath.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditSqlTest {

  private static final AuditQuery ALL = AuditQuery.all();

  @Test
  void everythingAsksNothing() {
    assertThat(AuditSql.of(ALL, Optional.empty(), 20).where()).isEqualTo(" where true");
  }

  @Test
  void aPatientIsLookedUpInTheEventsPatients() {
    assertThat(AuditSql.of(AuditQuery.ofPatient("12"), Optional.empty(), 20).where())
        .isEqualTo(" where true and patient_ids && ?");
  }

  @Test
  void tokensMatchExactlyWithASystemAndByCodeInAnySystemWithout() {
    AuditQuery query =
        ALL.withSubtypes(
                List.of(
                    new AuditQuery.Token(
                        Optional.of("http://hl7.org/fhir/restful-interaction"), "read"),
                    new AuditQuery.Token(Optional.empty(), "denied")))
            .withOutcomes(List.of(new AuditQuery.Token(Optional.empty(), "4")));
    assertThat(AuditSql.of(query, Optional.empty(), 20).where())
        .isEqualTo(
            " where true and exists (select 1 from unnest(subtypes) v where v = any (?) or v like"
                + " any (?)) and (outcome like any (?))");
  }

  @Test
  void aLaterPageContinuesAfterTheLastEventInTheQuerysOrder() {
    AuditStore.Stored last = new AuditStore.Stored(null, Instant.EPOCH, 7);
    assertThat(AuditSql.of(ALL, Optional.of(last), 20).where())
        .isEqualTo(" where true and (recorded, id) < (?, ?)");
    AuditQuery oldestFirst = ALL.recordedFrom(Instant.EPOCH).oldestFirst();
    assertThat(AuditSql.of(oldestFirst, Optional.of(last), 20).where())
        .isEqualTo(" where true and recorded >= ? and (recorded, id) > (?, ?)");
  }
}
