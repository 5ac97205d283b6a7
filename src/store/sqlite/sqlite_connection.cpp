#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include "store/sql/sql_tx.h"

namespace civicdesk::sql {

// The one place SQLite result codes become store errors.
Error SqliteConnection::error(int rc, std::string_view context) const {
  std::string msg = std::string(context) + ": " + sqlite3_errmsg(db_);
  const int ext = sqlite3_extended_errcode(db_);
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
    return driver_error(DriverFailure::kUniqueViolation, std::move(msg));
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return driver_error(DriverFailure::kBusy, std::move(msg));
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY: return driver_error(DriverFailure::kConnectionLost, std::move(msg));
    default: return driver_error(DriverFailure::kOther, std::move(msg));
  }
}

void SqliteConnection::Lease::release() {
  if (!stmt) return;
  if (cached) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    cached->in_use = false;
  } else {
    sqlite3_finalize(stmt);
  }
  stmt = nullptr;
}

class SqliteConnection::SqliteRows final : public Rows {
 public:
  SqliteRows(const SqliteConnection& conn, Lease lease) : conn_(conn), lease_(lease) {}
  ~SqliteRows() override { lease_.release(); }

  Result<bool> next() override {
    if (done_) return false;
    const int rc = sqlite3_step(lease_.stmt);
    if (rc == SQLITE_ROW) return true;
    done_ = true;
    if (rc == SQLITE_DONE) return false;
    return conn_.error(rc, "reading rows");
  }
  bool is_null(int col) const override { return sqlite3_column_type(lease_.stmt, col) == SQLITE_NULL; }
  int64_t get_int(int col) const override { return sqlite3_column_int64(lease_.stmt, col); }
  double get_double(int col) const override { return sqlite3_column_double(lease_.stmt, col); }
  std::string_view get_text(int col) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(lease_.stmt, col));
    if (!p) return {};
    return {p, static_cast<size_t>(sqlite3_column_bytes(lease_.stmt, col))};
  }

 private:
  const SqliteConnection& conn_;
  Lease lease_;
  bool done_ = false;
};

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path,
                                                                 const SqliteOptions& options) {
  sqlite3* db = nullptr;
  const int flags = (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error(ErrorCode::kDatabaseUnavailable,
                 "Cannot open the SQLite database " + path + ": " + msg);
  }
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  sqlite3_extended_result_codes(db, 1);
  std::string pragmas = "PRAGMA busy_timeout = 10000; PRAGMA temp_store = MEMORY; ";
  pragmas += "PRAGMA cache_size = -" + std::to_string(options.cache_kib) + "; ";
  if (options.mmap_bytes > 0) pragmas += "PRAGMA mmap_size = " + std::to_string(options.mmap_bytes) + "; ";
  if (!options.read_only) {
    pragmas += "PRAGMA journal_mode = WAL; ";
    pragmas += options.synchronous_full ? "PRAGMA synchronous = FULL; " : "PRAGMA synchronous = NORMAL; ";
  }
  if (Status s = conn->exec_script(pragmas); !s) {
    Error e = s.error();
    e.code = ErrorCode::kDatabaseUnavailable;
    return e.prefix("Cannot use the SQLite database " + path);
  }
  return conn;
}

SqliteConnection::~SqliteConnection() {
  cache_.for_each([](CachedStatement& s) { sqlite3_finalize(s.stmt); });
  sqlite3_close_v2(db_);
}

Result<SqliteConnection::Lease> SqliteConnection::prepare(std::string_view sql, Params params) {
  Lease lease;
  CachedStatement* cached = cache_.find(sql);
  if (cached && !cached->in_use) {
    lease = {cached->stmt, cached};
  } else {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return error(rc, "preparing SQL");
    if (!cached) {
      std::vector<CachedStatement> evicted;
      cached = cache_.insert(std::string(sql), CachedStatement{stmt, false},
                             [](const CachedStatement& s) { return !s.in_use; }, evicted);
      for (CachedStatement& e : evicted) sqlite3_finalize(e.stmt);
      lease = {stmt, cached};
    } else {
      lease = {stmt, nullptr};  // the cached copy is busy in an open cursor
    }
  }
  if (lease.cached) lease.cached->in_use = true;

  const int expected = sqlite3_bind_parameter_count(lease.stmt);
  if (expected != static_cast<int>(params.size())) {
    lease.release();
    return internal_error("SQL expects " + std::to_string(expected) + " parameters, got " +
                          std::to_string(params.size()));
  }
  int i = 1;
  for (const Param& p : params) {
    int rc = SQLITE_OK;
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) rc = sqlite3_bind_null(lease.stmt, i);
          else if constexpr (std::is_same_v<T, int64_t>) rc = sqlite3_bind_int64(lease.stmt, i, v);
          else if constexpr (std::is_same_v<T, double>) rc = sqlite3_bind_double(lease.stmt, i, v);
          else rc = sqlite3_bind_text(lease.stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
        },
        p.value());
    if (rc != SQLITE_OK) {
      lease.release();
      return error(rc, "binding parameters");
    }
    ++i;
  }
  return lease;
}

bool SqliteConnection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

Result<int64_t> SqliteConnection::exec(std::string_view sql, Params params) {
  ASSIGN_OR_RETURN(Lease lease, prepare(sql, params));
  int rc;
  while ((rc = sqlite3_step(lease.stmt)) == SQLITE_ROW) {
  }
  lease.release();
  if (rc != SQLITE_DONE) return error(rc, "running SQL");
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

Result<int64_t> SqliteConnection::insert_id(std::string_view sql, Params params) {
  RETURN_IF_ERROR(exec(sql, params));
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Status SqliteConnection::exec_at_end(std::string_view sql, Params params) {
  Queued q{std::string(sql), {}};
  q.values.reserve(params.size());
  for (const Param& p : params) {
    const auto& v = p.value();
    if (const auto* text = std::get_if<std::string_view>(&v)) {
      q.values.emplace_back(std::string(*text));
    } else if (const auto* i = std::get_if<int64_t>(&v)) {
      q.values.emplace_back(*i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      q.values.emplace_back(*d);
    } else {
      q.values.emplace_back(nullptr);
    }
  }
  queued_.push_back(std::move(q));
  return {};
}

Status SqliteConnection::run_queued() {
  std::vector<Queued> queued = std::move(queued_);
  queued_.clear();
  for (const Queued& q : queued) {
    std::vector<Param> params;
    params.reserve(q.values.size());
    for (const auto& v : q.values)
      std::visit([&](const auto& x) { params.emplace_back(x); }, v);
    auto r = exec(q.sql, params);
    if (!r) return r.error();
  }
  return {};
}

Result<std::unique_ptr<Rows>> SqliteConnection::query(std::string_view sql, Params params) {
  ASSIGN_OR_RETURN(Lease lease, prepare(sql, params));
  return std::unique_ptr<Rows>(new SqliteRows(*this, lease));
}

Status SqliteConnection::exec_script(std::string_view sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    Error e = error(rc, "running SQL script");
    e.message += " (" + msg + ")";
    return e;
  }
  return {};
}

}  // namespace civicdesk::sql
