-- The risk projection now also reads active MedicationRequests (what most GP and hospital systems
-- send for current medicines) and keeps each medicine's product code, so one medicine recorded as
-- a statement and a prescription counts once.
-- Which record types the projection has been filled with (RiskProjectionBackfill): a type added
-- by a later version is filled on its own at the next start-up — here the MedicationRequests —
-- rather than every record again (hours for a million patients).
create table cp_risk_projection_type (
  resource_type varchar(40) primary key,
  built_at timestamp with time zone not null
);
insert into cp_risk_projection_type (resource_type, built_at)
select t.resource_type, (select min(built_at) from cp_risk_projection_state)
from (values ('Patient'), ('Condition'), ('Observation'), ('MedicationStatement'))
  as t (resource_type)
where exists (select 1 from cp_risk_projection_state);
drop table cp_risk_projection_state;
