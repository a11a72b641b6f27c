-- What risk models read, projected from the FHIR record as it is written (same transaction).
-- Derived data: FHIR resources stay the source of truth; the projection is rebuilt from them.

-- One row per patient seen (by their Patient resource or a record about them).
create table cp_risk_patient (
  patient_id     text primary key,
  birth_date     text,                     -- the FHIR date as written (year, year-month or day)
  practice       text,                     -- registered GP practice reference, Organization/<id>
  deceased       boolean not null default false,
  record_changed timestamp with time zone not null,
  change_txid    bigint not null            -- txid_current() of the last change's transaction
);
create index cp_risk_patient_practice on cp_risk_patient (practice);
create index cp_risk_patient_change_txid on cp_risk_patient (change_txid);

-- What each record contributes: E coded evidence, M active medicine, Q dated measurement.
create table cp_risk_fact (
  source     text not null,               -- the record, e.g. Condition/123
  patient_id text not null,
  kind       char(1) not null,
  system     text,
  code       text,
  fact_date  date,
  value      double precision,
  unit       text
);
create index cp_risk_fact_patient on cp_risk_fact (patient_id);
create index cp_risk_fact_source on cp_risk_fact (source);

-- Each patient's current stored result per model, as the RiskAssessment last written holds it.
create table cp_risk_result (
  patient_id  text not null,
  model       text not null,
  band        text,
  fingerprint text not null,
  primary key (patient_id, model)
);

-- Population runs ($stratify at system or organisation level) and their chunks.
create table cp_stratify_run (
  run_id         text primary key,
  scope          text not null,            -- "all" or Organization/<id>
  practices      text[],                   -- the practices under that organisation (null: all)
  trigger        text not null,            -- requested | nightly
  changed_since  timestamp with time zone, -- incremental runs: records changed after this time,
  since_xmin     bigint,                   -- exactly: by transactions not finished at that listing
  status         text not null,            -- planning | running | completed
  requested_at   timestamp with time zone not null,
  listed_at      timestamp with time zone, -- when the patients were listed
  listed_xmin    bigint,                   -- the oldest transaction still open at that moment
  completed_at   timestamp with time zone,
  total          integer,
  chunks         integer
);

create table cp_stratify_chunk (
  run_id      text not null references cp_stratify_run (run_id),
  chunk_no    integer not null,
  patient_ids text[] not null,
  done        boolean not null default false,
  counts      text,                        -- JSON: counts by model and band
  primary key (run_id, chunk_no)
);
