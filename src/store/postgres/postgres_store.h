// The PostgreSQL store: a bounded pool of libpq connections.
//
// write() runs the caller's function in a READ COMMITTED transaction, and
// concurrent writes share one (group commit, as on SQLite; see write() in
// the .cpp). A function may therefore run more than once, as it may when
// serialization failures and deadlocks are retried: it must be safe to run
// again.
// Optimistic version checks in the repository code make lost updates
// impossible at this isolation level.
// read() uses a REPEATABLE READ, READ ONLY transaction: one snapshot.
//
// Connections found broken are dropped and replaced on the next request, so
// the store recovers by itself when the database comes back; while it is
// down, requests fail fast with database_unavailable.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "store/postgres/postgres_connection.h"
#include "store/sql/case_numbers.h"
#include "store/store.h"

namespace civicdesk {

class PostgresStore final : public Store {
 public:
  static constexpr int kMaxAttempts = 5;
  static constexpr int kConnectTimeoutSeconds = 3;
  // Writes committed together at most: bounds what one failure re-runs.
  static constexpr size_t kMaxBatch = 32;

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
  PostgresStore(std::string url, const StoreOptions& options);

  struct WriteJob;
  // Runs jobs in one transaction; see the .cpp for what happens on failure.
  void run_batch(std::span<WriteJob* const> jobs);
  // Takes the next batch off the queue and runs it (lock held on entry and exit).
  void lead_batch(std::unique_lock<std::mutex>& lock);

  // Runs `fn` in a transaction opened with `begin`, retrying conflicts.
  Status transact(const char* begin, const std::function<Status(sql::Connection&)>& fn, int attempts,
                  bool read_only = false);
  Result<std::unique_ptr<sql::PostgresConnection>> acquire();
  void release(std::unique_ptr<sql::PostgresConnection> conn);

  const std::string url_;
  const StoreOptions options_;
  struct PoolWaiter;
  // Gives a slot freed by a dropped connection to the first waiter (mu_ held).
  void pass_free_slot();

  std::mutex mu_;
  std::vector<std::unique_ptr<sql::PostgresConnection>> idle_;  // guarded by mu_
  std::deque<PoolWaiter*> waiters_;                              // guarded by mu_, first come first served
  int open_ = 0;                                                 // guarded by mu_

  sql::ReservedCaseNumbers case_numbers_;
  const int max_batches_;  // batch transactions at once
  std::mutex batch_mu_;
  std::deque<WriteJob*> waiting_;  // guarded by batch_mu_
  int batches_running_ = 0;        // guarded by batch_mu_
};

}  // namespace civicdesk
