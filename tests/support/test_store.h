// Fresh, migrated stores for tests, on every backend under test.
//
// Backends: "sqlite" always; "postgres" when CIVICDESK_TEST_PG_URL names a
// server (scripts/run-tests.sh starts one). Each store gets its own SQLite
// file or PostgreSQL schema, removed when the TestStore is destroyed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace civicdesk::testing {

// The backends to run parameterised tests on.
std::vector<std::string> test_backends();
// test_backends() without SQLite: for what only PostgreSQL has.
std::vector<std::string> postgres_backends();

class TestStore {
 public:
  // Creates and migrates an empty store; aborts the test binary on failure.
  explicit TestStore(const std::string& backend);
  ~TestStore();
  TestStore(const TestStore&) = delete;
  TestStore& operator=(const TestStore&) = delete;

  Store& store() { return *store_; }
  const std::string& url() const { return url_; }
  const std::string& backend() const { return backend_; }
  // Opens a second, independent Store on the same database.
  std::unique_ptr<Store> reopen() const;

 private:
  std::string backend_;
  std::string url_;
  std::string cleanup_;  // file to delete or schema to drop
  std::unique_ptr<Store> store_;
};

// A unique name for temporary files and schemas.
std::string unique_name(const std::string& prefix);

}  // namespace civicdesk::testing
