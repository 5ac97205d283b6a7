-- Keeping residents informed (docs/notifications.md): the templates and
-- settings a council changes, unsubscribe links and satisfaction surveys.
-- The outbox itself is unchanged: these only decide what is queued in it.

-- Templates a council has edited; the shipped defaults live in the code
-- (domain/notification_template.cpp). category '' is the council's own
-- default, otherwise an override for one service.
CREATE TABLE notification_templates (
  tenant_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  sms TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (tenant_id, name, category)
);

-- Which messages are on, survey sampling and SMS quiet hours, per council
-- (category '') and per service. NULL inherits (service -> council -> default).
CREATE TABLE notification_settings (
  tenant_id BIGINT NOT NULL,
  category TEXT NOT NULL,
  disabled TEXT,
  survey_percent INTEGER,
  survey_delay_hours INTEGER,
  survey_cap_days INTEGER,
  quiet_from INTEGER,
  quiet_until INTEGER,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (tenant_id, category)
);

-- The link at the foot of an optional message: using it records the consent
-- named by `preference` as refused. Only the token's SHA-256 is kept.
CREATE TABLE unsubscribe_tokens (
  tenant_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL,
  customer_id BIGINT NOT NULL,
  preference TEXT NOT NULL,
  case_id BIGINT,
  created_at BIGINT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (tenant_id, token_hash)
);

-- A satisfaction survey sent after a case closed, and its one response.
-- sent_on is the London date of sent_at (when the message may go), for the
-- monthly report.
CREATE TABLE surveys (
  ${ID},
  tenant_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL,
  case_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  channel TEXT NOT NULL,
  category TEXT NOT NULL,
  delivery_unit TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  sent_at BIGINT NOT NULL,
  sent_on TEXT NOT NULL,
  responded_at BIGINT,
  rating INTEGER,
  comment TEXT NOT NULL
  ${TENANT_PK}
);
CREATE UNIQUE INDEX surveys_by_token ON surveys (tenant_id, token_hash);
CREATE INDEX surveys_by_customer ON surveys (tenant_id, customer_id, created_at);
CREATE INDEX surveys_by_day ON surveys (tenant_id, sent_on);
