-- Per-client rate-limit token buckets shared by every replica (Bucket4j's PostgreSQL store):
-- client is the token client and subject with the limit; state is Bucket4j's serialised bucket;
-- expires_at (epoch ms) is when the bucket has been full for a minute and can be removed.
create table cp_rate_limit_bucket (
  client varchar(700) primary key,
  state bytea,
  expires_at bigint
);
create index cp_rate_limit_bucket_expires on cp_rate_limit_bucket (expires_at);
