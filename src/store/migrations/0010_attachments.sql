-- Photos on reports (docs/media.md). The bytes are the stripped file:
-- metadata (EXIF, GPS, text chunks) was removed before they got here.
-- uploaded_by is an actor tag ("officer:12", "customer:7", "client:4").
-- Anonymising a case deletes its rows; erasing a customer deletes the ones
-- they uploaded.
CREATE TABLE attachments (
  ${ID},
  tenant_id BIGINT NOT NULL,
  case_id BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  bytes ${BLOB} NOT NULL,
  size BIGINT NOT NULL,
  width BIGINT NOT NULL,
  height BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL,
  is_public INTEGER NOT NULL,
  hidden INTEGER NOT NULL DEFAULT 0,
  hidden_at BIGINT,
  hidden_by TEXT NOT NULL DEFAULT ''
  ${TENANT_PK}
);
CREATE INDEX attachments_by_case ON attachments (tenant_id, case_id, id);
${SQLITE_ONLY} CREATE INDEX attachments_by_tenant ON attachments (tenant_id, id);
