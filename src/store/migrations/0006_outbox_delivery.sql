-- Delivering the outbox (docs/notifications.md): what the provider last said
-- about a message it accepted, and the back-office systems that receive
-- signed webhooks.
--
-- A message being sent has status 'sending' and next_attempt_at set to the
-- end of its lease: if the worker dies, another picks it up after the lease
-- and first asks the provider whether the message already arrived.
ALTER TABLE outbox ADD COLUMN delivery_status TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN delivery_status_at BIGINT;
CREATE INDEX outbox_by_provider_reference ON outbox (tenant_id, provider_reference);

-- A webhook message's recipient is the name of one of these. The secret signs
-- each delivery (HMAC-SHA256) and is shown to an administrator once.
CREATE TABLE webhook_endpoints (
  tenant_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  active INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, name)
);
