-- Legitimate relationships between organisations and patients (docs/security.md), written by the
-- storage layer in the same transaction as the record that makes them (a Patient's registration, a
-- CareTeam, a referral or step Task, an EpisodeOfCare), never from anything a client can set.
-- A relationship is live while ends_at is null or in the future.
create table cp_access_relationship (
  source text not null,        -- the record that makes it: Patient/1, CareTeam/ct-1, Task/9
  patient_id text not null,
  organisation text not null,  -- Organization/<id>
  kind text not null,          -- registered | care-team | referral-or-step | episode-of-care
  ends_at timestamptz,
  primary key (source, patient_id, organisation, kind)
);
create index cp_access_relationship_patient
  on cp_access_relationship (patient_id, organisation) include (kind, ends_at, source);

-- Filled from the records stored before relationships were kept (once, at start-up).
create table cp_access_state (built_at timestamptz not null);

-- Emergency (break-glass) access a user asserted for one patient, with their reason; time-boxed.
create table cp_emergency_access (
  id bigserial primary key,
  patient_id text not null,
  subject text not null,       -- the token's subject
  organisation text,           -- the ODS code of the organisation the user acted for
  reason_code text not null,
  reason_text text not null,
  started_at timestamptz not null,
  ends_at timestamptz not null,
  end_audited boolean not null default false  -- its end has been written as an AuditEvent
);
create index cp_emergency_access_ended on cp_emergency_access (ends_at) where not end_audited;
create index cp_emergency_access_live on cp_emergency_access (subject, patient_id, ends_at);
