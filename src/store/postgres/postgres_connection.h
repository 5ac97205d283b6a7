// sql::Connection over one libpq connection: '?' placeholders rewritten to
// $n, statements prepared once per connection and cached by their text,
// parameters sent in text format.
// Used by one thread at a time (PostgresStore hands connections out).
#pragma once

#include <memory>
#include <string>
#include <optional>
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
  // Round trips are what a transaction costs here, so they are saved where
  // the protocol allows:
  //  * begin() sends nothing; the BEGIN goes out in one pipeline with the
  //    transaction's first statement (one round trip for both);
  //  * commit_without_waiting() sends a read-only transaction's COMMIT and
  //    collects its answer at the start of the connection's next use.
  void begin(std::string statement);
  // COMMIT, refusing the silent ROLLBACK PostgreSQL performs when the
  // transaction had already failed.
  Status commit();
  void commit_without_waiting();
  Status rollback();

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

  // Collects the answer to a COMMIT sent without waiting.
  Status settle();
  // Sends a pending BEGIN on its own (before statements that cannot share
  // its pipeline).
  Status flush_begin();
  // Runs BEGIN and a prepared statement in one pipeline.
  Result<pg_result*> run_with_begin(const std::string& name, Params params);
  Result<pg_result*> run_prepared(const std::string& name, Params params);

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // sql -> statement name
  std::string pending_begin_;
  bool commit_in_flight_ = false;
};

}  // namespace civicdesk::sql
