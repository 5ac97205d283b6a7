// Copying a council's data from the embedded SQLite store to PostgreSQL
// (`civicdesk migrate-store`).
//
// Every table is copied in primary-key order, in batches that each commit on
// their own, with INSERT ... ON CONFLICT DO UPDATE: an interrupted copy is
// simply run again, and rows changed in the source since the last run are
// brought up to date. Afterwards each table's row count and a SHA-256 over
// its rows in key order are computed on both sides and compared. PostgreSQL's
// identity and case-number sequences are moved past the copied values.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace civicdesk {

struct TableCopy {
  std::string table;
  int64_t source_rows = 0;
  int64_t target_rows = 0;
  std::string source_sha256;
  std::string target_sha256;
  bool matches() const { return source_rows == target_rows && source_sha256 == target_sha256; }
};

struct CopyReport {
  std::vector<TableCopy> tables;
  bool ok() const {
    for (const auto& t : tables)
      if (!t.matches()) return false;
    return true;
  }
};

struct CopyOptions {
  std::string from_url;            // sqlite:PATH
  std::string to_url;              // postgres://...
  std::optional<std::string> tenant;  // one council's slug; all when empty
  int batch_rows = 500;
  // Called after each batch: table, rows copied so far in it.
  std::function<void(const std::string&, int64_t)> progress;
};

// invalid_config for URLs of the wrong kinds; not_found for an unknown
// council; database errors as the store reports them. A report whose tables
// do not all match is returned as a value (the caller decides what to say).
Result<CopyReport> copy_store(const CopyOptions& options);

}  // namespace civicdesk
