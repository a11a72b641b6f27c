-- Referral messages taken in by $process-message (NHS Booking and Referral Standard): one row per
-- message a sender sent, written in the referral's own transaction, so a message re-sent — after a
-- timeout, or twice at once — is recognised (the primary key makes the second wait for the first)
-- and nothing is stored twice. The sender's reply address is kept, as BaRS asks, for responses
-- and audit.
create table cp_referral_message (
  sender varchar(200) not null,
  message_id varchar(200) not null,
  received_at timestamp with time zone not null,
  correlation_id varchar(200),
  reply_to varchar(2000),
  event varchar(100) not null,
  referral_id varchar(100),
  primary key (sender, message_id)
);
