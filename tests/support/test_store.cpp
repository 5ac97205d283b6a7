#include "support/test_store.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <libpq-fe.h>

namespace civicdesk::testing {

namespace {

[[noreturn]] void die(const std::string& what) {
  std::cerr << "test store: " << what << std::endl;
  std::abort();
}

void pg_admin(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) die("cannot connect to " + url + ": " + PQerrorMessage(c));
  PQclear(PQexec(c, "SET client_min_messages = warning"));
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  const std::string err = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) die(sql + ": " + err);
}

}  // namespace

std::string unique_name(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
}

std::vector<std::string> test_backends() {
  std::vector<std::string> out{"sqlite"};
  const char* only = std::getenv("CIVICDESK_TEST_BACKENDS");
  if (only && std::string(only) == "sqlite") return out;
  if (!std::getenv("CIVICDESK_TEST_PG_URL"))
    die("CIVICDESK_TEST_PG_URL is not set: run the suite with `make test` (it starts PostgreSQL), "
        "or set CIVICDESK_TEST_BACKENDS=sqlite to test SQLite alone");
  out.push_back("postgres");
  return out;
}

std::vector<std::string> postgres_backends() {
  std::vector<std::string> out = test_backends();
  std::erase(out, "sqlite");
  return out;
}

TestStore::TestStore(const std::string& backend) : backend_(backend) {
  if (backend == "sqlite") {
    cleanup_ = (std::filesystem::temp_directory_path() / (unique_name("civicdesk_test") + ".db")).string();
    // A file by this name is left by an earlier process with our pid that
    // died before tidying up: it is not ours to reuse.
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(cleanup_ + suffix);
    url_ = "sqlite:" + cleanup_;
  } else if (backend == "postgres") {
    const char* base = std::getenv("CIVICDESK_TEST_PG_URL");
    if (!base) die("CIVICDESK_TEST_PG_URL is not set");
    cleanup_ = unique_name("t");
    pg_admin(base, "CREATE SCHEMA " + cleanup_);
    url_ = std::string(base) + "?options=-csearch_path%3D" + cleanup_;
  } else {
    die("unknown backend " + backend);
  }
  StoreOptions o;
  o.url = url_;
  o.synchronous_full = false;  // tests need not survive power loss
  auto s = open_store(o);
  if (!s) die("open " + url_ + ": " + s.error().message);
  store_ = std::move(*s);
  if (Status m = store_->migrate(); !m) die("migrate: " + m.error().message);
}

TestStore::~TestStore() {
  store_.reset();
  if (backend_ == "sqlite") {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((cleanup_ + suffix).c_str());
  } else if (const char* base = std::getenv("CIVICDESK_TEST_PG_URL")) {
    pg_admin(base, "DROP SCHEMA " + cleanup_ + " CASCADE");
  }
}

std::unique_ptr<Store> TestStore::reopen() const {
  StoreOptions o;
  o.url = url_;
  auto s = open_store(o);
  if (!s) die("reopen " + url_ + ": " + s.error().message);
  return std::move(*s);
}

}  // namespace civicdesk::testing
