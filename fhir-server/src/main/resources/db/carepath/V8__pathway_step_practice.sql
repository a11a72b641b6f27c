-- A PCN's worklist is the open steps of the patients registered with its practices. Joining every
-- open step to the risk projection's patients to find them read all of a PCN's open steps for
-- each call (110,000 at 100,000 enrolments). Each step now carries its patient's registered
-- practice, so a worklist reads only the steps it counts and lists (overdue, due soon, unclaimed)
-- straight from an index, by practice or by owner, pathway and due date.
alter table cp_pathway_step add column practice text;

update cp_pathway_step s set practice = p.practice
  from cp_risk_patient p where p.patient_id = s.patient_id;

create index cp_pathway_step_open_practice on cp_pathway_step (practice, pathway, due)
  include (owner, performer_role, task_id)
  where status in ('requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold');
create index cp_pathway_step_open_owner on cp_pathway_step (owner, pathway, due)
  include (practice, performer_role, task_id)
  where status in ('requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold');
create index cp_pathway_step_open_unclaimed on cp_pathway_step (practice, pathway)
  include (due, performer_role, task_id)
  where owner is null
    and status in ('requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold');
-- Replaced by the two above.
drop index cp_pathway_step_open_due;

-- A step is written with its patient's practice (StepProjection); when the patient's registration
-- changes (the risk projection writes cp_risk_patient in the Patient's own transaction), their
-- steps follow in that transaction, so a patient who moves practice moves worklist.
create function cp_pathway_step_follow_practice() returns trigger language plpgsql as $$
begin
  update cp_pathway_step set practice = new.practice
    where patient_id = new.patient_id and practice is distinct from new.practice;
  return null;
end;
$$;

create trigger cp_risk_patient_practice_set
  after insert on cp_risk_patient
  for each row when (new.practice is not null)
  execute function cp_pathway_step_follow_practice();
create trigger cp_risk_patient_practice_changed
  after update of practice on cp_risk_patient
  for each row when (old.practice is distinct from new.practice)
  execute function cp_pathway_step_follow_practice();
