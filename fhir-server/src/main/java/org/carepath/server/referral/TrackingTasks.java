package org.carepath.server.referral;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The referrals of one database transaction that still need a tracking Task. A sender may put its
 * own Task in the same transaction Bundle, in any order: the referral is noted when it is created,
 * the sender's Task marks it tracked, and just before commit Carepath creates a Task for each
 * referral nobody tracked. Without a transaction (never in the server) it acts at once.
 */
final class TrackingTasks {

  /** Carepath's tracking Task of {@code ServiceRequest/<id>} is {@code Task/referral-<id>}. */
  static final String ID_PREFIX = "referral-";

  private static final Object KEY = TrackingTasks.class;

  private final Map<String, Runnable> untracked = new LinkedHashMap<>();
  private final Set<String> tracked = new HashSet<>();

  private TrackingTasks() {}

  /** The id of Carepath's tracking Task for referral {@code ServiceRequest/<referralId>}. */
  static String idFor(String referralId) {
    return ID_PREFIX + referralId;
  }

  /** Whether a Task id is one kept for Carepath's tracking Tasks. */
  static boolean isCarepathsId(String taskId) {
    return taskId != null && taskId.startsWith(ID_PREFIX);
  }

  /** A referral was created; {@code create} makes its tracking Task if none is sent with it. */
  static void referralCreated(
      String reference, ServiceRequest referral, Consumer<ServiceRequest> create) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      create.accept(referral);
      return;
    }
    TrackingTasks pending = (TrackingTasks) TransactionSynchronizationManager.getResource(KEY);
    if (pending == null) {
      TrackingTasks fresh = new TrackingTasks();
      TransactionSynchronizationManager.bindResource(KEY, fresh);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
              fresh.untracked.forEach(
                  (ref, createTask) -> {
                    if (!fresh.tracked.contains(ref)) {
                      createTask.run();
                    }
                  });
            }

            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
            }
          });
      pending = fresh;
    }
    pending.untracked.put(reference, () -> create.accept(referral));
  }

  /** The sender's own Task tracks the referral: Carepath makes none. */
  static void trackedBySender(String reference) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TrackingTasks pending = (TrackingTasks) TransactionSynchronizationManager.getResource(KEY);
      if (pending != null) {
        pending.tracked.add(reference);
      }
    }
  }
}
