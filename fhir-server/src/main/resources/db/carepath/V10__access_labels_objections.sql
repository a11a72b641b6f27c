-- A patient's recorded objection to sharing their record for direct care (docs/security.md): an
-- active Consent with a deny provision, kept by the storage layer in the Consent's own transaction.
-- An objection stands while until_at is null or in the future.
create table cp_access_objection (
  source text primary key,     -- the Consent that records it: Consent/12
  patient_id text not null,
  until_at timestamptz
);
create index cp_access_objection_patient on cp_access_objection (patient_id) include (until_at);

-- Objections are projected from Consents already stored: fill the access tables again at the next
-- start-up (projecting a record twice gives the same rows).
delete from cp_access_state;

-- A notification whose subscriber may no longer see its resource at delivery time is withheld,
-- not sent.
alter table cp_notification add column withheld_at timestamptz;
