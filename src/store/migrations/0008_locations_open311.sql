-- Locations and Open311 (docs/open311.md, docs/locations.md).
--
-- A council's boundary: one GeoJSON Polygon or MultiPolygon per council;
-- reports outside it are refused.
CREATE TABLE tenant_boundaries (
  tenant_id BIGINT PRIMARY KEY,
  geojson TEXT NOT NULL
);

-- Nearby search over open located cases. SQLite: an R*Tree of their points
-- (a degenerate box per case), kept in step with the cases table by
-- triggers, so every write path (the API, Open311, imports, anonymisation)
-- updates it in the same transaction. Closed cases leave the tree.
${SQLITE_ONLY} CREATE VIRTUAL TABLE case_points USING rtree(id, min_lat, max_lat, min_lng, max_lng);
${SQLITE_ONLY} INSERT INTO case_points SELECT id, lat, lat, lng, lng FROM cases WHERE lat IS NOT NULL AND lng IS NOT NULL AND status <> 'closed';
${SQLITE_ONLY} CREATE TRIGGER case_points_insert AFTER INSERT ON cases WHEN new.lat IS NOT NULL AND new.lng IS NOT NULL AND new.status <> 'closed' BEGIN INSERT INTO case_points VALUES (new.id, new.lat, new.lat, new.lng, new.lng); END;
${SQLITE_ONLY} CREATE TRIGGER case_points_update AFTER UPDATE OF lat, lng, status ON cases BEGIN DELETE FROM case_points WHERE id = old.id; INSERT INTO case_points SELECT new.id, new.lat, new.lat, new.lng, new.lng WHERE new.lat IS NOT NULL AND new.lng IS NOT NULL AND new.status <> 'closed'; END;
${SQLITE_ONLY} CREATE TRIGGER case_points_delete AFTER DELETE ON cases BEGIN DELETE FROM case_points WHERE id = old.id; END;
-- PostgreSQL: a GiST index on the point of open located cases (built-in
-- geometric types, no PostGIS), maintained by the database itself.
${POSTGRES_ONLY} CREATE INDEX cases_by_point ON cases USING gist (point(lng, lat)) WHERE lat IS NOT NULL AND lng IS NOT NULL AND status <> 'closed';

-- Open311 service request updates: public timeline events by time.
CREATE INDEX case_events_by_time ON case_events (tenant_id, at);

-- Open311 finds the reporter by email on every report; lookups compare
-- lower(address) (the local part keeps its case), which this index serves.
CREATE INDEX customer_emails_by_lower_address ON customer_emails (tenant_id, lower(address));
