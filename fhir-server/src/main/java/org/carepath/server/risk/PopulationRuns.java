package org.carepath.server.risk;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.carepath.coordination.risk.TopCohortPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Population stratification as durable, chunked work: a run is recorded and its planning scheduled
 * in one transaction; planning lists the patients in scope and schedules one piece of work per
 * chunk; each chunk's results and its "done" mark commit together. Any replica may run any piece
 * (db-scheduler claims each once), a piece whose replica died is run again, and a restart resumes
 * where the stored marks say. Logs run ids and counts only.
 */
class PopulationRuns {

  static final TaskDescriptor<Void> PLAN = TaskDescriptor.of("stratify-plan");
  static final TaskDescriptor<Void> CHUNK = TaskDescriptor.of("stratify-chunk");

  private static final Logger log = LoggerFactory.getLogger(PopulationRuns.class);

  /** What a caller learns about a run. */
  record Progress(
      StratifyRuns.Run run,
      int patientsDone,
      Map<String, Integer> counts,
      Optional<TopCohortPolicy.Cohort> topCohort) {}

  private final StratifyRuns runs;
  private final RiskFactStore facts;
  private final PopulationStratifier stratifier;
  private final SchedulerClient scheduler;
  private final Runnable wakeUp;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final int chunkSize;
  private final TopCohortPolicy topCohort;

  PopulationRuns(
      StratifyRuns runs,
      RiskFactStore facts,
      PopulationStratifier stratifier,
      SchedulerClient scheduler,
      Runnable wakeUp,
      TransactionTemplate transactions,
      Clock clock,
      int chunkSize,
      TopCohortPolicy topCohort) {
    this.runs = runs;
    this.facts = facts;
    this.stratifier = stratifier;
    this.scheduler = scheduler;
    this.wakeUp = wakeUp;
    this.transactions = transactions;
    this.clock = clock;
    this.chunkSize = chunkSize;
    this.topCohort = topCohort;
  }

  /**
   * Starts a run over the patients registered with {@code practices} (all when empty), or only
   * those whose record changed since {@code since}; returns its id.
   *
   * @param scope "all" or the Organization reference the practices were found under
   */
  String start(
      String scope,
      String trigger,
      Optional<Set<String>> practices,
      Optional<StratifyRuns.Since> since) {
    String runId = UUID.randomUUID().toString();
    Instant now = clock.instant();
    transactions.executeWithoutResult(
        status -> {
          runs.create(runId, scope, trigger, since, now);
          practices.ifPresent(p -> runs.restrictTo(runId, p));
          scheduler.scheduleIfNotExists(PLAN.instance(runId).scheduledTo(now));
        });
    log.info("Population stratification run {} requested ({}, {})", runId, scope, trigger);
    wakeUp.run();
    return runId;
  }

  /**
   * The nightly run: every patient whose record changed since the last whole-population run listed
   * its patients (exactly: by a transaction that had not finished then), or everyone if there has
   * been none.
   */
  String startIncremental() {
    return start(StratifyRuns.ALL, "nightly", Optional.empty(), runs.lastWholePopulationListing());
  }

  /**
   * Lists the run's patients into chunks and schedules them (again, after a failure: idempotent).
   */
  void plan(String runId) {
    StratifyRuns.Run run =
        runs.find(runId).orElseThrow(() -> new IllegalStateException("no run " + runId));
    if ("planning".equals(run.status())) {
      Instant listedAt = clock.instant();
      long listedXmin = facts.openTransactionsXmin();
      List<String> patients = facts.patientIds(runs.practices(runId), run.sinceXmin());
      List<List<String>> chunks = new ArrayList<>();
      for (int from = 0; from < patients.size(); from += chunkSize) {
        chunks.add(patients.subList(from, Math.min(patients.size(), from + chunkSize)));
      }
      transactions.executeWithoutResult(
          status -> {
            runs.plan(runId, chunks, listedAt, listedXmin);
            scheduleOpenChunks(runId, listedAt);
          });
      log.info(
          "Population stratification run {}: {} patients in {} chunks",
          runId,
          patients.size(),
          chunks.size());
      wakeUp.run();
    } else if ("running".equals(run.status())) {
      scheduleOpenChunks(runId, clock.instant());
    }
  }

  private void scheduleOpenChunks(String runId, Instant when) {
    for (int chunkNo : runs.openChunks(runId)) {
      scheduler.scheduleIfNotExists(CHUNK.instance(runId + ":" + chunkNo).scheduledTo(when));
    }
  }

  /** Scores one chunk; its results and its done mark commit together, so a retry is harmless. */
  void runChunk(String instanceId) {
    int separator = instanceId.lastIndexOf(':');
    String runId = instanceId.substring(0, separator);
    int chunkNo = Integer.parseInt(instanceId.substring(separator + 1));
    transactions.executeWithoutResult(
        status -> {
          StratifyRuns.Chunk chunk =
              runs.chunk(runId, chunkNo)
                  .orElseThrow(() -> new IllegalStateException("no chunk " + instanceId));
          if (chunk.done()) {
            return;
          }
          Map<String, Integer> counts = stratifier.stratify(runId, chunk.patientIds());
          runs.finish(runId, chunkNo, counts, clock.instant());
        });
    runs.find(runId)
        .filter(StratifyRuns.Run::isComplete)
        .ifPresent(
            run ->
                log.info(
                    "Population stratification run {} complete: {} patients", runId, run.total()));
  }

  Optional<Progress> progress(String runId) {
    return runs.find(runId)
        .map(
            run -> {
              Map<String, Integer> counts = runs.counts(runId);
              Map<Double, Integer> byScore = new java.util.HashMap<>();
              counts.forEach(
                  (key, people) -> {
                    if (key.startsWith(PopulationStratifier.SCORE_COUNT_PREFIX)) {
                      byScore.put(
                          Double.parseDouble(
                              key.substring(PopulationStratifier.SCORE_COUNT_PREFIX.length())),
                          people);
                    }
                  });
              return new Progress(run, runs.patientsDone(runId), counts, topCohort.cohort(byScore));
            });
  }
}
