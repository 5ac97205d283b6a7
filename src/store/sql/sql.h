// A small SQL connection interface with two drivers (SQLite, libpq), so that
// the repository code in sql_tx*.cpp is written once for both databases.
//
// Statements use '?' placeholders; the PostgreSQL driver rewrites them to $n.
// Statements are prepared once per connection and cached by their text (a
// bounded cache: keep values out of the text, use placeholders()).
// Parameters are bound, never spliced into SQL.
//
// Dialect differences (identity columns, full-text search, sequences) live in
// dialect.h only.
//
// Not thread-safe: one connection is used by one thread at a time.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"

namespace civicdesk::sql {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter: NULL, integer, real or text (borrowed: the text must
// outlive the call that binds it).
class Param {
 public:
  Param() : v_(nullptr) {}
  Param(std::nullptr_t) : v_(nullptr) {}                       // NOLINT
  Param(int v) : v_(static_cast<int64_t>(v)) {}                // NOLINT
  Param(int64_t v) : v_(v) {}                                  // NOLINT
  Param(bool v) : v_(static_cast<int64_t>(v ? 1 : 0)) {}       // NOLINT
  Param(double v) : v_(v) {}                                   // NOLINT
  Param(std::string_view v) : v_(v) {}                         // NOLINT
  Param(const std::string& v) : v_(std::string_view(v)) {}     // NOLINT
  Param(const char* v) : v_(std::string_view(v)) {}            // NOLINT
  template <typename T>
  Param(const std::optional<T>& v) : Param() {  // NOLINT
    if (v) *this = Param(*v);
  }

  bool is_null() const { return v_.index() == 0; }
  const std::variant<std::nullptr_t, int64_t, double, std::string_view>& value() const { return v_; }

 private:
  std::variant<std::nullptr_t, int64_t, double, std::string_view> v_;
};

// A borrowed list of parameters: write {a, b, c} at a call site, or pass a
// std::vector<Param> built up for a dynamic query. Valid for the call only.
class Params {
 public:
  Params() = default;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winit-list-lifetime"
  // The list's array lives until the end of the full expression that holds
  // the call, which is as long as a Params is used.
  Params(std::initializer_list<Param> il) : p_(il.begin()), n_(il.size()) {}  // NOLINT
#pragma GCC diagnostic pop
  Params(const std::vector<Param>& v) : p_(v.data()), n_(v.size()) {}          // NOLINT
  const Param* begin() const { return p_; }
  const Param* end() const { return p_ + n_; }
  size_t size() const { return n_; }
  const Param& operator[](size_t i) const { return p_[i]; }

 private:
  const Param* p_ = nullptr;
  size_t n_ = 0;
};

// Forward-only cursor over a query's rows. Column values are valid until the
// next call to next().
class Rows {
 public:
  virtual ~Rows() = default;
  // Advances to the next row: true if there is one, false at the end.
  virtual Result<bool> next() = 0;
  virtual bool is_null(int col) const = 0;
  virtual int64_t get_int(int col) const = 0;
  virtual double get_double(int col) const = 0;
  virtual std::string_view get_text(int col) const = 0;

  std::optional<int64_t> get_opt_int(int col) const {
    return is_null(col) ? std::nullopt : std::optional<int64_t>(get_int(col));
  }
  std::optional<double> get_opt_double(int col) const {
    return is_null(col) ? std::nullopt : std::optional<double>(get_double(col));
  }
  std::string get_string(int col) const { return std::string(get_text(col)); }
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs a statement that returns no rows; returns the number of rows changed.
  virtual Result<int64_t> exec(std::string_view sql, Params params = {}) = 0;
  // Runs a statement whose answer the caller does not need (inside a
  // transaction it may be sent later, with the next statement or the
  // commit; its failure then fails the transaction). Default: exec now.
  virtual Status exec_later(std::string_view sql, Params params) {
    auto r = exec(sql, params);
    if (!r) return r.error();
    return {};
  }
  // Runs a statement at the end of the write transaction, after its last
  // savepoint is released, in the order queued; dropped with the savepoint
  // it was queued in if that rolls back. Default: runs it now (PostgreSQL
  // has no use for it). SQLite writes its text-search index this way: see
  // SqliteConnection.
  virtual Status exec_at_end(std::string_view sql, Params params) {
    auto r = exec(sql, params);
    if (!r) return r.error();
    return {};
  }
  // Runs an INSERT (written without RETURNING) into a table with an "id"
  // identity column and returns the new id. SQLite reads the rowid;
  // PostgreSQL appends RETURNING id. On SQLite, RETURNING opens a statement
  // journal, and the statement's savepoint makes FTS5 write the terms it
  // holds for the transaction out to disk as a segment of their own: a
  // RETURNING after a case was indexed cost 11% of the server's time when
  // creating cases. So SQLite statements in write transactions avoid it.
  virtual Result<int64_t> insert_id(std::string_view sql, Params params) = 0;
  // Runs a query; the cursor must be drained or destroyed before the next
  // statement on this connection.
  virtual Result<std::unique_ptr<Rows>> query(std::string_view sql, Params params = {}) = 0;
  // Like query(), but rows are fetched from the server as they are read, so
  // memory stays bounded whatever the result size (SQLite always works this
  // way; PostgreSQL uses single-row mode). The cursor must be drained or
  // destroyed before the next statement on this connection.
  virtual Result<std::unique_ptr<Rows>> stream(std::string_view sql, Params params = {}) = 0;
  // Runs several ';'-separated statements without parameters (migrations,
  // transaction control).
  virtual Status exec_script(std::string_view sql) = 0;
  // Bulk loading (PostgreSQL only): runs `copy_sql` (COPY ... FROM STDIN in
  // text format) and sends `data`, rows of tab-separated fields ending in
  // '\n' with \N for NULL. Returns the rows copied. Other drivers answer
  // internal: callers ask supports_copy() first.
  virtual bool supports_copy() const { return false; }
  virtual Result<int64_t> copy_in(std::string_view copy_sql, std::string_view data) {
    (void)copy_sql;
    (void)data;
    return internal_error("this database does not support COPY");
  }
  // True if the connection has failed and must be replaced.
  virtual bool broken() const = 0;
};

// Runs a query expected to return at most one row and hands it to `fn`.
// not_found with `what` when there is no row.
template <typename T, typename F>
Result<T> query_one(Connection& c, std::string_view sql, Params params, std::string_view what, F&& fn) {
  ASSIGN_OR_RETURN(auto rows, c.query(sql, params));
  ASSIGN_OR_RETURN(bool has, rows->next());
  if (!has) return not_found(std::string(what) + " not found");
  return fn(*rows);
}

// Runs a query and collects every row through `fn`.
template <typename T, typename F>
Result<std::vector<T>> query_all(Connection& c, std::string_view sql, Params params, F&& fn) {
  ASSIGN_OR_RETURN(auto rows, c.query(sql, params));
  std::vector<T> out;
  while (true) {
    ASSIGN_OR_RETURN(bool has, rows->next());
    if (!has) break;
    out.push_back(fn(*rows));
  }
  return out;
}

// "?, ?, ?" for n values, for IN lists: the text depends only on the count.
inline std::string placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

}  // namespace civicdesk::sql
