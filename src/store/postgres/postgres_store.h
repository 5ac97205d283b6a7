// The PostgreSQL store: a bounded pool of libpq connections.
//
// write() runs the caller's function in a READ COMMITTED transaction on one
// pooled connection and commits; PostgreSQL groups concurrent commits into one
// WAL flush itself. Serialization failures and deadlocks are retried (the
// function must be safe to run again). Optimistic version checks in the
// repository code make lost updates impossible at this isolation level.
// read() uses a REPEATABLE READ, READ ONLY transaction: one snapshot.
//
// Connections found broken are dropped and replaced on the next request, so
// the store recovers by itself when the database comes back; while it is
// down, requests fail fast with database_unavailable.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/postgres_connection.h"
#include "store/store.h"

namespace civicdesk {

class PostgresStore final : public Store {
 public:
  static constexpr int kMaxAttempts = 5;
  static constexpr int kConnectTimeoutSeconds = 3;

  // Connects once to check the URL and the server; database_unavailable
  // (naming the URL without password) if it cannot.
  static Result<std::unique_ptr<PostgresStore>> open(const std::string& url, const StoreOptions& options);

  Status read(const std::function<Status(ReadTx&)>& fn) override;
  Status write(const std::function<Status(Tx&)>& fn) override;
  Status migrate() override;
  Result<int> schema_version() override;
  Status ping() override;
  Backend backend() const override { return Backend::kPostgres; }
  std::string describe() const override { return redact_url(url_); }

 private:
  PostgresStore(std::string url, const StoreOptions& options) : url_(std::move(url)), options_(options) {}

  // Runs `fn` in a transaction opened with `begin`, retrying conflicts.
  Status transact(const char* begin, const std::function<Status(sql::Connection&)>& fn, int attempts,
                  bool read_only = false);
  Result<std::unique_ptr<sql::PostgresConnection>> acquire();
  void release(std::unique_ptr<sql::PostgresConnection> conn);

  const std::string url_;
  const StoreOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<sql::PostgresConnection>> idle_;  // guarded by mu_
  int open_ = 0;                                                 // guarded by mu_
};

}  // namespace civicdesk
