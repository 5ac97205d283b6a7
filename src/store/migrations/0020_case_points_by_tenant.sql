-- Nearby search ranks the open located cases in a box by distance from the
-- spatial index alone and then reads only the nearest case rows
-- (docs/locations.md). On SQLite the R*Tree now has the council as a third
-- dimension, so that ranking reads neither the cases table nor another
-- council's points: a case spans tenant_id to tenant_id + 1 (exact in the
-- tree's 32-bit floats up to 16 million councils), and a search asks for
-- boxes inside [t, t + 1]. The span is 1, not 0, because the tree chooses
-- where to put a box by volume: with a flat dimension every volume is 0 and
-- the tree degenerates (a search took 20 ms instead of 0.04 ms). A dimension,
-- not an auxiliary column: reading an auxiliary column costs a row lookup
-- per point (0.27 ms for 280 points). PostgreSQL's GiST index (0008) needs
-- no change: its scan is already limited by tenant_id.
${SQLITE_ONLY} DROP TRIGGER case_points_insert;
${SQLITE_ONLY} DROP TRIGGER case_points_update;
${SQLITE_ONLY} DROP TRIGGER case_points_delete;
${SQLITE_ONLY} DROP TABLE case_points;
${SQLITE_ONLY} CREATE VIRTUAL TABLE case_points USING rtree(id, min_lat, max_lat, min_lng, max_lng, min_tenant, max_tenant);
${SQLITE_ONLY} INSERT INTO case_points SELECT id, lat, lat, lng, lng, tenant_id, tenant_id + 1 FROM cases WHERE lat IS NOT NULL AND lng IS NOT NULL AND status <> 'closed';
${SQLITE_ONLY} CREATE TRIGGER case_points_insert AFTER INSERT ON cases WHEN new.lat IS NOT NULL AND new.lng IS NOT NULL AND new.status <> 'closed' BEGIN INSERT INTO case_points VALUES (new.id, new.lat, new.lat, new.lng, new.lng, new.tenant_id, new.tenant_id + 1); END;
${SQLITE_ONLY} CREATE TRIGGER case_points_update AFTER UPDATE OF lat, lng, status ON cases BEGIN DELETE FROM case_points WHERE id = old.id; INSERT INTO case_points SELECT new.id, new.lat, new.lat, new.lng, new.lng, new.tenant_id, new.tenant_id + 1 WHERE new.lat IS NOT NULL AND new.lng IS NOT NULL AND new.status <> 'closed'; END;
${SQLITE_ONLY} CREATE TRIGGER case_points_delete AFTER DELETE ON cases BEGIN DELETE FROM case_points WHERE id = old.id; END;
