package org.carepath.server.careplan;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.carepath.coordination.careplan.EndOfLifeRecordPolicy;
import org.carepath.coordination.careplan.fhir.EndOfLifeEntries;
import org.carepath.server.fhir.StoredVersionInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Every end-of-life record entry, whoever writes it, must be one a crisis service can act on
 * ({@link EndOfLifeRecordPolicy}): otherwise 422 with the reason and nothing is stored. Only
 * translates.
 */
class EndOfLifeRecordInterceptor extends StoredVersionInterceptor {

  private final EndOfLifeRecordPolicy policy;

  EndOfLifeRecordInterceptor(EndOfLifeRecordPolicy policy) {
    this.policy = policy;
  }

  @Override
  protected void stored(IBaseResource previous, IBaseResource resource) {
    EndOfLifeEntries.of(resource)
        .map(policy::check)
        .filter(EndOfLifeRecordPolicy.Decision.Rejected.class::isInstance)
        .map(EndOfLifeRecordPolicy.Decision.Rejected.class::cast)
        .ifPresent(
            rejected -> {
              throw new UnprocessableEntityException(rejected.reason());
            });
  }
}
