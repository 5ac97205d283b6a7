#include "store/sqlite/sqlite_store.h"

#include <chrono>
#include <exception>
#include <future>

#include "store/sql/migrate.h"
#include "store/sql/sql_tx.h"

namespace civicdesk {

struct SqliteStore::Job {
  const std::function<Status(sql::Connection&)>* fn;
  std::promise<Status> done;
};

namespace {

Status run_guarded(const std::function<Status(sql::Connection&)>& fn, sql::Connection& c) {
  // Exceptions never cross the store boundary: a throwing function is a bug,
  // reported as an internal error for its own caller only.
  try {
    return fn(c);
  } catch (const std::exception& e) {
    return internal_error(std::string("unexpected exception in a transaction: ") + e.what());
  } catch (...) {
    return internal_error("unexpected exception in a transaction");
  }
}

// Transaction control through the statement cache (no re-parsing per call).
Status run(sql::Connection& c, const char* statement) {
  auto r = c.exec(statement);
  if (!r) return r.error();
  return {};
}

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path, const StoreOptions& options) {
  sql::SqliteOptions o;
  o.synchronous_full = options.synchronous_full;
  ASSIGN_OR_RETURN(auto writer, sql::SqliteConnection::open(path, o));
  return std::unique_ptr<SqliteStore>(new SqliteStore(path, options, std::move(writer)));
}

SqliteStore::SqliteStore(std::string path, const StoreOptions& options,
                         std::unique_ptr<sql::SqliteConnection> writer)
    : path_(std::move(path)), options_(options), writer_(std::move(writer)) {
  writer_thread_ = std::thread([this] { writer_loop(); });
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  writer_thread_.join();
}

Status SqliteStore::submit(const std::function<Status(sql::Connection&)>& fn) {
  Job job{&fn, {}};
  std::future<Status> result = job.done.get_future();
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_) return Error(ErrorCode::kUnavailable, "The store is shutting down");
    queue_.push_back(&job);
  }
  queue_cv_.notify_one();
  return result.get();
}

void SqliteStore::writer_loop() {
  std::vector<Job*> batch;
  batch.reserve(kMaxBatch);
  while (true) {
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    run_batch(batch);
    batch.clear();
  }
}

void SqliteStore::run_batch(std::vector<Job*>& batch) {
  sql::SqliteConnection& c = *writer_;
  std::vector<Status> results(batch.size());
  auto fail_all = [&](const Status& why) {
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(why);
  };
  c.drop_queued_from(0);  // nothing carries over from a batch that failed
  Status begin = run(c, "BEGIN IMMEDIATE");
  if (!begin) return fail_all(begin);
  for (size_t i = 0; i < batch.size(); ++i) {
    if (Status sp = run(c, "SAVEPOINT job"); !sp) {
      results[i] = sp;
      continue;
    }
    const size_t mark = c.queued();
    results[i] = run_guarded(*batch[i]->fn, c);
    if (!c.in_transaction()) {
      // SQLite abandoned the whole transaction (disk full, I/O error): no job
      // in this batch was kept, and none may run outside a transaction.
      Status lost = results[i].ok()
                        ? Status(Error(ErrorCode::kDatabaseUnavailable, "The database write failed"))
                        : results[i];
      return fail_all(lost);
    }
    if (!results[i].ok()) {
      (void)run(c, "ROLLBACK TO job");
      c.drop_queued_from(mark);
    }
    (void)run(c, "RELEASE job");
  }
  // The jobs' text-search index writes (SqliteConnection::exec_at_end); if
  // they fail, the batch fails as a failed COMMIT would.
  Status commit = c.run_queued();
  if (commit) commit = run(c, "COMMIT");
  if (!commit) {
    if (c.in_transaction()) (void)run(c, "ROLLBACK");
    return fail_all(commit);
  }
  for (size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(std::move(results[i]));
}

Status SqliteStore::write(const std::function<Status(Tx&)>& fn) {
  return submit([&fn](sql::Connection& c) {
    sql::SqlTx tx(c);
    return fn(tx);
  });
}

Result<std::unique_ptr<sql::SqliteConnection>> SqliteStore::acquire_reader() {
  std::unique_lock lock(pool_mu_);
  while (true) {
    if (!idle_readers_.empty()) {
      auto conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return conn;
    }
    if (open_readers_ < std::max(1, options_.pool_size)) break;
    pool_cv_.wait(lock);
  }
  ++open_readers_;
  lock.unlock();
  sql::SqliteOptions o;
  o.cache_kib = 4096;
  // Readers map the file (up to Debian's SQLite limit of 2 GB): a page
  // outside the small page cache is then a memory read, not a read() system
  // call and a copy, which was a quarter of a nearby search's time over a
  // million cases (BENCHMARKS.md). The mapped pages are the kernel's page
  // cache, shared and reclaimable, though they count in the process's RSS.
  o.mmap_bytes = int64_t{2} << 30;
  auto conn = sql::SqliteConnection::open(path_, o);
  if (!conn) {
    std::lock_guard relock(pool_mu_);
    --open_readers_;
    pool_cv_.notify_one();
  }
  return conn;
}

void SqliteStore::release_reader(std::unique_ptr<sql::SqliteConnection> conn) {
  {
    std::lock_guard lock(pool_mu_);
    idle_readers_.push_back(std::move(conn));
  }
  pool_cv_.notify_one();
}

Status SqliteStore::read(const std::function<Status(ReadTx&)>& fn) {
  ASSIGN_OR_RETURN(auto conn, acquire_reader());
  Status s = run(*conn, "BEGIN");
  if (s) {
    s = run_guarded(
        [&fn](sql::Connection& c) {
          sql::SqlTx tx(c);
          return fn(tx);
        },
        *conn);
    (void)run(*conn, s ? "COMMIT" : "ROLLBACK");
  }
  release_reader(std::move(conn));
  return s;
}

Status SqliteStore::migrate() {
  return submit([](sql::Connection& c) { return sql::apply_migrations(c, now_seconds()); });
}

Result<int> SqliteStore::schema_version() {
  int version = 0;
  RETURN_IF_ERROR(submit([&](sql::Connection& c) -> Status {
    ASSIGN_OR_RETURN(version, sql::current_schema_version(c));
    return {};
  }));
  return version;
}

Status SqliteStore::ping() {
  return read([](ReadTx&) { return Status{}; });
}

}  // namespace civicdesk
