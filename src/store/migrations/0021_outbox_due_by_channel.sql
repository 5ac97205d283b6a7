-- Delivery workers lease the due messages of the channels they serve
-- (store/sql/sql_outbox.cpp claim_messages), several times a second. With
-- outbox_due on (status, next_attempt_at) each lease read every due message
-- of every channel and sorted them, so messages waiting for a channel no
-- worker serves (SMS before a Notify key is set, say) made every lease
-- slower, inside the one write transaction at a time that case creation
-- also waits for. With the channel in the index a lease walks one status
-- and channel in order and stops after a batch. The status listings
-- (dead letters: status and channel) use the same index.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (status, channel, next_attempt_at, id);
