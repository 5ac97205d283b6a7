#include "store/sql/migrate.h"

#include <string>

#include "store/sql/dialect.h"

namespace civicdesk::sql {

int latest_schema_version() {
  const auto& all = all_migrations();
  return all.empty() ? 0 : all.back().version;
}

Result<int> current_schema_version(Connection& c) {
  RETURN_IF_ERROR(c.exec_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
  return query_one<int>(c, "SELECT coalesce(max(version), 0) FROM schema_migrations", {},
                        "Schema version", [](Rows& r) { return static_cast<int>(r.get_int(0)); });
}

Status apply_migrations(Connection& c, int64_t now_seconds) {
  ASSIGN_OR_RETURN(int current, current_schema_version(c));
  if (current > latest_schema_version())
    return Error(ErrorCode::kFailedPrecondition,
                 "The database schema is version " + std::to_string(current) +
                     ", newer than this civicdesk understands (" +
                     std::to_string(latest_schema_version()) + "); upgrade civicdesk");
  for (const Migration& m : all_migrations()) {
    if (m.version <= current) continue;
    Status s = c.exec_script(expand_migration(c.dialect(), m.sql));
    if (!s) {
      Error e = s.error();
      return e.prefix("Migration " + std::to_string(m.version) + " (" + std::string(m.name) + ") failed");
    }
    RETURN_IF_ERROR(c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                           {m.version, m.name, now_seconds}));
  }
  return {};
}

}  // namespace civicdesk::sql
