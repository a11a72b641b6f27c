package org.carepath.server.access;

import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.ResourceHistoryTable;
import ca.uhn.fhir.jpa.search.BatchResourceLoader;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's loader of stored resources, with the resources loaded to decide access handed to the page
 * that shows them. Access is decided before paging ({@link AccessConsentService}): HAPI loads each
 * found resource for the consent check, then loads it again to build the page — two reads of the
 * same rows and two parses of the same JSON per result. Here a version loaded for the check is kept
 * for a few seconds, keyed by its row and version, and the next ordinary load of that version takes
 * it (once: no instance is handed to two loads). A version's content never changes (tags changed in
 * place by {@code $meta-add} aside, which patients' records refuse), so the page shows what a
 * second load would have read. What the page shows is still decided for its own request: HAPI does
 * not ask again about an instance its request's check allowed, and asks as usual about any other.
 * Loads for history are never served from here; loads for the check never take.
 */
final class CheckedResources extends BatchResourceLoader {

  /** Long enough for a search's page to follow its check; unclaimed ones are dropped. */
  private static final Duration KEPT_FOR = Duration.ofSeconds(10);

  /** A bound on memory (a page of 50 with its includes, for 16 concurrent searches, is ~1,600). */
  private static final int AT_MOST = 5_000;

  private static final ThreadLocal<Boolean> CHECKING = ThreadLocal.withInitial(() -> false);

  private final BatchResourceLoader loader;
  private final Cache<String, IBaseResource> checked =
      Caffeine.newBuilder().maximumSize(AT_MOST).expireAfterWrite(KEPT_FOR).build();

  CheckedResources(BatchResourceLoader loader) {
    // HAPI's constructor only keeps its arguments; every load is the wrapped loader's.
    super(null, null, null, null, null, null, null);
    this.loader = loader;
  }

  /** Runs {@code check}, whose loads are kept for the page that follows. */
  static void whileChecking(Runnable check) {
    boolean outer = CHECKING.get();
    CHECKING.set(true);
    try {
      check.run();
    } finally {
      CHECKING.set(outer);
    }
  }

  @Override
  public List<ResourceLoadResult> loadResources(
      List<ResourceHistoryTable> entities, boolean forHistoryOperation) {
    if (CHECKING.get()) {
      List<ResourceLoadResult> loaded = loader.loadResources(entities, forHistoryOperation);
      if (!forHistoryOperation) {
        keep(entities, loaded);
      }
      return loaded;
    }
    if (forHistoryOperation || checked.estimatedSize() == 0) {
      return loader.loadResources(entities, forHistoryOperation);
    }
    List<ResourceLoadResult> results = new ArrayList<>(entities.size());
    List<ResourceHistoryTable> toLoad = new ArrayList<>();
    for (ResourceHistoryTable entity : entities) {
      IBaseResource taken = checked.asMap().remove(key(entity.getPersistentId(), entity));
      if (taken == null) {
        toLoad.add(entity);
      } else {
        results.add(new ResourceLoadResult(entity.getPersistentId(), taken, false));
      }
    }
    if (!toLoad.isEmpty()) {
      results.addAll(loader.loadResources(toLoad, false));
    }
    return results;
  }

  private void keep(List<ResourceHistoryTable> entities, List<ResourceLoadResult> loaded) {
    Map<JpaPid, ResourceHistoryTable> byPid = new HashMap<>();
    entities.forEach(entity -> byPid.put(entity.getPersistentId(), entity));
    for (ResourceLoadResult result : loaded) {
      ResourceHistoryTable entity = byPid.get(result.pid());
      if (!result.isDeleted() && result.resource() != null && entity != null) {
        checked.put(key(result.pid(), entity), result.resource());
      }
    }
  }

  /** The stored row and version (a version's content never changes). */
  private static String key(JpaPid pid, ResourceHistoryTable entity) {
    return pid.getPartitionId() + "/" + pid.getId() + "/" + entity.getVersion();
  }
}
