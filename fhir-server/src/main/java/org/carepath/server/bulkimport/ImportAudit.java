package org.carepath.server.bulkimport;

import ca.uhn.fhir.jpa.util.TransactionSemanticsHeader;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carepath.coordination.access.fhir.RecordPatients;
import org.carepath.server.audit.AuditTrail;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.MDC;

/**
 * What a bulk import leaves in the audit trail: the accepted request (who, the files, the job) and
 * each patient whose record one of the job's batches wrote, once per patient and batch (recorded
 * after the batch commits), each naming the job so the two are tied exactly. The job writes as the
 * server, batch by batch, with HAPI's transaction-semantics header — that is how its writes are
 * told apart from other server writes.
 */
class ImportAudit {

  private static final String AUDITED = ImportAudit.class.getName() + ".audited";

  /** The job in the poll-status URL HAPI answers an accepted {@code $import} with. */
  private static final Pattern JOB_ID = Pattern.compile("[?&]_jobId=([^&#]+)");

  /**
   * Where HAPI's batch framework names the job whose work chunk the current thread runs (its
   * logging context): how a batch's writes are tied to the job, and so to its request.
   */
  private static final String JOB_INSTANCE = "instanceId";

  private final AuditTrail audit;
  private final RecordPatients recordPatients;

  ImportAudit(AuditTrail audit, RecordPatients recordPatients) {
    this.audit = audit;
    this.recordPatients = recordPatients;
  }

  /** The files are recorded without their query (a signed URL's signature is not for the log). */
  void accepted(RequestDetails request, List<String> files, String pollStatus) {
    Matcher job = JOB_ID.matcher(pollStatus == null ? "" : pollStatus);
    audit.importRequested(
        request,
        files.stream().map(file -> file.replaceFirst("[?#].*$", "")).toList(),
        pollStatus,
        job.find() ? Optional.of(job.group(1)) : Optional.empty());
  }

  /** A resource stored: audited for its patients when the import's job wrote it. */
  void stored(IBaseResource resource, RequestDetails request, TransactionDetails batch) {
    if (!(request instanceof SystemRequestDetails)
        || request.getHeader(TransactionSemanticsHeader.HEADER_NAME) == null
        || batch == null) {
      return;
    }
    Set<String> audited = batch.getOrCreateUserData(AUDITED, HashSet::new);
    for (String patient : recordPatients.of(resource)) {
      if (audited.add(patient)) {
        audit.imported(patient, Optional.ofNullable(MDC.get(JOB_INSTANCE)));
      }
    }
  }
}
