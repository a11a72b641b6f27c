package org.carepath.coordination.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BulkImportPolicyTest {

  private static final List<String> SOURCES = List.of("https://extracts.example.nhs.uk/ics/");

  private final BulkImportPolicy policy = new BulkImportPolicy();

  @Test
  void anIntegrationRoleImportsFilesUnderAnAllowedSource() {
    assertThat(
            policy.toStart(
                true,
                List.of(
                    "https://extracts.example.nhs.uk/ics/practice-1/Patient.ndjson",
                    "https://EXTRACTS.example.nhs.uk:443/ics/Condition.ndjson"),
                SOURCES))
        .isInstanceOf(BulkImportPolicy.Start.Allowed.class);
  }

  @Test
  void withoutTheActivityOrAnySourceNothingIsImported() {
    assertThat(policy.toStart(false, List.of(SOURCES.get(0) + "a.ndjson"), SOURCES))
        .isEqualTo(new BulkImportPolicy.Start.Refused(BulkImportPolicy.NO_IMPORT_ACTIVITY));
    assertThat(policy.toStart(true, List.of(SOURCES.get(0) + "a.ndjson"), List.of()))
        .isEqualTo(new BulkImportPolicy.Start.Refused(BulkImportPolicy.OFF));
    assertThat(policy.toStart(true, List.of(), SOURCES))
        .isEqualTo(new BulkImportPolicy.Start.Refused(BulkImportPolicy.NO_FILES));
  }

  @Test
  void aFileAnywhereElseIsRefusedNamingIt() {
    String metadata = "http://169.254.169.254/latest/meta-data/";
    BulkImportPolicy.Start refused =
        policy.toStart(true, List.of(SOURCES.get(0) + "Patient.ndjson", metadata), SOURCES);

    assertThat(refused).isInstanceOf(BulkImportPolicy.Start.Refused.class);
    assertThat(((BulkImportPolicy.Start.Refused) refused).reason()).contains(metadata);
  }

  @Test
  void onlyTheSameSchemeHostPortAndAWholePathSegmentMatch() {
    String source = SOURCES.get(0);
    assertThat(BulkImportPolicy.isUnder("https://extracts.example.nhs.uk/ics/a.ndjson", source))
        .isTrue();
    assertThat(BulkImportPolicy.isUnder("http://extracts.example.nhs.uk/ics/a.ndjson", source))
        .as("another scheme")
        .isFalse();
    assertThat(BulkImportPolicy.isUnder("https://extracts.example.nhs.uk:8443/ics/a", source))
        .as("another port")
        .isFalse();
    assertThat(BulkImportPolicy.isUnder("https://extracts.example.nhs.uk.evil.org/ics/a", source))
        .as("a host that only starts the same")
        .isFalse();
    assertThat(BulkImportPolicy.isUnder("https://extracts.example.nhs.uk/ics-old/a", source))
        .as("a sibling path")
        .isFalse();
    assertThat(BulkImportPolicy.isUnder("https://extracts.example.nhs.uk/ics/../admin", source))
        .as("a path climbing out")
        .isFalse();
    assertThat(BulkImportPolicy.isUnder("https://extracts.example.nhs.uk/ics/%2e%2e/admin", source))
        .as("an encoded climb")
        .isFalse();
    assertThat(
            BulkImportPolicy.isUnder("https://user:secret@extracts.example.nhs.uk/ics/a", source))
        .as("credentials in the URL")
        .isFalse();
    assertThat(BulkImportPolicy.isUnder("file:///etc/passwd", "file:///etc/"))
        .as("only http and https")
        .isFalse();
    assertThat(BulkImportPolicy.isUnder("not a url", source)).isFalse();
    assertThat(
            BulkImportPolicy.isUnder(
                "http://127.0.0.1:8099/ndjson/x", "http://127.0.0.1:8099/ndjson"))
        .as("a source without a trailing slash is a directory")
        .isTrue();
  }
}
