-- The jti of every EHR token a CDS Service accepted, until the token expires: a token presented a
-- second time (a replay, to this replica or another) is refused. Rows past their expiry are
-- deleted as new ones arrive.
create table cp_cds_token (
  issuer varchar(500) not null,
  jti varchar(200) not null,
  expires_at timestamp with time zone not null,
  primary key (issuer, jti)
);
create index cp_cds_token_expires on cp_cds_token (expires_at);
