-- A message's idempotency key stops a job that may run again (the leads'
-- digest, a password reset asked for twice) from queueing the same message
-- twice. The messages a case event causes need none: they are written once,
-- by the transaction that writes the event, and a transaction that is run
-- again starts from nothing. They now carry an empty key and stay out of
-- this index, which every one of them paid for when cases were created
-- (docs/notifications.md).
DROP INDEX outbox_by_key;
CREATE UNIQUE INDEX outbox_by_key ON outbox (tenant_id, idempotency_key) WHERE idempotency_key <> '';
