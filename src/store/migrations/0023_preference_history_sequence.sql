-- The history of a customer's contact preferences is their record of
-- consent (docs/data-protection.md). It was keyed by the second a change was
-- made, so two changes to the same preference within one second kept only
-- the later one. Each change now has its own row id, and the history is read
-- in that order. Existing rows keep their order (by time, then name).
CREATE TABLE customer_preference_history (
  ${ID},
  tenant_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  changed_at BIGINT NOT NULL,
  changed_by TEXT NOT NULL
  ${TENANT_PK}
);
INSERT INTO customer_preference_history (tenant_id, customer_id, name, value, changed_at, changed_by)
  SELECT tenant_id, customer_id, name, value, changed_at, changed_by FROM customer_preferences
  ORDER BY tenant_id, customer_id, changed_at, name;
DROP TABLE customer_preferences;
ALTER TABLE customer_preference_history RENAME TO customer_preferences;
CREATE INDEX customer_preferences_by_customer ON customer_preferences (tenant_id, customer_id, id);
