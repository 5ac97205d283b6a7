-- PostgreSQL's GIN indexes take new entries into an unsorted "pending list"
-- that every search scans in full until VACUUM (or autovacuum) merges it. At
-- the default 4 MB a search that matches nothing took 15 ms instead of
-- 0.1 ms on the demo council; a 256 kB list bounds that cost while keeping
-- most of the batching that makes inserts cheap. Lines starting
-- ${POSTGRES_ONLY} are skipped on SQLite (FTS5 has no such list).
${POSTGRES_ONLY} ALTER INDEX cases_search SET (gin_pending_list_limit = 256);
${POSTGRES_ONLY} ALTER INDEX customers_search SET (gin_pending_list_limit = 256);
