-- Back-office integration (docs/back-office.md).
--
-- A category may forward its new cases to a webhook endpoint (a delivery
-- unit's own system); the endpoint names the client system (API token name,
-- scope backoffice) that posts updates back, signed with the endpoint's secret.
ALTER TABLE categories ADD COLUMN forward_to TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_endpoints ADD COLUMN client TEXT NOT NULL DEFAULT '';

-- Where each forwarded case stands with the back office. Only a case with a
-- row here, forwarded to an endpoint naming the client, may be updated by it.
-- No personal data: references and status codes only.
CREATE TABLE case_back_office (
  tenant_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  endpoint TEXT NOT NULL,
  reference TEXT NOT NULL,
  status TEXT NOT NULL,
  external_status TEXT NOT NULL,
  forwarded_at BIGINT NOT NULL,
  updated_at BIGINT,
  PRIMARY KEY (tenant_id, case_id)
);

-- Every update id a back office has used, per endpoint, kept for good: a
-- replayed update is refused and changes nothing.
CREATE TABLE back_office_updates (
  tenant_id BIGINT NOT NULL,
  endpoint TEXT NOT NULL,
  update_id TEXT NOT NULL,
  case_id BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, endpoint, update_id)
);
