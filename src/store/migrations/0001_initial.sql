-- civicdesk schema, version 1.
-- One file for both databases: ${...} macros are expanded by store/sql/dialect.cpp.
-- Every tenant-owned row carries tenant_id, and every key and index starts
-- with it, so the schema can be distributed by tenant.
-- Lines starting ${SQLITE_ONLY} are skipped on PostgreSQL, whose primary keys
-- (tenant_id, id) already serve them.
-- Instants are BIGINT seconds since the epoch (UTC); calendar dates are TEXT
-- 'YYYY-MM-DD' (Europe/London local dates); booleans are INTEGER 0/1.

CREATE TABLE tenants (
  ${ID_PK},
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  reference_prefix TEXT NOT NULL,
  division TEXT NOT NULL,
  brand_colour TEXT NOT NULL,
  hostnames TEXT NOT NULL,
  me_respond_days INTEGER NOT NULL,
  me_close_days INTEGER NOT NULL,
  catalogue_version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);

CREATE TABLE case_numbers (
  tenant_id BIGINT NOT NULL PRIMARY KEY,
  value BIGINT NOT NULL
);

CREATE TABLE delivery_units (
  tenant_id BIGINT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  active INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, code)
);

CREATE TABLE teams (
  tenant_id BIGINT NOT NULL,
  code TEXT NOT NULL,
  delivery_unit TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (tenant_id, code)
);

CREATE TABLE officers (
  ${ID},
  tenant_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  delivery_unit TEXT NOT NULL,
  team TEXT NOT NULL,
  role TEXT NOT NULL,
  active INTEGER NOT NULL
  ${TENANT_PK}
);
CREATE INDEX officers_by_tenant ON officers (tenant_id, name);

CREATE TABLE wards (
  tenant_id BIGINT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (tenant_id, code)
);

CREATE TABLE members (
  ${ID},
  tenant_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  ward TEXT NOT NULL,
  party TEXT NOT NULL,
  email TEXT NOT NULL,
  active INTEGER NOT NULL
  ${TENANT_PK}
);
CREATE INDEX members_by_tenant ON members (tenant_id, ward);

CREATE TABLE sla_policies (
  tenant_id BIGINT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  clock TEXT NOT NULL,
  counting TEXT NOT NULL,
  resolve_from TEXT NOT NULL,
  holidays TEXT NOT NULL,
  respond_days INTEGER NOT NULL,
  resolve_days INTEGER NOT NULL,
  max_extension INTEGER NOT NULL,
  pausable INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, code)
);

CREATE TABLE categories (
  tenant_id BIGINT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  parent TEXT NOT NULL,
  description TEXT NOT NULL,
  keywords TEXT NOT NULL,
  lgsl INTEGER,
  lgil INTEGER,
  delivery_unit TEXT NOT NULL,
  sla_policy TEXT NOT NULL,
  location_required INTEGER NOT NULL,
  restricted INTEGER NOT NULL,
  active INTEGER NOT NULL,
  questions TEXT NOT NULL,
  PRIMARY KEY (tenant_id, code)
);

CREATE TABLE holidays (
  tenant_id BIGINT NOT NULL,
  division TEXT NOT NULL,
  day TEXT NOT NULL,
  title TEXT NOT NULL,
  notes TEXT NOT NULL,
  PRIMARY KEY (tenant_id, division, day)
);

CREATE TABLE customers (
  ${ID},
  tenant_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  organisation_name TEXT NOT NULL,
  date_of_birth TEXT,
  preferred_channel TEXT,
  language TEXT NOT NULL,
  needs_support INTEGER NOT NULL,
  support_notes TEXT NOT NULL,
  search_text TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL
  ${CUSTOMER_SEARCH}
  ${TENANT_PK}
);
${SQLITE_ONLY} CREATE INDEX customers_by_tenant ON customers (tenant_id, id);

CREATE TABLE customer_emails (
  tenant_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  position INTEGER NOT NULL,
  address TEXT NOT NULL,
  label TEXT NOT NULL,
  is_primary INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, customer_id, position)
);
CREATE INDEX customer_emails_by_address ON customer_emails (tenant_id, address);

CREATE TABLE customer_phones (
  tenant_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  position INTEGER NOT NULL,
  number TEXT NOT NULL,
  label TEXT NOT NULL,
  is_primary INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, customer_id, position)
);
CREATE INDEX customer_phones_by_number ON customer_phones (tenant_id, number);

CREATE TABLE customer_addresses (
  tenant_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  position INTEGER NOT NULL,
  line1 TEXT NOT NULL,
  line2 TEXT NOT NULL,
  line3 TEXT NOT NULL,
  town TEXT NOT NULL,
  postcode TEXT NOT NULL,
  uprn BIGINT,
  label TEXT NOT NULL,
  is_primary INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, customer_id, position)
);
CREATE INDEX customer_addresses_by_postcode ON customer_addresses (tenant_id, postcode);
CREATE INDEX customer_addresses_by_uprn ON customer_addresses (tenant_id, uprn);

CREATE TABLE contacts (
  ${ID},
  tenant_id BIGINT NOT NULL,
  customer_id BIGINT,
  channel TEXT NOT NULL,
  direction TEXT NOT NULL,
  at BIGINT NOT NULL,
  handler_id BIGINT,
  category TEXT NOT NULL,
  reason TEXT NOT NULL,
  outcome TEXT NOT NULL,
  signposted_to TEXT NOT NULL,
  duration_seconds INTEGER NOT NULL,
  case_id BIGINT,
  notes TEXT NOT NULL
  ${TENANT_PK}
);
${SQLITE_ONLY} CREATE INDEX contacts_by_tenant ON contacts (tenant_id, id);
CREATE INDEX contacts_by_customer ON contacts (tenant_id, customer_id, id);
CREATE INDEX contacts_by_case ON contacts (tenant_id, case_id);
CREATE INDEX contacts_by_time ON contacts (tenant_id, at);

CREATE TABLE cases (
  ${ID},
  tenant_id BIGINT NOT NULL,
  reference TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  priority TEXT NOT NULL,
  category TEXT NOT NULL,
  delivery_unit TEXT NOT NULL,
  team TEXT NOT NULL,
  assignee_id BIGINT,
  customer_id BIGINT,
  member_id BIGINT,
  parent_id BIGINT,
  channel TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  lat DOUBLE PRECISION,
  lng DOUBLE PRECISION,
  address TEXT NOT NULL,
  postcode TEXT NOT NULL,
  uprn BIGINT,
  usrn BIGINT,
  ward TEXT NOT NULL,
  answers TEXT NOT NULL,
  sla_policy TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  received_on TEXT NOT NULL,
  start_day TEXT NOT NULL,
  respond_by TEXT,
  resolve_by TEXT,
  paused_on TEXT,
  paused_days INTEGER NOT NULL,
  extension INTEGER NOT NULL,
  responded_on TEXT,
  closed_at BIGINT,
  outcome TEXT,
  outcome_notes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL
  ${CASE_SEARCH}
  ${TENANT_PK}
);
CREATE UNIQUE INDEX cases_by_reference ON cases (tenant_id, reference);
${SQLITE_ONLY} CREATE INDEX cases_by_tenant ON cases (tenant_id, id);
CREATE INDEX cases_by_status ON cases (tenant_id, status, id);
CREATE INDEX cases_by_unit_due ON cases (tenant_id, delivery_unit, resolve_by);
CREATE INDEX cases_by_due ON cases (tenant_id, resolve_by, id);
CREATE INDEX cases_by_type_due ON cases (tenant_id, type, resolve_by);
CREATE INDEX cases_by_customer ON cases (tenant_id, customer_id);
CREATE INDEX cases_by_assignee ON cases (tenant_id, assignee_id);
CREATE INDEX cases_by_member ON cases (tenant_id, member_id);
CREATE INDEX cases_by_parent ON cases (tenant_id, parent_id);
CREATE INDEX cases_by_received ON cases (tenant_id, received_at);

CREATE TABLE case_events (
  ${ID},
  tenant_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  visibility TEXT NOT NULL,
  details TEXT NOT NULL
  ${TENANT_PK}
);
CREATE INDEX case_events_by_case ON case_events (tenant_id, case_id, id);

CREATE TABLE case_links (
  tenant_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  other_id BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, case_id, kind, other_id)
);

CREATE TABLE case_watchers (
  tenant_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  watcher_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  ref_id BIGINT,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, case_id, watcher_key)
);

${FTS_TABLES}
