-- Worklists list open steps by pathway in due-date order: an index of open steps only, in that
-- order, lets each list stop after its first rows instead of sorting every open step in scope
-- (110,000 open steps for one PCN at 100,000 enrolments).
create index cp_pathway_step_open_due on cp_pathway_step (pathway, due)
  where status in ('requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold');
create index cp_pathway_step_open_patient on cp_pathway_step (patient_id, pathway)
  where status in ('requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold');
