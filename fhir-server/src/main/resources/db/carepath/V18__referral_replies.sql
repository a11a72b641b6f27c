-- Asynchronous responses to referral messages (NHS Booking and Referral Standard): when the
-- service accepts, rejects, starts or completes a referral that arrived as a message, a response
-- message is sent to the sender's reply address. One row per referral Task version and message,
-- written in the change's own transaction (a transactional outbox: a change that commits is never
-- lost, one that rolls back is never sent), delivered in order per referral by db-scheduler and kept
-- as the delivery log.
alter table cp_referral_message add column answered_from varchar(2000);
create index cp_referral_message_referral on cp_referral_message (referral_id)
  where referral_id is not null;

create table cp_referral_reply (
  id bigserial primary key,
  referral_id varchar(100) not null,
  sender varchar(200) not null,
  message_id varchar(200) not null,
  reply_to varchar(2000) not null,
  task_id varchar(64) not null,
  task_version varchar(20) not null,
  task_status varchar(40) not null,
  payload text not null,
  created_at timestamp with time zone not null,
  delivered_at timestamp with time zone,
  attempts integer not null default 0,
  next_attempt_at timestamp with time zone not null,
  last_error varchar(500),
  withheld_at timestamp with time zone,
  unique (sender, message_id, task_id, task_version)
);
create index cp_referral_reply_pending on cp_referral_reply (referral_id, id)
  where delivered_at is null;
