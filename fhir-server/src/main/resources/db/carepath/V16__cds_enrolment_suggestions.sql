-- Each "enrol in this pathway" suggestion a patient-view card made: which EHR it was given to, for
-- which patient and pathway, and on whose view of the record. Accepting it (the CDS Hooks feedback
-- endpoint, from the same EHR, before it expires) enrols once: accepted_at is set by the one
-- acceptance that counts.
create table cp_cds_suggestion (
  id varchar(36) primary key,
  issuer varchar(500) not null,
  patient_id varchar(64) not null,
  pathway varchar(64) not null,
  subject varchar(200) not null,
  organisation_ods varchar(20),
  created_at timestamp with time zone not null,
  expires_at timestamp with time zone not null,
  accepted_at timestamp with time zone
);
create index cp_cds_suggestion_expires on cp_cds_suggestion (expires_at);
