-- The pathway step projection: one row per step Task, written in the Task's own transaction
-- (StepProjection), so worklists and KPIs are plain indexed queries.
create table cp_pathway_step (
  task_id varchar(64) primary key,
  care_plan_id varchar(64) not null,
  patient_id varchar(64) not null,
  pathway varchar(100) not null,
  step_code varchar(100) not null,
  status varchar(20) not null,
  owner varchar(200),
  performer_role varchar(50),
  due timestamp with time zone,
  ended timestamp with time zone,
  updated_at timestamp with time zone not null
);
create index cp_pathway_step_owner on cp_pathway_step (owner, status, due);
create index cp_pathway_step_patient on cp_pathway_step (patient_id);
create index cp_pathway_step_pathway on cp_pathway_step (pathway, step_code);
