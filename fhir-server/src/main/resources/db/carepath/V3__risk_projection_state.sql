-- Whether the risk projection holds every record: written once the projection has been filled
-- from the FHIR data that existed before it (RiskProjectionBackfill).
create table cp_risk_projection_state (
  built_at timestamp with time zone not null
);
