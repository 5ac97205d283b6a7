#include "store/copy.h"

#include <openssl/evp.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "store/postgres/postgres_connection.h"
#include "store/sql/dialect.h"
#include "store/sql/migrate.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/store.h"

namespace civicdesk {

namespace {

using sql::Connection;
using sql::Param;
using sql::Rows;

// Every table of the schema, in an order that copies what others refer to
// first, with the key it is copied and compared in. copy_test.cpp checks that
// no table of the schema is missing here.
struct TableSpec {
  const char* name;
  const char* key;
  const char* tenant_column;
};
constexpr TableSpec kTables[] = {
    {"tenants", "id", "id"},
    {"case_numbers", "tenant_id", "tenant_id"},
    {"delivery_units", "tenant_id, code", "tenant_id"},
    {"teams", "tenant_id, code", "tenant_id"},
    {"officers", "tenant_id, id", "tenant_id"},
    {"wards", "tenant_id, code", "tenant_id"},
    {"members", "tenant_id, id", "tenant_id"},
    {"sla_policies", "tenant_id, code", "tenant_id"},
    {"categories", "tenant_id, code", "tenant_id"},
    {"holidays", "tenant_id, division, day", "tenant_id"},
    {"customers", "tenant_id, id", "tenant_id"},
    {"customer_emails", "tenant_id, customer_id, position", "tenant_id"},
    {"customer_phones", "tenant_id, customer_id, position", "tenant_id"},
    {"customer_addresses", "tenant_id, customer_id, position", "tenant_id"},
    {"contacts", "tenant_id, id", "tenant_id"},
    {"cases", "tenant_id, id", "tenant_id"},
    {"case_events", "tenant_id, id", "tenant_id"},
    {"case_links", "tenant_id, case_id, kind, other_id", "tenant_id"},
    {"case_watchers", "tenant_id, case_id, watcher_key", "tenant_id"},
    {"users", "tenant_id, id", "tenant_id"},
    {"sessions", "tenant_id, token_hash", "tenant_id"},
    {"api_tokens", "tenant_id, id", "tenant_id"},
    {"login_throttle", "tenant_id, throttle_key", "tenant_id"},
    {"one_time_tokens", "tenant_id, token_hash", "tenant_id"},
    {"audit_log", "tenant_id, id", "tenant_id"},
    {"outbox", "tenant_id, id", "tenant_id"},
    {"customer_preferences", "tenant_id, id", "tenant_id"},
    {"retention_rules", "tenant_id, case_type", "tenant_id"},
    {"case_routings", "tenant_id, id", "tenant_id"},
    {"case_escalations", "tenant_id, id", "tenant_id"},
    {"case_chasers", "tenant_id, id", "tenant_id"},
    {"escalation_officers", "tenant_id, delivery_unit, position", "tenant_id"},
    {"case_approvals", "tenant_id, id", "tenant_id"},
    {"webhook_endpoints", "tenant_id, name", "tenant_id"},
    {"notification_templates", "tenant_id, name, category", "tenant_id"},
    {"notification_settings", "tenant_id, category", "tenant_id"},
    {"unsubscribe_tokens", "tenant_id, token_hash", "tenant_id"},
    {"surveys", "tenant_id, id", "tenant_id"},
    {"tenant_boundaries", "tenant_id", "tenant_id"},
    {"attachments", "tenant_id, id", "tenant_id"},
    {"case_back_office", "tenant_id, case_id", "tenant_id"},
    {"back_office_updates", "tenant_id, endpoint, update_id", "tenant_id"},
};
// Append-only tables are copied with DO NOTHING (their rows never change).
bool append_only(const TableSpec& t) { return std::string_view(t.name) == "audit_log"; }
// Tables with a generated identity "id" in PostgreSQL.
constexpr const char* kIdentityTables[] = {"tenants", "officers",    "members", "customers",  "contacts",
                                           "cases",   "case_events", "users",   "api_tokens", "audit_log",
                                           "outbox",  "case_routings", "case_escalations", "case_chasers",
                                           "case_approvals", "surveys", "attachments", "customer_preferences"};

// Binary columns travel as lower-case hex both ways (see dialect.h blob_*).
enum class ColumnKind { kInteger, kReal, kText, kBlob };
struct Column {
  std::string name;
  ColumnKind kind;
};

Result<std::vector<Column>> columns_of(Connection& source, const std::string& table) {
  return sql::query_all<Column>(source, "SELECT name, upper(type) FROM pragma_table_info(?) ORDER BY cid", {table},
                                [](Rows& r) {
                                  const std::string type = r.get_string(1);
                                  ColumnKind k = ColumnKind::kText;
                                  if (type.find("INT") != std::string::npos) k = ColumnKind::kInteger;
                                  if (type.find("DOUBLE") != std::string::npos || type.find("REAL") != std::string::npos)
                                    k = ColumnKind::kReal;
                                  if (type == "BLOB") k = ColumnKind::kBlob;
                                  return Column{r.get_string(0), k};
                                });
}

// A value in the one text form both sides agree on.
std::string canonical(const Rows& r, int col, ColumnKind kind, bool& is_null) {
  is_null = r.is_null(col);
  if (is_null) return {};
  switch (kind) {
    case ColumnKind::kInteger: return std::to_string(r.get_int(col));
    case ColumnKind::kReal: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", r.get_double(col));
      return buf;
    }
    case ColumnKind::kText:
    case ColumnKind::kBlob: break;  // selected as hex (select_sql)
  }
  return std::string(r.get_text(col));
}

std::string column_sql(const Column& c, sql::Dialect d) {
  if (c.kind != ColumnKind::kBlob) return c.name;
  return d == sql::Dialect::kPostgres ? "encode(" + c.name + ", 'hex')" : "lower(hex(" + c.name + "))";
}

std::string select_sql(const TableSpec& t, const std::vector<Column>& cols, bool filtered, sql::Dialect d) {
  std::string s = "SELECT ";
  for (size_t i = 0; i < cols.size(); ++i) s += (i ? ", " : "") + column_sql(cols[i], d);
  s += std::string(" FROM ") + t.name;
  if (filtered) s += std::string(" WHERE ") + t.tenant_column + " = ?";
  s += std::string(" ORDER BY ") + t.key;
  return s;
}

std::string upsert_sql(const TableSpec& t, const std::vector<Column>& cols, size_t rows) {
  std::string s = std::string("INSERT INTO ") + t.name + " (";
  for (size_t i = 0; i < cols.size(); ++i) s += (i ? ", " : "") + cols[i].name;
  s += ") VALUES ";
  std::string one = "(";
  for (size_t i = 0; i < cols.size(); ++i)
    one += std::string(i ? ", " : "") + (cols[i].kind == ColumnKind::kBlob ? "decode(?, 'hex')" : "?");
  one += ")";
  for (size_t r = 0; r < rows; ++r) s += (r ? ", " : "") + one;
  s += std::string(" ON CONFLICT (") + t.key + ") DO ";
  std::string updates;
  const std::string key = std::string(", ") + t.key + ",";
  for (const auto& c : cols)
    if (key.find(", " + c.name + ",") == std::string::npos)
      updates += (updates.empty() ? "" : ", ") + c.name + " = excluded." + c.name;
  s += updates.empty() || append_only(t) ? "NOTHING" : "UPDATE SET " + updates;
  return s;
}

class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  void update(std::string_view s) { EVP_DigestUpdate(ctx_, s.data(), s.size()); }
  std::string hex() {
    unsigned char md[32];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx_, md, &n);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < n; ++i) {
      out.push_back(kHex[md[i] >> 4]);
      out.push_back(kHex[md[i] & 15]);
    }
    return out;
  }

 private:
  EVP_MD_CTX* ctx_;
};

// Row count and SHA-256 of the table's rows in key order.
Status fingerprint(Connection& c, const TableSpec& t, const std::vector<Column>& cols, std::optional<int64_t> tenant,
                   int64_t& rows_out, std::string& sha_out) {
  ASSIGN_OR_RETURN(auto rows, tenant ? c.stream(select_sql(t, cols, true, c.dialect()), {*tenant})
                                     : c.stream(select_sql(t, cols, false, c.dialect()), {}));
  Sha256 sha;
  int64_t n = 0;
  while (true) {
    ASSIGN_OR_RETURN(bool has, rows->next());
    if (!has) break;
    ++n;
    for (size_t i = 0; i < cols.size(); ++i) {
      bool is_null = false;
      std::string v = canonical(*rows, static_cast<int>(i), cols[i].kind, is_null);
      sha.update(is_null ? std::string_view("\x01N") : std::string_view(v));
      sha.update("\x1f");
    }
    sha.update("\x1e");
  }
  rows_out = n;
  sha_out = sha.hex();
  return {};
}

Status copy_table(Connection& source, sql::PostgresConnection& target, const TableSpec& t,
                  const std::vector<Column>& cols, std::optional<int64_t> tenant, const CopyOptions& o) {
  const size_t batch = std::max<size_t>(1, std::min<size_t>(o.batch_rows, 60000 / cols.size()));
  ASSIGN_OR_RETURN(auto rows, tenant ? source.stream(select_sql(t, cols, true, source.dialect()), {*tenant})
                                     : source.stream(select_sql(t, cols, false, source.dialect()), {}));
  std::vector<std::string> values;
  std::vector<bool> nulls;
  int64_t copied = 0;
  auto flush = [&]() -> Status {
    if (values.empty()) return {};
    const size_t n = values.size() / cols.size();
    std::vector<Param> params;
    params.reserve(values.size());
    for (size_t i = 0; i < values.size(); ++i) params.push_back(nulls[i] ? Param() : Param(values[i]));
    RETURN_IF_ERROR(target.exec_script("BEGIN"));
    auto done = target.exec(upsert_sql(t, cols, n), params);
    if (!done) {
      (void)target.exec_script("ROLLBACK");
      return done.error();
    }
    RETURN_IF_ERROR(target.commit());
    copied += static_cast<int64_t>(n);
    if (o.progress) o.progress(t.name, copied);
    values.clear();
    nulls.clear();
    return {};
  };
  while (true) {
    ASSIGN_OR_RETURN(bool has, rows->next());
    if (!has) break;
    for (size_t i = 0; i < cols.size(); ++i) {
      bool is_null = false;
      values.push_back(canonical(*rows, static_cast<int>(i), cols[i].kind, is_null));
      nulls.push_back(is_null);
    }
    if (values.size() / cols.size() >= batch) RETURN_IF_ERROR(flush());
  }
  return flush();
}

Status fix_sequences(sql::PostgresConnection& target) {
  for (const char* table : kIdentityTables) {
    const std::string t(table);
    RETURN_IF_ERROR(target.exec_script("SELECT setval(pg_get_serial_sequence('" + t + "', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM " + t + "), false)"));
  }
  using TenantNumber = std::pair<int64_t, int64_t>;
  ASSIGN_OR_RETURN(auto numbers, sql::query_all<TenantNumber>(target, "SELECT tenant_id, value FROM case_numbers", {},
                                                              [](Rows& r) { return TenantNumber{r.get_int(0), r.get_int(1)}; }));
  ASSIGN_OR_RETURN(auto tenants, sql::query_all<int64_t>(target, "SELECT id FROM tenants", {},
                                                         [](Rows& r) { return r.get_int(0); }));
  for (int64_t id : tenants) RETURN_IF_ERROR(target.exec_script(sql::create_case_sequence_sql(sql::Dialect::kPostgres, id)));
  // Never move a sequence backwards: after a switch-over PostgreSQL may have
  // issued numbers the source never saw.
  for (auto [tenant, value] : numbers) {
    const std::string seq = "case_numbers_" + std::to_string(tenant);
    RETURN_IF_ERROR(target.exec_script("SELECT setval('" + seq + "', GREATEST(" + std::to_string(value) +
                                       ", (SELECT last_value FROM " + seq + ")), true)"));
  }
  return {};
}

}  // namespace

Result<CopyReport> copy_store(const CopyOptions& o) {
  if (o.from_url.rfind("sqlite:", 0) != 0)
    return Error(ErrorCode::kInvalidConfig, "--from must be an embedded database: sqlite:PATH");
  if (o.to_url.rfind("postgres://", 0) != 0 && o.to_url.rfind("postgresql://", 0) != 0)
    return Error(ErrorCode::kInvalidConfig, "--to must be a PostgreSQL URL: postgres://user@host:port/dbname");
  std::string path = o.from_url.substr(7);
  if (path.rfind("//", 0) == 0) path = path.substr(2);

  sql::SqliteOptions ro;
  ro.read_only = true;
  ASSIGN_OR_RETURN(auto source, sql::SqliteConnection::open(path, ro));
  ASSIGN_OR_RETURN(int source_version, sql::current_schema_version(*source));
  if (source_version != sql::latest_schema_version())
    return Error(ErrorCode::kFailedPrecondition,
                 "The SQLite database is at schema version " + std::to_string(source_version) + ", not " +
                     std::to_string(sql::latest_schema_version()) + ": run `civicdesk --db " + o.from_url +
                     " migrate` first");
  ASSIGN_OR_RETURN(auto target, sql::PostgresConnection::connect(o.to_url, 5));
  {
    RETURN_IF_ERROR(target->exec_script("BEGIN"));
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    Status m = target->exec_script("SELECT pg_advisory_xact_lock(1667856745)");
    if (m) m = sql::apply_migrations(*target, now);
    if (!m) {
      (void)target->exec_script("ROLLBACK");
      return m.error();
    }
    RETURN_IF_ERROR(target->commit());
  }

  std::optional<int64_t> tenant;
  if (o.tenant) {
    ASSIGN_OR_RETURN(tenant, sql::query_one<int64_t>(*source, "SELECT id FROM tenants WHERE slug = ?", {*o.tenant},
                                                     "Council \"" + *o.tenant + "\"",
                                                     [](Rows& r) { return r.get_int(0); }));
  }

  // One snapshot of the source for the whole copy.
  RETURN_IF_ERROR(source->exec_script("BEGIN"));
  CopyReport report;
  Status s;
  for (const TableSpec& t : kTables) {
    auto cols = columns_of(*source, t.name);
    if (!cols) {
      s = cols.error();
      break;
    }
    s = copy_table(*source, *target, t, *cols, tenant, o);
    if (!s) break;
  }
  if (s) s = fix_sequences(*target);
  // Fresh planner statistics, so the first queries on the copy plan well,
  // and the text-search indexes' pending lists merged (searches scan them).
  if (s) s = target->exec_script("VACUUM (ANALYZE)");
  if (s) {
    for (const TableSpec& t : kTables) {
      TableCopy tc;
      tc.table = t.name;
      auto cols = columns_of(*source, t.name);
      if (!cols) {
        s = cols.error();
        break;
      }
      s = fingerprint(*source, t, *cols, tenant, tc.source_rows, tc.source_sha256);
      if (s) s = fingerprint(*target, t, *cols, tenant, tc.target_rows, tc.target_sha256);
      if (!s) break;
      report.tables.push_back(std::move(tc));
    }
  }
  (void)source->exec_script("COMMIT");
  if (!s) return s.error();
  return report;
}

}  // namespace civicdesk
