-- The risk projection now also reads active MedicationRequests (what most GP and hospital systems
-- send for current medicines) and keeps each medicine's product code, so one medicine recorded as
-- a statement and a prescription counts once. Forget that the projection was built: the next
-- start-up fills it again from every record (projecting a record twice gives the same rows).
delete from cp_risk_projection_state;
