// sql::Connection over one libpq connection: '?' placeholders rewritten to
// $n, statements prepared once per connection and cached by their text,
// parameters sent in text format.
// Used by one thread at a time (PostgresStore hands connections out).
#pragma once

#include <memory>
#include <string>
#include <optional>
#include <vector>

#include "base/result.h"
#include "store/sql/sql.h"
#include "store/sql/statement_cache.h"

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
  // Queued and sent with the next statement that needs an answer, or with
  // COMMIT: no round trip of its own. A failure fails the transaction.
  Status exec_later(std::string_view sql, Params params) override;
  Status exec_script(std::string_view sql) override;
  bool supports_copy() const override { return true; }
  Result<int64_t> copy_in(std::string_view copy_sql, std::string_view data) override;
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
  struct Deferred {
    std::string name;  // prepared statement
    std::vector<std::string> values;
    std::vector<bool> nulls;
  };
  Result<pg_result*> send_pipeline(std::optional<std::pair<std::string, Params>> last, bool last_is_commit);
  Result<pg_result*> run_prepared(const std::string& name, Params params);

  pg_conn* conn_;
  StatementCache<std::string> prepared_;  // sql -> statement name
  int64_t statements_named_ = 0;
  std::string pending_begin_;
  std::vector<Deferred> deferred_;  // statements whose answers nobody waits for
  bool in_transaction_ = false;
  bool commit_in_flight_ = false;
};

}  // namespace civicdesk::sql
