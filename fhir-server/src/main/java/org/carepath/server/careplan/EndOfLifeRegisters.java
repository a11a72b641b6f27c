package org.carepath.server.careplan;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.carepath.coordination.careplan.EndOfLifeRegisterPolicy;
import org.carepath.coordination.careplan.EndOfLifeRegisterPolicy.Change;
import org.carepath.coordination.careplan.EndOfLifeRegisterPolicy.Member;
import org.carepath.coordination.careplan.fhir.EndOfLifeRegisterResources;
import org.carepath.coordination.careplan.fhir.SharedCarePlanResources;
import org.carepath.server.conformance.ServerAuthoredWrites;
import org.carepath.server.fhir.Lookups;
import org.carepath.server.fhir.Searches;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Group;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The practices' end-of-life registers (Groups), changed in the transaction of the enrolment that
 * changes them: the changes a transaction makes are gathered and applied just before it commits,
 * one register at a time under a transaction-scoped lock on that register, so that two enrolments
 * committing at once at one practice both land (the second reads the first's version).
 */
class EndOfLifeRegisters {

  private final DaoRegistry daos;
  private final JdbcTemplate jdbc;
  private final EntityManager entityManager;
  private final EndOfLifeRegisterPolicy policy;

  EndOfLifeRegisters(
      DaoRegistry daos,
      JdbcTemplate jdbc,
      EntityManager entityManager,
      EndOfLifeRegisterPolicy policy) {
    this.daos = daos;
    this.jdbc = jdbc;
    this.entityManager = entityManager;
    this.policy = policy;
  }

  /** Records {@code change} to the register of {@code practiceId}, applied before commit. */
  void change(String practiceId, Change change) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      apply(Map.of(practiceId, List.of(change)));
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, List<Change>> pending =
        (Map<String, List<Change>>) TransactionSynchronizationManager.getResource(this);
    if (pending == null) {
      Map<String, List<Change>> gathered = new TreeMap<>();
      TransactionSynchronizationManager.bindResource(this, gathered);
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
              apply(gathered);
            }

            @Override
            public void afterCompletion(int status) {
              TransactionSynchronizationManager.unbindResourceIfPossible(EndOfLifeRegisters.this);
            }
          });
      pending = gathered;
    }
    pending.computeIfAbsent(practiceId, p -> new ArrayList<>()).add(change);
  }

  /**
   * Starts the register of {@code practiceId} if it has none (in the caller's transaction), with
   * the practice's people on the end-of-life pathway now (an upgrade from before registers, or a
   * new practice); answers whether it started one.
   */
  boolean seed(String practiceId, Instant now) {
    String id = EndOfLifeRegisterResources.groupId(practiceId);
    lock(id);
    if (Lookups.byId(daos, Group.class, id).isPresent()) {
      return false;
    }
    SearchParameterMap enrolled =
        SearchParameterMap.newSynchronous(
                "pathway", new UriParam(EndOfLifeRegisterResources.PATHWAY))
            .add("status", new TokenParam("active"))
            .add(
                "subject",
                new ReferenceParam(
                    "Patient", "general-practitioner", "Organization/" + practiceId));
    List<Member> members = List.of();
    for (IBaseResource found : Searches.all(daos.getResourceDao(CarePlan.class), enrolled)) {
      CarePlan enrolment = (CarePlan) found;
      Optional<String> patient = SharedCarePlanResources.patientOf(enrolment);
      if (patient.isPresent()
          && EndOfLifeRegisterResources.practiceOf(enrolment).equals(Optional.of(practiceId))) {
        members =
            policy.apply(
                members,
                policy.forEnrolment(
                    patient.get(),
                    "active",
                    Optional.empty(),
                    Optional.ofNullable(enrolment.getPeriod().getStart()).map(Date::toInstant),
                    Optional.empty(),
                    now));
      }
    }
    daos.getResourceDao(Group.class)
        .update(
            EndOfLifeRegisterResources.register(practiceId, members),
            ServerAuthoredWrites.request());
    return true;
  }

  /** Holds the register's lock until the transaction ends. */
  private void lock(String registerId) {
    jdbc.queryForList("select pg_advisory_xact_lock(hashtext(?))", "eol-register:" + registerId);
  }

  /** Applies the changes, register by register in id order (no two transactions deadlock). */
  private void apply(Map<String, List<Change>> changes) {
    // The enrolment's own rows first (as for provenance: one flush holding both can misorder).
    entityManager.flush();
    for (Map.Entry<String, List<Change>> practice : changes.entrySet()) {
      String id = EndOfLifeRegisterResources.groupId(practice.getKey());
      lock(id);
      Optional<Group> stored = Lookups.byId(daos, Group.class, id);
      List<Member> before = stored.map(EndOfLifeRegisterResources::members).orElse(List.of());
      List<Member> after = before;
      for (Change change : practice.getValue()) {
        after = policy.apply(after, change);
      }
      if (stored.isPresent() && after.equals(before)) {
        continue;
      }
      daos.getResourceDao(Group.class)
          .update(
              EndOfLifeRegisterResources.register(practice.getKey(), after),
              ServerAuthoredWrites.request());
    }
  }
}
