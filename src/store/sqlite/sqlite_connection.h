// sql::Connection over one sqlite3 handle, with a prepared-statement cache.
// Used by one thread at a time (SqliteStore hands connections out).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "base/result.h"
#include "store/sql/sql.h"
#include "store/sql/statement_cache.h"

struct sqlite3;
struct sqlite3_stmt;

namespace civicdesk::sql {

struct SqliteOptions {
  bool synchronous_full = true;  // fsync the WAL on every commit
  bool read_only = false;
  int cache_kib = 8192;          // page cache per connection
  // Read the database file through a memory map up to this many bytes
  // instead of a read() per page not in the page cache.
  int64_t mmap_bytes = 0;
};

class SqliteConnection final : public Connection {
 public:
  // Opens (creating if needed) the database file at `path` in WAL mode.
  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path,
                                                        const SqliteOptions& options);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Result<int64_t> exec(std::string_view sql, Params params) override;
  Result<std::unique_ptr<Rows>> query(std::string_view sql, Params params) override;
  Result<std::unique_ptr<Rows>> stream(std::string_view sql, Params params) override { return query(sql, params); }
  Result<int64_t> insert_id(std::string_view sql, Params params) override;
  Status exec_script(std::string_view sql) override;
  bool broken() const override { return false; }
  // False once SQLite has rolled the open transaction back by itself (it does
  // on some I/O errors and when the disk is full).
  bool in_transaction() const;

  // The text-search index (FTS5) is written at the end of the write batch,
  // outside every job's savepoint: opening or releasing a savepoint makes
  // FTS5 write the terms it holds out to disk as a segment of their own, so
  // index writes made inside each job cost a segment per job (creating cases
  // ran 28% slower for it, BENCHMARKS.md). SqliteStore's batch marks the
  // queue before each job, drops a failed job's statements, and runs the
  // rest before COMMIT.
  Status exec_at_end(std::string_view sql, Params params) override;
  size_t queued() const { return queued_.size(); }
  void drop_queued_from(size_t mark) { queued_.resize(std::min(mark, queued_.size())); }
  Status run_queued();

 private:
  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  // A statement borrowed for one execution: from the cache, or (when the
  // cached one is still busy in an open cursor) prepared just for this use.
  struct Lease {
    sqlite3_stmt* stmt = nullptr;
    CachedStatement* cached = nullptr;  // null: finalise after use
    void release();
  };
  class SqliteRows;

  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  // Finds or prepares `sql` and binds `params`.
  Result<Lease> prepare(std::string_view sql, Params params);
  Error error(int rc, std::string_view context) const;

  // A statement and its parameters, owned until it runs.
  struct Queued {
    std::string sql;
    std::vector<std::variant<std::nullptr_t, int64_t, double, std::string>> values;
  };

  sqlite3* db_;
  StatementCache<CachedStatement> cache_;
  std::vector<Queued> queued_;
};

}  // namespace civicdesk::sql
