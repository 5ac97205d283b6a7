-- A customer's current consents on their record, beside the history that
-- is their record of consent (customer_preferences, migration 0023). Every
-- message a case change queues needs them, inside the write; reading the
-- history for them was a query more per case change (on PostgreSQL a round
-- trip more). Tx::put_preference keeps both in step. NULL: never said.
ALTER TABLE customers ADD COLUMN consent_updates INTEGER;
ALTER TABLE customers ADD COLUMN consent_surveys INTEGER;
UPDATE customers SET
  consent_updates = (SELECT CASE WHEN p.value = 'true' THEN 1 ELSE 0 END FROM customer_preferences p
                     WHERE p.tenant_id = customers.tenant_id AND p.customer_id = customers.id
                       AND p.name = 'consent_updates' ORDER BY p.id DESC LIMIT 1),
  consent_surveys = (SELECT CASE WHEN p.value = 'true' THEN 1 ELSE 0 END FROM customer_preferences p
                     WHERE p.tenant_id = customers.tenant_id AND p.customer_id = customers.id
                       AND p.name = 'consent_surveys' ORDER BY p.id DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM customer_preferences p WHERE p.tenant_id = customers.tenant_id
                AND p.customer_id = customers.id AND p.name IN ('consent_updates', 'consent_surveys'));
