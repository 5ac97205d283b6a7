#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <thread>

#include "store/sql/migrate.h"
#include "store/sql/sql_tx.h"

namespace civicdesk {

namespace {

constexpr auto kPoolWait = std::chrono::seconds(5);
constexpr const char* kWriteBegin = "BEGIN ISOLATION LEVEL READ COMMITTED";
// Any number will do, as long as only civicdesk migrations take it.
constexpr int64_t kMigrationLockKey = 0x63697669;

Status run_guarded(const std::function<Status(sql::Connection&)>& fn, sql::Connection& c) {
  try {
    return fn(c);
  } catch (const std::exception& e) {
    return internal_error(std::string("unexpected exception in a transaction: ") + e.what());
  } catch (...) {
    return internal_error("unexpected exception in a transaction");
  }
}

}  // namespace

PostgresStore::PostgresStore(std::string url, const StoreOptions& options)
    : url_(std::move(url)),
      options_(options),
      // The pool is sized at four connections per core (cli/serve.cpp): one
      // batch transaction per core's worth, at least one.
      max_batches_(std::max(1, options.pool_size / 4)) {}

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const std::string& url, const StoreOptions& options) {
  std::unique_ptr<PostgresStore> store(new PostgresStore(url, options));
  ASSIGN_OR_RETURN(auto first, sql::PostgresConnection::connect(url, kConnectTimeoutSeconds));
  store->open_ = 1;
  store->release(std::move(first));
  return store;
}

// Connections go to waiters first come, first served, handed over on
// release: no request (and no batch of writes) waits while later arrivals
// take connection after connection.
struct PostgresStore::PoolWaiter {
  std::condition_variable wake;
  std::unique_ptr<sql::PostgresConnection> conn;  // handed over by release()
  bool may_open = false;                          // or a free slot to open one in
};

Result<std::unique_ptr<sql::PostgresConnection>> PostgresStore::acquire() {
  std::unique_lock lock(mu_);
  bool may_open = false;
  if (waiters_.empty()) {
    while (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      if (!conn->broken()) return conn;
      --open_;  // dropped; a fresh one is opened below
    }
    may_open = open_ < std::max(1, options_.pool_size);
    if (may_open) ++open_;
  }
  if (!may_open) {
    PoolWaiter me;
    waiters_.push_back(&me);
    const auto deadline = std::chrono::steady_clock::now() + kPoolWait;
    while (!me.conn && !me.may_open) {
      if (me.wake.wait_until(lock, deadline) == std::cv_status::timeout && !me.conn && !me.may_open) {
        waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &me));
        return Error(ErrorCode::kDatabaseUnavailable, "All database connections are busy; try again shortly");
      }
    }
    if (me.conn) return std::move(me.conn);
  }
  lock.unlock();
  auto conn = sql::PostgresConnection::connect(url_, kConnectTimeoutSeconds);
  if (!conn) {
    std::lock_guard relock(mu_);
    --open_;
    pass_free_slot();
  }
  return conn;
}

void PostgresStore::pass_free_slot() {
  if (waiters_.empty()) return;
  PoolWaiter* next = waiters_.front();
  waiters_.pop_front();
  ++open_;
  next->may_open = true;
  next->wake.notify_one();
}

void PostgresStore::release(std::unique_ptr<sql::PostgresConnection> conn) {
  std::lock_guard lock(mu_);
  if (conn->broken()) {
    --open_;
    pass_free_slot();
  } else if (!waiters_.empty()) {
    PoolWaiter* next = waiters_.front();
    waiters_.pop_front();
    next->conn = std::move(conn);
    next->wake.notify_one();
  } else {
    idle_.push_back(std::move(conn));
  }
}

Status PostgresStore::transact(const char* begin, const std::function<Status(sql::Connection&)>& fn,
                               int attempts, bool read_only) {
  Status last;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    ASSIGN_OR_RETURN(auto conn, acquire());
    conn->begin(begin);
    Status s = run_guarded(fn, *conn);
    if (s) {
      // A read has nothing to make durable: its COMMIT need not be waited for.
      if (read_only) conn->commit_without_waiting();
      else s = conn->commit();
    } else if (!conn->broken()) {
      (void)conn->rollback();
    }
    release(std::move(conn));
    if (s.ok() || s.error().code != ErrorCode::kConflict) return s;
    last = s;
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * attempt));  // let the winner finish
  }
  return last;
}

struct PostgresStore::WriteJob {
  const std::function<Status(sql::Connection&)>* fn;
  Status result;
  bool done = false;
  std::condition_variable wake;
};

// Group commit. Each write queues itself; whoever finds a batch slot free
// takes up to kMaxBatch queued writes (its own among them, or earlier ones)
// and runs them in one transaction. While it does, the next writes queue
// up for the next batch. One COMMIT and one WAL flush then serve many
// writes, and a write's last statements travel with the next one's first
// (PostgresConnection::exec_later), which more than halves PostgreSQL's own
// work per case created (BENCHMARKS.md).
Status PostgresStore::write(const std::function<Status(Tx&)>& fn) {
  const std::function<Status(sql::Connection&)> in_tx = [this, &fn](sql::Connection& c) {
    sql::SqlTx tx(c, &case_numbers_);
    return fn(tx);
  };
  WriteJob job{&in_tx, {}, false, {}};
  std::unique_lock lock(batch_mu_);
  waiting_.push_back(&job);
  while (!job.done) {
    if (batches_running_ < max_batches_ && !waiting_.empty())
      lead_batch(lock);
    else
      job.wake.wait(lock);
  }
  return std::move(job.result);
}

void PostgresStore::lead_batch(std::unique_lock<std::mutex>& lock) {
  std::vector<WriteJob*> batch;
  while (!waiting_.empty() && batch.size() < kMaxBatch) {
    batch.push_back(waiting_.front());
    waiting_.pop_front();
  }
  ++batches_running_;
  // More waiting and a slot still free (two batches may have ended at once):
  // the next in line leads it.
  if (!waiting_.empty() && batches_running_ < max_batches_) waiting_.front()->wake.notify_one();
  lock.unlock();
  run_batch(batch);
  lock.lock();
  --batches_running_;
  for (WriteJob* j : batch) {
    j->done = true;
    j->wake.notify_one();
  }
  // The longest waiting write leads the next batch.
  if (!waiting_.empty()) waiting_.front()->wake.notify_one();
}

// All or nothing, as if each job had run alone in that order:
//  * every job succeeds and COMMIT succeeds: all are kept;
//  * a job fails: the transaction is rolled back; the jobs before it run
//    again together, the failed one alone (its result is then its own,
//    with the usual retries), and the ones after it together;
//  * the connection is lost: every job gets that failure, as a lone
//    transaction would (whether a lost COMMIT was kept is unknown);
//  * PostgreSQL refuses the COMMIT (a statement sent with it had failed):
//    nothing was kept, and each job runs again alone.
void PostgresStore::run_batch(std::span<WriteJob* const> jobs) {
  auto alone = [this](WriteJob* j) { j->result = transact(kWriteBegin, *j->fn, kMaxAttempts); };
  if (jobs.empty()) return;
  if (jobs.size() == 1) return alone(jobs[0]);
  auto conn = acquire();
  if (!conn) {
    for (WriteJob* j : jobs) j->result = conn.error();
    return;
  }
  sql::PostgresConnection& c = **conn;
  c.begin(kWriteBegin);
  size_t failed = jobs.size();
  Status failure;
  for (size_t i = 0; i < jobs.size() && failed == jobs.size(); ++i) {
    failure = run_guarded(*jobs[i]->fn, c);
    if (!failure) failed = i;
  }
  if (failed == jobs.size()) failure = c.commit();
  else if (!c.broken()) (void)c.rollback();
  const bool lost = c.broken();
  release(std::move(*conn));
  if (failure.ok() || lost) {
    for (WriteJob* j : jobs) j->result = failure;
    return;
  }
  if (failed == jobs.size()) {
    for (WriteJob* j : jobs) alone(j);
    return;
  }
  run_batch(jobs.first(failed));
  alone(jobs[failed]);
  run_batch(jobs.subspan(failed + 1));
}

Status PostgresStore::read(const std::function<Status(ReadTx&)>& fn) {
  return transact(
      "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
      [&fn](sql::Connection& c) {
        sql::SqlTx tx(c);
        return fn(tx);
      },
      kMaxAttempts, /*read_only=*/true);
}

Status PostgresStore::migrate() {
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return transact(
      "BEGIN",
      [now](sql::Connection& c) -> Status {
        // Several servers may start at once: one migrates, the others wait
        // and then find nothing to do.
        RETURN_IF_ERROR(c.exec_script("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")"));
        return sql::apply_migrations(c, now);
      },
      1);
}

Result<int> PostgresStore::schema_version() {
  int version = 0;
  RETURN_IF_ERROR(transact("BEGIN", [&](sql::Connection& c) -> Status {
    ASSIGN_OR_RETURN(version, sql::current_schema_version(c));
    return {};
  }, 1));
  return version;
}

Status PostgresStore::ping() {
  return transact("BEGIN READ ONLY", [](sql::Connection& c) { return c.exec_script("SELECT 1"); }, 1);
}

}  // namespace civicdesk
