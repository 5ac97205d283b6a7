-- Every outbox message is written inside the transaction of the case change
-- that causes it, so each index on the outbox is paid for by case writes.
-- Nothing looks messages up by provider_reference (delivery receipts carry
-- civicdesk's own reference, which names the message id), so its index only
-- cost writes.
DROP INDEX outbox_by_provider_reference;
