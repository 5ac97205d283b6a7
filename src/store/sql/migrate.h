// Versioned schema migrations, the same files for both databases
// (src/store/migrations/NNNN_name.sql, embedded into the binary at build time
// and expanded per dialect by dialect.h).
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "store/sql/sql.h"

namespace civicdesk::sql {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // before dialect expansion
};

// All migrations, in version order (generated from the .sql files).
const std::vector<Migration>& all_migrations();

int latest_schema_version();

// Version recorded in schema_migrations; 0 for an empty database.
Result<int> current_schema_version(Connection& c);

// Applies every migration newer than the recorded version. The caller runs
// this inside one transaction, so a failed migration leaves nothing behind.
// failed_precondition if the database is newer than this build.
Status apply_migrations(Connection& c, int64_t now_seconds);

}  // namespace civicdesk::sql
