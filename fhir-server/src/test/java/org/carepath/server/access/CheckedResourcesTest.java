package org.carepath.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.model.entity.ResourceHistoryTable;
import ca.uhn.fhir.jpa.search.BatchResourceLoader;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/** What was loaded for the access check is handed, once, to the page's load of that version. */
class CheckedResourcesTest {

  /** Stands in for HAPI's loader: each load makes new instances and is counted. */
  private static final class Loads extends BatchResourceLoader {
    final List<List<Long>> calls = new ArrayList<>();

    Loads() {
      super(null, null, null, null, null, null, null);
    }

    @Override
    public List<ResourceLoadResult> loadResources(
        List<ResourceHistoryTable> entities, boolean forHistoryOperation) {
      calls.add(entities.stream().map(e -> e.getPersistentId().getId()).toList());
      return entities.stream()
          .map(
              e ->
                  new ResourceLoadResult(
                      e.getPersistentId(),
                      new Observation().setId("Observation/o" + e.getPersistentId().getId()),
                      false))
          .toList();
    }
  }

  private final Loads hapi = new Loads();
  private final CheckedResources loader = new CheckedResources(hapi);

  private static ResourceHistoryTable row(long pid, long version) {
    ResourceHistoryTable row = new ResourceHistoryTable();
    row.setResourceId(pid);
    row.setVersion(version);
    return row;
  }

  private List<BatchResourceLoader.ResourceLoadResult> checked(ResourceHistoryTable... rows) {
    List<BatchResourceLoader.ResourceLoadResult> loaded = new ArrayList<>();
    CheckedResources.whileChecking(() -> loaded.addAll(loader.loadResources(List.of(rows), false)));
    return loaded;
  }

  @Test
  void thePageTakesWhatTheCheckLoadedAndLoadsOnlyTheRest() {
    List<BatchResourceLoader.ResourceLoadResult> check = checked(row(1, 1), row(2, 1));

    List<BatchResourceLoader.ResourceLoadResult> page =
        loader.loadResources(List.of(row(1, 1), row(2, 1), row(3, 1)), false);

    assertThat(hapi.calls).containsExactly(List.of(1L, 2L), List.of(3L));
    assertThat(page).hasSize(3);
    // The very instances the check loaded, for the rows it loaded.
    assertThat(
            page.stream().filter(r -> r.pid().getId() == 1L).findFirst().orElseThrow().resource())
        .isSameAs(check.get(0).resource());
    assertThat(
            page.stream().filter(r -> r.pid().getId() == 2L).findFirst().orElseThrow().resource())
        .isSameAs(check.get(1).resource());
  }

  @Test
  void anInstanceIsHandedOnOnceAndOnlyForTheSameVersion() {
    checked(row(1, 1), row(2, 1));

    loader.loadResources(List.of(row(1, 1)), false);
    loader.loadResources(List.of(row(1, 1)), false); // taken already: loaded again
    loader.loadResources(List.of(row(2, 2)), false); // another version: loaded

    assertThat(hapi.calls).containsExactly(List.of(1L, 2L), List.of(1L), List.of(2L));
  }

  @Test
  void historyLoadsAndChecksNeverTake() {
    checked(row(1, 1));

    loader.loadResources(List.of(row(1, 1)), true);
    checked(row(1, 1));

    assertThat(hapi.calls).containsExactly(List.of(1L), List.of(1L), List.of(1L));
  }

  @Test
  void theCheckingFlagEndsWithTheCheck() {
    checked(row(1, 1));
    loader.loadResources(List.of(row(1, 1)), false); // takes
    loader.loadResources(List.of(row(1, 1)), false); // an ordinary load: kept for nobody
    loader.loadResources(List.of(row(1, 1)), false);

    assertThat(hapi.calls).containsExactly(List.of(1L), List.of(1L), List.of(1L));
  }
}
