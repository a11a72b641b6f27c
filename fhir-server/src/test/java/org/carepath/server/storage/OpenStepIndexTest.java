package org.carepath.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carepath.coordination.pathway.StepStatus;
import org.carepath.coordination.pathway.fhir.EnrolmentResources;
import org.junit.jupiter.api.Test;

/**
 * The partial indexes of open steps (V6, V8) are written in SQL once and for all; the worklist and
 * KPI queries build their "open" list from the domain's {@link StepStatus#isOpen()}. They must
 * agree, or PostgreSQL stops using the indexes (or the worklists miss steps).
 */
class OpenStepIndexTest {

  private static final Pattern STATUS_IN = Pattern.compile("status in \\(([^)]*)\\)");

  @Test
  void theOpenStepIndexesCoverExactlyTheDomainsOpenSteps() throws IOException {
    String open = CarepathSchema.inList(EnrolmentResources.taskStatusCodes(StepStatus::isOpen));
    assertThat(open)
        .isEqualTo("('requested','received','accepted','ready','in-progress','on-hold')");
    int predicates = 0;
    for (String migration :
        List.of("V6__pathway_step_open_index.sql", "V8__pathway_step_practice.sql")) {
      Matcher matcher = STATUS_IN.matcher(read("/db/carepath/" + migration));
      while (matcher.find()) {
        predicates++;
        assertThat("(" + matcher.group(1).replace(" ", "") + ")").as(migration).isEqualTo(open);
      }
    }
    assertThat(predicates).isGreaterThanOrEqualTo(4);
  }

  @Test
  void stepsThatEndedWithoutBeingDoneIncludeFailedTasks() {
    assertThat(
            EnrolmentResources.taskStatusCodes(
                status -> status.hasEnded() && status != StepStatus.COMPLETED))
        .containsExactly("rejected", "cancelled", "failed", "entered-in-error");
  }

  @Test
  void onlyPlainCodesBecomeSql() {
    assertThatThrownBy(() -> CarepathSchema.inList(List.of("ready'); drop table x; --")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = OpenStepIndexTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
