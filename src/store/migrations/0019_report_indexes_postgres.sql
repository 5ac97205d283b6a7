-- Members' Enquiries report indexes for PostgreSQL (docs/reports.md). The
-- indexes of 0005 list `type` second, for SQLite's planner; PostgreSQL drops
-- `type = 'member_enquiry'` from an index scan's conditions because the
-- partial index's predicate already implies it, so the range that follows
-- (closed_on, resolve_by, received_on) could not position the scan: each
-- report read its index from the tenant's first entry to the last (ageing
-- at 10 million cases: 47,000 pages, 500 ms; now 900 pages, 50 ms). The
-- same indexes without `type` (nor parent_id, which is always NULL in them)
-- give PostgreSQL an index-only range scan. SQLite keeps 0005's.
${POSTGRES_ONLY} DROP INDEX cases_me_due;
${POSTGRES_ONLY} CREATE INDEX cases_me_due ON cases (tenant_id, resolve_by, delivery_unit, closed_on, delay_advised_on, category) WHERE type = 'member_enquiry' AND parent_id IS NULL;
${POSTGRES_ONLY} DROP INDEX cases_me_open;
${POSTGRES_ONLY} CREATE INDEX cases_me_open ON cases (tenant_id, closed_on, received_on, delivery_unit, resolve_by, category, reference) WHERE type = 'member_enquiry' AND parent_id IS NULL;
${POSTGRES_ONLY} DROP INDEX cases_me_received;
${POSTGRES_ONLY} CREATE INDEX cases_me_received ON cases (tenant_id, received_on, delivery_unit, chasers, category) WHERE type = 'member_enquiry' AND parent_id IS NULL;
