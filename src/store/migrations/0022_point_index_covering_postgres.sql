-- Nearby search ranks the open located cases in a box from the spatial index
-- alone (docs/locations.md; SQLite: 0020). On PostgreSQL the GiST index now
-- carries the case's council, id and coordinates, so that the ranking is an
-- index-only scan instead of a heap fetch per point: PostgreSQL only
-- considers an index-only scan when every column the query names is in the
-- index, and the indexed expression point(lng, lat) is not enough for that.
${POSTGRES_ONLY} DROP INDEX cases_by_point;
${POSTGRES_ONLY} CREATE INDEX cases_by_point ON cases USING gist (point(lng, lat)) INCLUDE (tenant_id, id, lat, lng) WHERE lat IS NOT NULL AND lng IS NOT NULL AND status <> 'closed';
