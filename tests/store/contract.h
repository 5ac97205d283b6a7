// The store contract suite: one set of tests that every Store backend must
// pass. Each test gets a fresh, migrated store (TestStore) and runs once per
// backend in test_backends() ("sqlite", and "postgres" when
// CIVICDESK_TEST_PG_URL names a server).
//
// Records are compared whole, rendered to text by render(), so that a failure
// shows every field that differs.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"
#include "support/fixtures.h"
#include "support/test_store.h"

namespace civicdesk::contract {

using civicdesk::testing::at;

// "ok" or the error's wire code ("stale_version", ...).
std::string code(const Status& s);
template <typename T>
std::string code(const Result<T>& r) {
  return r.ok() ? "ok" : std::string(wire_code(r.error().code));
}

// The value of a result that must succeed; otherwise throws, which GoogleTest
// reports as a failure of the running test. Never call inside a store
// transaction (the store turns exceptions into internal errors).
template <typename T>
T ok(Result<T> r, std::string_view what = "store call") {
  if (!r)
    throw std::runtime_error(std::string(what) + ": " + std::string(wire_code(r.error().code)) + ": " +
                             r.error().message);
  return std::move(r).value();
}
void ok(Status s, std::string_view what = "store call");

// Whole records as text, one field per "name=value", doubles exact.
std::string render(const Tenant& t);
std::string render(const DeliveryUnit& d);
std::string render(const Team& t);
std::string render(const Officer& o);
std::string render(const Ward& w);
std::string render(const Member& m);
std::string render(const SlaPolicy& p);
std::string render(const Category& c);
std::string render(const BankHoliday& h);
std::string render(const Customer& c);
std::string render(const Contact& c);
std::string render(const Case& c);
std::string render(const CaseEvent& e);
std::string render(const CaseLink& l);
std::string render(const Watcher& w);
std::string render(const StatusCount& s);
template <typename T>
std::string render(const std::vector<T>& v) {
  std::string out;
  for (const auto& x : v) out += render(x) + "\n";
  return out;
}

LocalDate day(const char* iso);  // "2016-03-01"

// A tenant with every field set; `slug` and `prefix` vary it.
Tenant sample_tenant(const std::string& slug, const std::string& prefix = "TST");
// A case with every field set (closed, with outcome, location, answers, SLA
// policy and every clock date), and one with every optional field empty.
Case full_case(const std::string& reference);
Case minimal_case(const std::string& reference);
// A person with several emails, phones and addresses.
Customer full_customer();
Customer person(const std::string& given, const std::string& family);
Contact full_contact();

// Fixture: a fresh store on GetParam()'s backend.
class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { db_ = std::make_unique<testing::TestStore>(GetParam()); }
  void TearDown() override { db_.reset(); }

  Store& store() { return db_->store(); }
  testing::TestStore& db() { return *db_; }

  TenantId new_tenant(const std::string& slug, const std::string& prefix = "TST");
  Id insert_case(TenantId t, const Case& c);
  Id insert_customer(TenantId t, const Customer& c);
  Id insert_contact(TenantId t, const Contact& c);
  Case get_case(TenantId t, Id id);
  Customer get_customer(TenantId t, Id id);
  int64_t catalogue_version(TenantId t);
  std::vector<Case> list_cases(TenantId t, const CaseFilter& f);
  std::vector<Customer> list_customers(TenantId t, const CustomerFilter& f);
  std::vector<Contact> list_contacts(TenantId t, const ContactFilter& f);

 private:
  std::unique_ptr<testing::TestStore> db_;
};

std::string backend_name(const ::testing::TestParamInfo<std::string>& info);

}  // namespace civicdesk::contract

// Runs every TEST_P of `suite` once per backend, named after the backend.
#define CONTRACT_INSTANTIATE(suite)                                                                     \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::ValuesIn(::civicdesk::testing::test_backends()), \
                           ::civicdesk::contract::backend_name)

// The same for what only PostgreSQL has (nothing runs under SQLite-only test
// runs, so an empty instantiation is allowed).
#define CONTRACT_INSTANTIATE_POSTGRES(suite)                                                                \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::ValuesIn(::civicdesk::testing::postgres_backends()), \
                           ::civicdesk::contract::backend_name);                                           \
  GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(suite)
