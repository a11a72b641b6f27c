package org.carepath.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A storage interceptor that reacts to every version of a resource the server stores, created or
 * updated, whoever writes it and however (plain write, transaction Bundle, the server's own jobs):
 * {@link #stored} runs in the write's transaction, before commit, after a Bundle's references are
 * resolved. Subclasses have one concern each.
 */
public abstract class StoredVersionInterceptor {

  /** Registers {@code interceptor} with the storage layer and returns it (for a {@code @Bean}). */
  public static <T> T onStorage(IInterceptorService storageInterceptors, T interceptor) {
    storageInterceptors.registerInterceptor(interceptor);
    return interceptor;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    stored(null, resource);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    stored(previous, resource);
  }

  /**
   * @param previous the version {@code resource} replaces; null when it is new
   */
  protected abstract void stored(IBaseResource previous, IBaseResource resource);

  /**
   * Runs {@code action} once the write's transaction has committed (at once outside one): for work
   * that must not join the write, such as scheduling its delivery.
   */
  protected static void afterCommit(Runnable action) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              action.run();
            }
          });
    } else {
      action.run();
    }
  }
}
