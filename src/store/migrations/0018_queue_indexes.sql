-- The staff work queues (docs/pages.md): a delivery unit's, a team's or an
-- officer's cases, most urgent first, 25 a page. A queue orders by the due
-- date with undated cases last (coalesce(resolve_by, '9999-99-99'), then
-- id), and no index served that order: every case the unit ever had was
-- read and sorted for each page. store/sql/sql_cases.cpp repeats these
-- expressions literally so that both databases walk an index in order and
-- stop after a page.
--
-- Open cases (the default queues): partial indexes, so the closed history
-- is never walked and the indexes stay small.
CREATE INDEX cases_open_by_unit_due ON cases (tenant_id, delivery_unit, coalesce(resolve_by, '9999-99-99'), id)
  WHERE status <> 'closed';
CREATE INDEX cases_open_by_team_due ON cases (tenant_id, team, coalesce(resolve_by, '9999-99-99'), id)
  WHERE status <> 'closed';
CREATE INDEX cases_open_by_assignee_due ON cases (tenant_id, assignee_id, coalesce(resolve_by, '9999-99-99'), id)
  WHERE status <> 'closed';
-- One status of a unit (closed, awaiting approval...). Status comes before
-- the due date so that this index orders only a status it is asked for and
-- the planner keeps the partial index above for open cases.
CREATE INDEX cases_by_unit_status_due ON cases (tenant_id, delivery_unit, status, coalesce(resolve_by, '9999-99-99'), id);
