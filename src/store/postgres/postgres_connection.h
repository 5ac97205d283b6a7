// sql::Connection over one libpq connection: '?' placeholders rewritten to
// $n, statements prepared once per connection and cached by their text,
// parameters sent in text format.
// Used by one thread at a time (PostgresStore hands connections out).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "store/sql/sql.h"

struct pg_conn;
struct pg_result;

namespace civicdesk::sql {

class PostgresConnection final : public Connection {
 public:
  // Connects to `url` (a postgres:// URI), failing after `timeout_seconds`.
  // database_unavailable names the URL without its password.
  static Result<std::unique_ptr<PostgresConnection>> connect(const std::string& url, int timeout_seconds);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  Result<int64_t> exec(std::string_view sql, Params params) override;
  Result<std::unique_ptr<Rows>> query(std::string_view sql, Params params) override;
  Result<std::unique_ptr<Rows>> stream(std::string_view sql, Params params) override;
  Result<int64_t> insert_id(std::string_view sql, Params params) override;
  Status exec_script(std::string_view sql) override;
  bool broken() const override;
  // COMMIT, refusing the silent ROLLBACK PostgreSQL performs when the
  // transaction had already failed.
  Status commit();

  // Rewrites '?' placeholders (outside quotes) to $1, $2, ...
  static std::string number_placeholders(std::string_view sql);

 private:
  class PgRows;
  class PgStreamRows;
  // Parameters as NUL-terminated text, as libpq wants them.
  struct TextParams {
    std::vector<std::string> owned;
    std::vector<const char*> values;
    explicit TextParams(Params params);
  };
  explicit PostgresConnection(pg_conn* conn) : conn_(conn) {}
  // The name of the prepared statement for `sql`, preparing it once.
  Result<std::string> prepared(std::string_view sql);
  // Prepares (once) and executes; returns the result or the mapped error.
  Result<pg_result*> run(std::string_view sql, Params params);
  Error error_from(pg_result* res, std::string_view context) const;

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // sql -> statement name
};

}  // namespace civicdesk::sql
