#include "store/sql/migrate.h"

#include <string>

#include "domain/time.h"
#include "store/sql/dialect.h"

namespace civicdesk::sql {

namespace {

// Migration 4 added cases.closed_on, the London date of closed_at; SQL cannot
// compute London dates, so existing closed cases get theirs here.
Status backfill_closed_on(Connection& c) {
  using IdAndInstant = std::pair<int64_t, int64_t>;
  ASSIGN_OR_RETURN(auto closed, query_all<IdAndInstant>(
                                    c, "SELECT id, closed_at FROM cases WHERE closed_at IS NOT NULL", {},
                                    [](Rows& r) { return IdAndInstant{r.get_int(0), r.get_int(1)}; }));
  for (const auto& [id, at] : closed) {
    const std::string day = format_date(london_date(Instant(std::chrono::seconds(at))));
    RETURN_IF_ERROR(c.exec("UPDATE cases SET closed_on = ? WHERE id = ?", {day, id}));
  }
  return {};
}

}  // namespace

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
    if (m.version == 4) RETURN_IF_ERROR(backfill_closed_on(c));
    RETURN_IF_ERROR(c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                           {m.version, m.name, now_seconds}));
  }
  return {};
}

}  // namespace civicdesk::sql
