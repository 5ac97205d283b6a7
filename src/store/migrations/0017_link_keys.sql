-- Each council's key for signing the links in residents' messages
-- (unsubscribe): a link is the customer, the preference and an HMAC of the
-- two under this key, so queueing a message stores no token row. Links
-- already sent keep working through unsubscribe_tokens. 256 random bits,
-- as hex, for every existing council.
ALTER TABLE tenants ADD COLUMN link_key TEXT NOT NULL DEFAULT '';
${SQLITE_ONLY} UPDATE tenants SET link_key = lower(hex(randomblob(32)));
${POSTGRES_ONLY} UPDATE tenants SET link_key = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
