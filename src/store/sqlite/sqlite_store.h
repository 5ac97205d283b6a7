// The embedded SQLite store.
//
// One writer thread owns the only read-write connection. write() queues the
// caller's function and blocks until its batch commits: the writer takes every
// queued function (up to kMaxBatch), runs each inside its own SAVEPOINT of one
// transaction, commits once (one fsync for the whole batch: group commit), then
// wakes every caller with its own result. A function that fails is rolled back
// to its savepoint without disturbing the others.
//
// Readers use a pool of connections; in WAL mode they never block the writer
// and see the last committed state.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/sqlite_connection.h"
#include "store/store.h"

namespace civicdesk {

class SqliteStore final : public Store {
 public:
  static constexpr size_t kMaxBatch = 512;

  // Opens or creates the database file at `path`.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path, const StoreOptions& options);
  ~SqliteStore() override;

  Status read(const std::function<Status(ReadTx&)>& fn) override;
  Status write(const std::function<Status(Tx&)>& fn) override;
  Status migrate() override;
  Result<int> schema_version() override;
  Status ping() override;
  Backend backend() const override { return Backend::kSqlite; }
  std::string describe() const override { return "sqlite:" + path_; }

 private:
  struct Job;
  SqliteStore(std::string path, const StoreOptions& options,
              std::unique_ptr<sql::SqliteConnection> writer);
  // Runs `fn` on the writer connection inside a group-committed transaction.
  Status submit(const std::function<Status(sql::Connection&)>& fn);
  void writer_loop();
  void run_batch(std::vector<Job*>& batch);

  Result<std::unique_ptr<sql::SqliteConnection>> acquire_reader();
  void release_reader(std::unique_ptr<sql::SqliteConnection> conn);

  const std::string path_;
  const StoreOptions options_;
  std::unique_ptr<sql::SqliteConnection> writer_;  // used by writer_thread_ only

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Job*> queue_;  // guarded by queue_mu_
  bool stopping_ = false;   // guarded by queue_mu_
  std::thread writer_thread_;

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<sql::SqliteConnection>> idle_readers_;  // guarded by pool_mu_
  int open_readers_ = 0;                                               // guarded by pool_mu_
};

}  // namespace civicdesk
