-- A subject access request lists, and an erasure blanks, every message sent
-- to a person's addresses and numbers (store/sql/sql_outbox.cpp list_outbox,
-- sql_records.cpp erase_customer). Without an index each of those read the
-- whole outbox, page after page: 1.4 s per pass over 570,000 messages on the
-- benchmark machine. An erasure does its passes inside a write transaction,
-- so on SQLite every other write waited that long too.
CREATE INDEX outbox_by_recipient ON outbox (tenant_id, recipient, id);
