-- AuditEvents (IHE BALP), append-only: one row each, written by the server's audit writer and
-- never updated or deleted (docs/security.md, ADR 0010). The body is the AuditEvent as JSON; the
-- columns beside it are what the AuditEvent search parameters and the access report look up.
-- Stored apart from HAPI's resource tables, where each event cost a resource, a version and a
-- dozen index rows (docs/benchmarks.md runs 102-103).
create table cp_audit_event (
  id bigserial primary key,
  recorded timestamptz not null,
  patient_ids text[] not null,   -- the patients it names (BALP: one per event; none for others)
  agents text[] not null,        -- agent.who references: Practitioner/1, Organization/demo-practice-1
  entities text[] not null,      -- entity.what references
  type text,                     -- system|code
  subtypes text[] not null,      -- system|code each
  action text,
  outcome text,
  stored_at timestamptz not null default now(),
  body text not null
);
create index cp_audit_event_patient on cp_audit_event using gin (patient_ids);
create index cp_audit_event_recorded on cp_audit_event (recorded, id);

-- AuditEvents HAPI stored before this table existed are copied into it once, at start-up, in
-- batches: copied_through is the last of HAPI's resource ids copied (a restart resumes after it).
create table cp_audit_state (
  copied_through bigint not null default 0,
  done_at timestamptz
);
insert into cp_audit_state default values;
