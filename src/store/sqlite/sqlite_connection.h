// sql::Connection over one sqlite3 handle, with a prepared-statement cache.
// Used by one thread at a time (SqliteStore hands connections out).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

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

  sqlite3* db_;
  StatementCache<CachedStatement> cache_;
};

}  // namespace civicdesk::sql
