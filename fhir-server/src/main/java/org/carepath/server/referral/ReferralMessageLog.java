package org.carepath.server.referral;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.carepath.coordination.referral.fhir.ReferralMessages;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The referral messages taken in ({@code cp_referral_message}), one row per sender and message id,
 * written in the referral's own transaction: the primary key makes a message sent twice at once
 * wait for the first and then find it processed.
 */
class ReferralMessageLog {

  private final JdbcTemplate jdbc;
  private final Clock clock;

  ReferralMessageLog(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A referral's message that named where its sender takes responses. */
  record Conversation(String sender, String messageId, String replyTo, String answeredFrom) {}

  /**
   * Records the message; {@code false} if this sender's message was already processed.
   *
   * @param answeredFrom this service's {@code $process-message} address the message was sent to
   */
  boolean record(
      String sender,
      ReferralMessages.Message message,
      Optional<String> correlationId,
      String answeredFrom) {
    return jdbc.update(
            "insert into cp_referral_message (sender, message_id, received_at, correlation_id,"
                + " reply_to, event, answered_from) values (?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (sender, message_id) do nothing",
            sender,
            message.id(),
            Timestamp.from(clock.instant()),
            correlationId.orElse(null),
            message.replyTo().orElse(null),
            message.facts().event(),
            answeredFrom)
        == 1;
  }

  /** The referral's latest message that named a reply address, if any. */
  Optional<Conversation> conversation(String referralId) {
    return jdbc
        .query(
            "select sender, message_id, reply_to, answered_from from cp_referral_message"
                + " where referral_id = ? and reply_to is not null and answered_from is not null"
                + " order by received_at desc limit 1",
            (rs, row) ->
                new Conversation(
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
            referralId)
        .stream()
        .findFirst();
  }

  void referral(String sender, String messageId, String referralId) {
    jdbc.update(
        "update cp_referral_message set referral_id = ? where sender = ? and message_id = ?",
        referralId,
        sender,
        messageId);
  }

  Optional<String> referralOf(String sender, String messageId) {
    List<String> found =
        jdbc.queryForList(
            "select referral_id from cp_referral_message where sender = ? and message_id = ?",
            String.class,
            sender,
            messageId);
    return found.stream().filter(id -> id != null).findFirst();
  }
}
