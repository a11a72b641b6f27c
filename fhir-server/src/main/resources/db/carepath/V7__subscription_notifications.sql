-- Notifications for FHIR Subscriptions (rest-hook): one row per subscription and resource version,
-- written in the resource's own transaction (a transactional outbox), delivered in order per
-- subscription by db-scheduler and kept as the delivery log.
create table cp_notification (
  id bigserial primary key,
  subscription_id varchar(64) not null,
  resource_type varchar(40) not null,
  resource_id varchar(64) not null,
  resource_version varchar(20) not null,
  payload text not null,
  created_at timestamp with time zone not null,
  delivered_at timestamp with time zone,
  attempts integer not null default 0,
  next_attempt_at timestamp with time zone not null,
  last_error varchar(500),
  unique (subscription_id, resource_type, resource_id, resource_version)
);
create index cp_notification_pending on cp_notification (subscription_id, id)
  where delivered_at is null;
