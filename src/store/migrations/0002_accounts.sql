-- Accounts, sessions, API tokens, sign-in throttling, one-time links, the
-- audit trail, the outbox, customer preferences history and retention rules.

-- Restricted categories name the teams that may see them (comma-separated).
ALTER TABLE categories ADD COLUMN visible_to_teams TEXT NOT NULL DEFAULT '';

CREATE TABLE users (
  ${ID},
  tenant_id BIGINT NOT NULL,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  officer_id BIGINT,
  member_id BIGINT,
  customer_id BIGINT,
  email_verified INTEGER NOT NULL,
  totp_secret TEXT,
  active INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
  ${TENANT_PK}
);
CREATE UNIQUE INDEX users_by_email ON users (tenant_id, email);
${SQLITE_ONLY} CREATE INDEX users_by_tenant ON users (tenant_id, id);

-- Sessions and API tokens are found by the SHA-256 digest of their secret;
-- the secret itself is never stored.
CREATE TABLE sessions (
  tenant_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  second_factor INTEGER NOT NULL,
  address TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  PRIMARY KEY (tenant_id, token_hash)
);
CREATE INDEX sessions_by_user ON sessions (tenant_id, user_id);

CREATE TABLE api_tokens (
  ${ID},
  tenant_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL,
  name TEXT NOT NULL,
  user_id BIGINT,
  scopes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT,
  last_used_at BIGINT
  ${TENANT_PK}
);
CREATE UNIQUE INDEX api_tokens_by_hash ON api_tokens (tenant_id, token_hash);
CREATE UNIQUE INDEX api_tokens_by_name ON api_tokens (tenant_id, name);

CREATE TABLE login_throttle (
  tenant_id BIGINT NOT NULL,
  throttle_key TEXT NOT NULL,
  failures INTEGER NOT NULL,
  last_failure_at BIGINT NOT NULL,
  blocked_until BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, throttle_key)
);

CREATE TABLE one_time_tokens (
  tenant_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL,
  purpose TEXT NOT NULL,
  user_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (tenant_id, token_hash)
);

-- Append-only: the triggers below refuse to change or remove a row.
CREATE TABLE audit_log (
  ${ID},
  tenant_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  address TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  details TEXT NOT NULL
  ${TENANT_PK}
);
CREATE INDEX audit_by_time ON audit_log (tenant_id, at, id);
CREATE INDEX audit_by_entity ON audit_log (tenant_id, entity, entity_id, id);
${AUDIT_APPEND_ONLY}

-- Messages to send, written in the same transaction as the change that
-- causes them (delivered by workers; see docs/notifications.md).
CREATE TABLE outbox (
  ${ID},
  tenant_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  template TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  personalisation TEXT NOT NULL,
  case_id BIGINT,
  idempotency_key TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL,
  sent_at BIGINT,
  provider_reference TEXT NOT NULL
  ${TENANT_PK}
);
CREATE UNIQUE INDEX outbox_by_key ON outbox (tenant_id, idempotency_key);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_case ON outbox (tenant_id, case_id);

-- How a customer wants to hear from the council, and every change to it.
CREATE TABLE customer_preferences (
  tenant_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  changed_at BIGINT NOT NULL,
  changed_by TEXT NOT NULL,
  PRIMARY KEY (tenant_id, customer_id, name, changed_at)
);

-- Years to keep a closed case of a type before it is anonymised.
CREATE TABLE retention_rules (
  tenant_id BIGINT NOT NULL,
  case_type TEXT NOT NULL,
  keep_years INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, case_type)
);

ALTER TABLE customers ADD COLUMN erased_at BIGINT;
ALTER TABLE cases ADD COLUMN anonymised_at BIGINT;
