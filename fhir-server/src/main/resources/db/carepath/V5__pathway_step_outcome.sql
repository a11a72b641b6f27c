-- The outcome a participant recorded on a step (Task.output, CodeSystem step-outcome), which
-- outcome KPIs count (e.g. HOT clinic: discharged home the same day).
alter table cp_pathway_step add column outcome varchar(50);
create index cp_pathway_step_ended on cp_pathway_step (pathway, step_code, ended);
