-- Members' Enquiries committee reports (docs/reports.md): partial covering
-- indexes over top-level enquiries only, so that each report reads a range
-- of one small index and never the case rows. The queries in
-- store/sql/sql_reports.cpp repeat the WHERE clause literally so that both
-- databases use them. `type` leads after the tenant so that each index
-- matches at least as many equality terms as cases_by_type_due (0001) and,
-- being covering (parent_id is listed so that SQLite sees the index covers
-- the query), wins in SQLite's planner even without ANALYZE statistics.
--
-- Monthly and quarterly performance: enquiries due in a period, with what
-- decides closed / delay advised, and the columns the scope filters on.
CREATE INDEX cases_me_due ON cases (tenant_id, type, resolve_by, delivery_unit, closed_on, delay_advised_on, category, parent_id)
  WHERE type = 'member_enquiry' AND parent_id IS NULL;
-- Ageing and overdue at a date (open = closed_on NULL, or closed later:
-- two ranges of closed_on; the reference makes the overdue list covering),
-- and days to close (closed in a period).
CREATE INDEX cases_me_open ON cases (tenant_id, type, closed_on, received_on, delivery_unit, resolve_by, category, parent_id, reference)
  WHERE type = 'member_enquiry' AND parent_id IS NULL;
-- Chasers per enquiry received in a period.
CREATE INDEX cases_me_received ON cases (tenant_id, type, received_on, delivery_unit, chasers, category, parent_id)
  WHERE type = 'member_enquiry' AND parent_id IS NULL;
