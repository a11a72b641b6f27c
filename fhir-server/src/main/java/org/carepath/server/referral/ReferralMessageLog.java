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

  /** Records the message; {@code false} if this sender's message was already processed. */
  boolean record(String sender, ReferralMessages.Message message, Optional<String> correlationId) {
    return jdbc.update(
            "insert into cp_referral_message"
                + " (sender, message_id, received_at, correlation_id, reply_to, event)"
                + " values (?, ?, ?, ?, ?, ?) on conflict (sender, message_id) do nothing",
            sender,
            message.id(),
            Timestamp.from(clock.instant()),
            correlationId.orElse(null),
            message.replyTo().orElse(null),
            message.facts().event())
        == 1;
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
