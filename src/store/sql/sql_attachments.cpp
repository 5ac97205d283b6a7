// Photos on cases (migration 0010). Bytes are read only by
// get_attachment_bytes, so listings never load images.
#include <algorithm>

#include "store/sql/case_row.h"
#include "store/sql/dialect.h"
#include "store/sql/sql_tx.h"

namespace civicdesk::sql {

namespace {

constexpr std::string_view kColumns =
    "id, case_id, content_type, size, width, height, sha256, uploaded_by, uploaded_at, is_public, hidden, "
    "hidden_at, hidden_by";

Attachment attachment_from(Rows& r) {
  Attachment a;
  a.id = r.get_int(0);
  a.case_id = r.get_int(1);
  a.content_type = r.get_string(2);
  a.size = r.get_int(3);
  a.width = r.get_int(4);
  a.height = r.get_int(5);
  a.sha256 = r.get_string(6);
  a.uploaded_by = r.get_string(7);
  a.uploaded_at = Instant(std::chrono::seconds(r.get_int(8)));
  a.is_public = r.get_int(9) != 0;
  a.hidden = r.get_int(10) != 0;
  if (auto at = r.get_opt_int(11)) a.hidden_at = Instant(std::chrono::seconds(*at));
  a.hidden_by = r.get_string(12);
  return a;
}

}  // namespace

Result<std::vector<Attachment>> SqlTx::list_attachments(TenantId t, Id case_id) {
  return query_all<Attachment>(
      c_, "SELECT " + std::string(kColumns) + " FROM attachments WHERE tenant_id = ? AND case_id = ? ORDER BY id",
      {t, case_id}, attachment_from);
}

Result<Attachment> SqlTx::get_attachment(TenantId t, Id id) {
  return query_one<Attachment>(c_,
                               "SELECT " + std::string(kColumns) + " FROM attachments WHERE tenant_id = ? AND id = ?",
                               {t, id}, "Attachment", attachment_from);
}

Result<std::string> SqlTx::get_attachment_bytes(TenantId t, Id id) {
  ASSIGN_OR_RETURN(std::string stored,
                   query_one<std::string>(c_,
                                          "SELECT " + blob_column(d_, "bytes") +
                                              " FROM attachments WHERE tenant_id = ? AND id = ?",
                                          {t, id}, "Attachment", [](Rows& r) { return r.get_string(0); }));
  return blob_from_column(d_, stored);
}

Result<std::map<Id, Attachment>> SqlTx::first_public_attachments(TenantId t, const std::vector<Id>& case_ids) {
  std::map<Id, Attachment> out;
  if (case_ids.empty()) return out;
  // In slices, so the parameter count stays far below either database's limit.
  constexpr size_t kSlice = 200;
  for (size_t from = 0; from < case_ids.size(); from += kSlice) {
    const size_t n = std::min(kSlice, case_ids.size() - from);
    std::string sql = "SELECT " + std::string(kColumns) +
                      " FROM attachments WHERE tenant_id = ? AND is_public = 1 AND hidden = 0 AND case_id IN (";
    std::vector<Param> params{t};
    for (size_t i = 0; i < n; ++i) {
      sql += i ? ", ?" : "?";
      params.emplace_back(case_ids[from + i]);
    }
    sql += ") ORDER BY case_id, id";
    ASSIGN_OR_RETURN(auto rows, query_all<Attachment>(c_, sql, params, attachment_from));
    for (auto& a : rows) out.emplace(a.case_id, std::move(a));  // the first (lowest id) wins
  }
  return out;
}

Result<Id> SqlTx::insert_attachment(TenantId t, const Attachment& a, std::string_view bytes) {
  const std::string value = blob_param_value(d_, bytes);
  return c_.insert_id(
      "INSERT INTO attachments (tenant_id, case_id, content_type, bytes, size, width, height, sha256, uploaded_by, "
      "uploaded_at, is_public, hidden, hidden_at, hidden_by) VALUES (?, ?, ?, " +
          blob_param(d_) + ", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t, a.case_id, a.content_type, value, a.size, a.width, a.height, a.sha256, a.uploaded_by, seconds(a.uploaded_at),
       a.is_public, a.hidden, opt_seconds(a.hidden_at), a.hidden_by});
}

Status SqlTx::set_attachment_hidden(TenantId t, Id id, bool hidden, Instant at, const std::string& by) {
  ASSIGN_OR_RETURN(int64_t n, c_.exec("UPDATE attachments SET hidden = ?, hidden_at = ?, hidden_by = ? "
                                      "WHERE tenant_id = ? AND id = ?",
                                      {hidden, hidden ? Param(seconds(at)) : Param(), hidden ? by : std::string(),
                                       t, id}));
  if (n == 0) return not_found("Attachment not found");
  return {};
}

Status SqlTx::set_attachment_public(TenantId t, Id id, bool is_public) {
  ASSIGN_OR_RETURN(int64_t n, c_.exec("UPDATE attachments SET is_public = ? WHERE tenant_id = ? AND id = ?",
                                      {is_public, t, id}));
  if (n == 0) return not_found("Attachment not found");
  return {};
}

}  // namespace civicdesk::sql
