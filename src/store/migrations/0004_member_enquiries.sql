-- Members' Enquiries: delay notices, chasers, escalations, routing with
-- acceptance or send-back, diary dates and approvals (docs/members-enquiries.md).
--
-- closed_on and delay_advised_on are the Europe/London dates of closed_at and
-- delay_advised_at, written with them, so that the committee reports can
-- compare them with due dates inside the database (SQL has no London clock).
-- Existing closed cases get closed_on from the migration runner (migrate.cpp).
ALTER TABLE cases ADD COLUMN closed_on TEXT;
ALTER TABLE cases ADD COLUMN delay_advised_at BIGINT;
ALTER TABLE cases ADD COLUMN delay_advised_on TEXT;
ALTER TABLE cases ADD COLUMN revised_due_on TEXT;
ALTER TABLE cases ADD COLUMN escalated_at BIGINT;
ALTER TABLE cases ADD COLUMN chasers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN diary_on TEXT;
ALTER TABLE cases ADD COLUMN diary_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN routing TEXT NOT NULL DEFAULT '';

ALTER TABLE tenants ADD COLUMN me_team_email TEXT NOT NULL DEFAULT '';

CREATE INDEX cases_by_diary ON cases (tenant_id, diary_on);

-- Each time an enquiry is sent to a delivery unit: accepted, or sent back as
-- misdirected (with who, when and why), or still waiting.
CREATE TABLE case_routings (
  ${ID},
  tenant_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  delivery_unit TEXT NOT NULL,
  officer_id BIGINT,
  routed_at BIGINT NOT NULL,
  routed_by TEXT NOT NULL,
  outcome TEXT NOT NULL,
  decided_at BIGINT,
  decided_by TEXT NOT NULL,
  reason TEXT NOT NULL
  ${TENANT_PK}
);
CREATE INDEX case_routings_by_case ON case_routings (tenant_id, case_id, id);
CREATE INDEX case_routings_by_decision ON case_routings (tenant_id, outcome, decided_at);

CREATE TABLE case_escalations (
  ${ID},
  tenant_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  delivery_unit TEXT NOT NULL,
  officer_id BIGINT,
  escalated_at BIGINT NOT NULL,
  escalated_by TEXT NOT NULL,
  reason TEXT NOT NULL
  ${TENANT_PK}
);
CREATE INDEX case_escalations_by_case ON case_escalations (tenant_id, case_id);
CREATE INDEX case_escalations_by_time ON case_escalations (tenant_id, escalated_at);

CREATE TABLE case_chasers (
  ${ID},
  tenant_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  chased_by TEXT NOT NULL,
  note TEXT NOT NULL
  ${TENANT_PK}
);
CREATE INDEX case_chasers_by_case ON case_chasers (tenant_id, case_id);

-- Named escalation officers per delivery unit, in the order they are tried.
CREATE TABLE escalation_officers (
  tenant_id BIGINT NOT NULL,
  delivery_unit TEXT NOT NULL,
  position INTEGER NOT NULL,
  officer_id BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, delivery_unit, position)
);

-- Re-opening or reclassifying needs a manager: request, then approve/refuse.
CREATE TABLE case_approvals (
  ${ID},
  tenant_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at BIGINT NOT NULL,
  reason TEXT NOT NULL,
  change TEXT NOT NULL,
  status TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  decided_at BIGINT,
  decision_note TEXT NOT NULL
  ${TENANT_PK}
);
CREATE INDEX case_approvals_by_case ON case_approvals (tenant_id, case_id, id);
CREATE INDEX case_approvals_pending ON case_approvals (tenant_id, status, id);
