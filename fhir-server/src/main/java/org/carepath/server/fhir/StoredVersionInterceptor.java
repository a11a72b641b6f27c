package org.carepath.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;

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
}
