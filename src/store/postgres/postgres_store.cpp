#include "store/postgres/postgres_store.h"

#include <chrono>
#include <exception>
#include <thread>

#include "store/sql/migrate.h"
#include "store/sql/sql_tx.h"

namespace civicdesk {

namespace {

constexpr auto kPoolWait = std::chrono::seconds(5);
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

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const std::string& url, const StoreOptions& options) {
  std::unique_ptr<PostgresStore> store(new PostgresStore(url, options));
  ASSIGN_OR_RETURN(auto first, sql::PostgresConnection::connect(url, kConnectTimeoutSeconds));
  store->open_ = 1;
  store->release(std::move(first));
  return store;
}

Result<std::unique_ptr<sql::PostgresConnection>> PostgresStore::acquire() {
  std::unique_lock lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + kPoolWait;
  while (true) {
    while (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      if (!conn->broken()) return conn;
      --open_;  // dropped; a fresh one is opened below
    }
    if (open_ < std::max(1, options_.pool_size)) break;
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout)
      return Error(ErrorCode::kDatabaseUnavailable, "All database connections are busy; try again shortly");
  }
  ++open_;
  lock.unlock();
  auto conn = sql::PostgresConnection::connect(url_, kConnectTimeoutSeconds);
  if (!conn) {
    std::lock_guard relock(mu_);
    --open_;
    cv_.notify_one();
  }
  return conn;
}

void PostgresStore::release(std::unique_ptr<sql::PostgresConnection> conn) {
  {
    std::lock_guard lock(mu_);
    if (conn->broken())
      --open_;
    else
      idle_.push_back(std::move(conn));
  }
  cv_.notify_one();
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

Status PostgresStore::write(const std::function<Status(Tx&)>& fn) {
  return transact(
      "BEGIN ISOLATION LEVEL READ COMMITTED",
      [&fn](sql::Connection& c) {
        sql::SqlTx tx(c);
        return fn(tx);
      },
      kMaxAttempts);
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
