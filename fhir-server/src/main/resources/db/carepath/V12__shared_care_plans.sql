-- Each person's active shared care plan (docs/pathways.md "The shared care plan"): at most one per
-- patient, kept by the storage layer in the plan's own transaction. A second plan's insert waits
-- for the first to commit and then finds it, so concurrent starts give one plan.
create table cp_shared_care_plan (
  patient_id text primary key,
  care_plan_id text not null unique,
  started_at timestamptz not null default now()
);
