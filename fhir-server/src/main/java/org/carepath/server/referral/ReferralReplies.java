package org.carepath.server.referral;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceException;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.shaded.jdbc.SQLRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carepath.coordination.referral.fhir.ReferralMessages;
import org.carepath.server.scheduling.Retries;
import org.carepath.server.security.OutboundHosts;
import org.carepath.server.subscription.DeliveryCheck;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Response messages sent to the sender of a referral message when the service changes the
 * referral's state (BaRS reverses the roles: Carepath sends a {@code servicerequest-response}
 * message to the sender's {@code $process-message} at its {@code MessageHeader.source.endpoint}).
 * Recorded in the change's transaction ({@code cp_referral_reply}), delivered oldest first per
 * referral, so the sender sees accepted before completed; a delivery that fails (the endpoint is
 * down, slow, or answers other than 2xx) is tried again with a doubling wait, surviving restarts,
 * and one replica delivers a referral's replies at a time. At delivery the sender's organisation
 * must still be allowed to see the Task (else the reply is withheld); each reply sent or withheld
 * is audited. Logs referral ids and HTTP statuses only.
 */
class ReferralReplies {

  static final TaskDescriptor<Void> DELIVER = TaskDescriptor.of("referral-reply");
  private static final Logger log = LoggerFactory.getLogger(ReferralReplies.class);

  /** The Task statuses a sender is told of: the service's answers and the referral's end. */
  private static final Set<Task.TaskStatus> TOLD =
      Set.of(
          Task.TaskStatus.ACCEPTED,
          Task.TaskStatus.REJECTED,
          Task.TaskStatus.INPROGRESS,
          Task.TaskStatus.COMPLETED,
          Task.TaskStatus.FAILED);

  private record Pending(
      long id,
      String messageId,
      String replyTo,
      String answeredFrom,
      Optional<String> correlationId,
      String payload,
      int attempts) {}

  private final ReferralMessageLog messages;
  private final ReferralMessages responses;
  private final DaoRegistry daos;
  private final JdbcTemplate jdbc;
  private final SchedulerClient scheduler;
  private final DeliveryCheck check;
  private final FhirContext fhirContext;
  private final ReferralProperties.Replies properties;
  private final Clock clock;
  private final HttpClient http;

  ReferralReplies(
      ReferralMessageLog messages,
      ReferralMessages responses,
      DaoRegistry daos,
      JdbcTemplate jdbc,
      SchedulerClient scheduler,
      DeliveryCheck check,
      FhirContext fhirContext,
      ReferralProperties.Replies properties,
      Clock clock) {
    this.messages = messages;
    this.responses = responses;
    this.daos = daos;
    this.jdbc = jdbc;
    this.scheduler = scheduler;
    this.check = check;
    this.fhirContext = fhirContext;
    this.properties = properties;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
  }

  /** Whether the change from {@code before} to {@code after} is one the sender is told of. */
  static boolean isTold(Task before, Task after) {
    return before.getStatus() != after.getStatus() && TOLD.contains(after.getStatus());
  }

  /**
   * Records a reply to the referral's message for this Task version, in the caller's transaction;
   * answers the referral id when one was recorded (the referral came by a message whose sender
   * takes responses at an allowed address).
   */
  Optional<String> record(Task task) {
    String referralId = task.getFocus().getReferenceElement().getIdPart();
    if (referralId == null) {
      return Optional.empty();
    }
    Optional<ReferralMessageLog.Conversation> conversation = messages.conversation(referralId);
    if (conversation.isEmpty() || !properties.allow(conversation.get().replyTo())) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    String version = task.getIdElement().getVersionIdPart();
    jdbc.update(
        "insert into cp_referral_reply (referral_id, sender, message_id, reply_to, task_id,"
            + " task_version, task_status, payload, created_at, next_attempt_at)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing",
        referralId,
        conversation.get().sender(),
        conversation.get().messageId(),
        conversation.get().replyTo(),
        task.getIdElement().getIdPart(),
        version != null ? version : task.getMeta().getVersionId(),
        task.getStatus().toCode(),
        fhirContext.newJsonParser().encodeResourceToString(task),
        Timestamp.from(now),
        Timestamp.from(now));
    return Optional.of(referralId);
  }

  /**
   * Makes sure the referral's deliveries run (no-op when already scheduled). Called outside
   * transactions; a scheduling lost to a race is picked up by the sweep.
   */
  void schedule(String referralId) {
    try {
      scheduler.scheduleIfNotExists(DELIVER.instance(referralId).scheduledTo(clock.instant()));
    } catch (TaskInstanceException | SQLRuntimeException raced) {
      log.debug(
          "Scheduling the replies of referral {} raced; the sweep schedules them", referralId);
    }
  }

  /** Delivers the referral's pending replies; answers when to try again if one failed. */
  Optional<Instant> deliver(String referralId) {
    while (true) {
      List<Pending> next =
          jdbc.query(
              "select r.id, r.message_id, r.reply_to, m.answered_from, m.correlation_id,"
                  + " r.payload, r.attempts"
                  + " from cp_referral_reply r join cp_referral_message m"
                  + " on m.sender = r.sender and m.message_id = r.message_id"
                  + " where r.referral_id = ? and r.delivered_at is null and r.withheld_at is null"
                  + " order by r.id limit 1",
              (rs, row) ->
                  new Pending(
                      rs.getLong(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      Optional.ofNullable(rs.getString(5)),
                      rs.getString(6),
                      rs.getInt(7)),
              referralId);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      Pending pending = next.get(0);
      Task task = fhirContext.newJsonParser().parseResource(Task.class, pending.payload());
      String channel = "ServiceRequest/" + referralId;
      Set<String> sender = Set.of(task.getRequester().getReference());
      Optional<String> withheld = check.whyWithheld(sender, task);
      Optional<ServiceRequest> referral = referral(referralId);
      if (referral.isEmpty()) {
        withheld = Optional.of("the referral is no longer held");
      }
      if (withheld.isPresent()) {
        check.withheld(channel, sender, task, withheld.get());
        jdbc.update(
            "update cp_referral_reply set withheld_at = ?, last_error = ? where id = ?",
            Timestamp.from(clock.instant()),
            "withheld: " + withheld.get(),
            pending.id());
        log.info("Referral {}: a response message was withheld at delivery", referralId);
        continue;
      }
      Bundle message =
          responses.response(
              pending.messageId(),
              Optional.of(pending.replyTo()),
              pending.answeredFrom(),
              referral.get(),
              List.of(task));
      Optional<String> failure =
          send(
              pending.replyTo(),
              pending.correlationId().orElse(message.getIdElement().getIdPart()),
              message);
      Instant now = clock.instant();
      if (failure.isEmpty()) {
        jdbc.update(
            "update cp_referral_reply set delivered_at = ?, attempts = attempts + 1,"
                + " last_error = null where id = ?",
            Timestamp.from(now),
            pending.id());
        check.sent(channel, sender, task);
        continue;
      }
      Instant retry =
          now.plus(
              Retries.doubling(
                  properties.firstRetryAfter(),
                  properties.maxRetryAfter(),
                  pending.attempts() + 1));
      jdbc.update(
          "update cp_referral_reply set attempts = attempts + 1, last_error = ?,"
              + " next_attempt_at = ? where id = ?",
          failure.get(),
          Timestamp.from(retry),
          pending.id());
      log.warn(
          "Referral {}: response message not delivered ({}), attempt {}; next try at {}",
          referralId,
          failure.get(),
          pending.attempts() + 1,
          retry);
      return Optional.of(retry);
    }
  }

  /** Referrals with replies waiting whose delivery is not scheduled (a safety net). */
  void sweep() {
    jdbc.queryForList(
            "select distinct referral_id from cp_referral_reply"
                + " where delivered_at is null and withheld_at is null and next_attempt_at <= ?",
            String.class,
            Timestamp.from(clock.instant()))
        .forEach(this::schedule);
  }

  private Optional<ServiceRequest> referral(String id) {
    try {
      return Optional.of(
          (ServiceRequest)
              daos.getResourceDao(ServiceRequest.class)
                  .read(new IdType("ServiceRequest", id), new SystemRequestDetails()));
    } catch (ResourceNotFoundException | ResourceGoneException gone) {
      return Optional.empty();
    }
  }

  /**
   * Posts the message to the sender's {@code $process-message}, with the conversation's {@code
   * X-Correlation-ID} (the one the sender sent, else the response's own id).
   */
  private Optional<String> send(String replyTo, String correlationId, Bundle message) {
    if (!properties.allow(replyTo)) {
      // Recorded before the host was disallowed: nothing leaves; it waits.
      return Optional.of("the reply address's host is not in carepath.referral.replies.hosts");
    }
    String endpoint =
        replyTo.endsWith("$process-message")
            ? replyTo
            : (replyTo.endsWith("/") ? replyTo : replyTo + "/") + "$process-message";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint))
            .timeout(properties.timeout())
            .header("Content-Type", "application/fhir+json")
            .header("X-Correlation-ID", correlationId)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    fhirContext.newJsonParser().encodeResourceToString(message)))
            .build();
    return OutboundHosts.failureOf(http, request, "the sender's endpoint");
  }
}
