// Store contract: schema, liveness, tenants, and transactions (rollback,
// concurrency, group commit, durability, snapshots).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <latch>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "store/contract.h"
#include "store/postgres/postgres_connection.h"

namespace civicdesk::contract {
namespace {

class StoreTest : public StoreContract {};
class TenantTest : public StoreContract {};
class TransactionTest : public StoreContract {
 protected:
  // Starts a write (it adds the customer "Holder") that keeps the store busy
  // for 150 ms, and returns once it runs: writes made meanwhile queue up and
  // share batches. Join the thread before checking.
  std::thread hold_the_writer(TenantId t) {
    auto holding = std::make_shared<std::promise<void>>();
    std::future<void> started = holding->get_future();
    std::thread holder([this, t, holding] {
      ok(store().write([&](Tx& tx) -> Status {
        RETURN_IF_ERROR(tx.insert_customer(t, person("Holder", "Job")));
        holding->set_value();
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        return {};
      }));
    });
    started.wait();
    return holder;
  }
};
class PostgresSocketTest : public StoreContract {};
class PostgresPoolTest : public StoreContract {};

// The newest NNNN_name.sql in src/store/migrations (tests run from the
// project root).
int newest_migration_on_disk() {
  int newest = 0;
  const std::regex name(R"((\d{4})_[a-z0-9_]+\.sql)");
  for (const auto& entry : std::filesystem::directory_iterator("src/store/migrations")) {
    std::smatch m;
    const std::string file = entry.path().filename().string();
    if (std::regex_match(file, m, name)) newest = std::max(newest, std::stoi(m[1].str()));
  }
  return newest;
}

// ---- schema and liveness -----------------------------------------------------

TEST_P(StoreTest, SchemaVersionIsTheNewestMigration) {
  const int newest = newest_migration_on_disk();
  ASSERT_GE(newest, 1) << "no migrations found under src/store/migrations (run from the project root)";
  EXPECT_EQ(ok(store().schema_version()), newest);
}

TEST_P(StoreTest, MigrateIsIdempotentAndKeepsData) {
  const TenantId t = new_tenant("keepme");
  const Id id = insert_case(t, full_case("TST-0000001"));
  ok(store().migrate(), "second migrate");
  ok(store().migrate(), "third migrate");
  EXPECT_EQ(ok(store().schema_version()), newest_migration_on_disk());
  // A second process starting on the same database migrates too.
  auto other = db().reopen();
  ok(other->migrate(), "migrate from a second store");
  EXPECT_EQ(ok(other->schema_version()), newest_migration_on_disk());
  Case want = full_case("TST-0000001");
  want.id = id;
  EXPECT_EQ(render(get_case(t, id)), render(want));
  EXPECT_EQ(ok(store().read_value<Tenant>([&](ReadTx& tx) { return tx.get_tenant(t); })).slug, "keepme");
}

TEST_P(StoreTest, PingAndIdentity) {
  EXPECT_EQ(code(store().ping()), "ok");
  EXPECT_EQ(store().backend(), GetParam() == "sqlite" ? Backend::kSqlite : Backend::kPostgres);
  EXPECT_EQ(store().describe(), redact_url(db().url()));
}

// Opening a store is the same call for every backend; these need no server.
TEST(OpenStoreTest, MalformedUrlsAreInvalidConfig) {
  for (const char* url : {"", "sqlite:", "sqlite::memory:", "mysql://u@h/db", "postgres://h", "postgres://h/",
                          "postgres://@/db", "postgres://h:0/db", "postgres://h:99999/db", "postgres://h/a/b",
                          "postgres://h/db?sslmode", "postgres://u@/db?port=5432", "postgres://u@/db?host=run/pg"}) {
    StoreOptions o;
    o.url = url;
    EXPECT_EQ(code(open_store(o)), "invalid_config") << url;
  }
}

TEST(OpenStoreTest, UnreachableDatabasesAreUnavailableAndPasswordsStayHidden) {
  StoreOptions o;
  o.url = "sqlite:/nonexistent-civicdesk-dir/x.db";
  EXPECT_EQ(code(open_store(o)), "database_unavailable");
  o.url = "postgres://civicdesk:s3cret@127.0.0.1:1/civicdesk";  // nothing listens on port 1
  auto r = open_store(o);
  ASSERT_EQ(code(r), "database_unavailable");
  EXPECT_EQ(r.error().message.find("s3cret"), std::string::npos) << r.error().message;
  EXPECT_EQ(redact_url("postgres://civicdesk:s3cret@db:5432/x"), "postgres://civicdesk:***@db:5432/x");
  EXPECT_EQ(redact_url("postgres://civicdesk@db/x"), "postgres://civicdesk@db/x");
  EXPECT_EQ(redact_url("postgres://u@/x?host=/run/pg&password=s3cret&sslmode=disable"),
            "postgres://u@/x?host=/run/pg&password=***&sslmode=disable");
  EXPECT_EQ(redact_url("postgres://u@db/x?password=s3cret"), "postgres://u@db/x?password=***");
  // An option whose name ends in "password" is not the password.
  EXPECT_EQ(redact_url("postgres://u@db/x?old_password=1"), "postgres://u@db/x?old_password=1");
}

// With every connection in use, requests wait their turn: each released
// connection goes to the longest waiting one, a batch of writes included.
TEST_P(PostgresPoolTest, WaitingRequestsGetTheConnectionInTheOrderTheyAsked) {
  const TenantId t = new_tenant("pool");
  auto one = open_store(StoreOptions{.url = db().url(), .pool_size = 1});
  ASSERT_TRUE(one.ok()) << one.error().message;
  Store& store = **one;
  std::promise<void> holding;
  std::thread holder([&] {
    ok(store.read([&](ReadTx&) -> Status {
      holding.set_value();
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      return {};
    }));
  });
  holding.get_future().wait();
  std::mutex mu;
  std::vector<std::string> order;
  auto record = [&](const std::string& who) {
    std::lock_guard lock(mu);
    order.push_back(who);
  };
  std::vector<std::thread> waiting;
  for (int i = 0; i < 4; ++i) {
    waiting.emplace_back([&, i] {
      const std::string who = "request " + std::to_string(i);
      Status s = i % 2 == 0 ? store.read([&](ReadTx&) -> Status {
        record(who);
        return {};
      })
                            : store.write([&](Tx& tx) -> Status {
                                record(who);
                                RETURN_IF_ERROR(tx.insert_customer(t, person("Waiting", std::to_string(i))));
                                return {};
                              });
      EXPECT_EQ(code(s), "ok") << who;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(30));  // ask in turn
  }
  for (auto& th : waiting) th.join();
  holder.join();
  EXPECT_EQ(order, (std::vector<std::string>{"request 0", "request 1", "request 2", "request 3"}));
}

// A server on the same machine is reached through its Unix socket, which
// costs less than loopback TCP (BENCHMARKS.md), in both spellings the URL
// check accepts. The test's own schema comes along in the options.
TEST_P(PostgresSocketTest, ReachesTheServerThroughItsUnixSocket) {
  const std::string tcp = db().url();  // postgres://user@127.0.0.1:port/db?options=...
  auto admin = sql::PostgresConnection::connect(tcp, 5);
  ASSERT_TRUE(admin.ok()) << admin.error().message;
  auto rows = ok((*admin)->query("SELECT current_setting('unix_socket_directories'), current_setting('port')", {}));
  ASSERT_TRUE(ok(rows->next()));
  const std::string dirs(rows->get_text(0));
  const std::string dir = dirs.substr(0, dirs.find(','));
  const std::string port(rows->get_text(1));
  ASSERT_EQ(dir.rfind('/', 0), 0u) << "the server listens on no socket directory: " << dirs;
  std::string encoded;
  for (char ch : dir) encoded += ch == '/' ? std::string("%2F") : std::string(1, ch);
  const size_t at = tcp.find('@'), slash = tcp.find('/', at), q = tcp.find('?');
  const std::string user = tcp.substr(0, at + 1), dbname = tcp.substr(slash, q - slash), options = tcp.substr(q + 1);

  const TenantId t = new_tenant("socket");
  for (const std::string& url : {user + encoded + ":" + port + dbname + "?" + options,
                                 user + dbname + "?host=" + dir + "&port=" + port + "&" + options}) {
    auto direct = sql::PostgresConnection::connect(url, 5);
    ASSERT_TRUE(direct.ok()) << url << ": " << direct.error().message;
    auto peer = ok((*direct)->query("SELECT inet_server_addr() IS NULL", {}));  // NULL: not over TCP/IP
    ASSERT_TRUE(ok(peer->next()));
    EXPECT_EQ(peer->get_text(0), "t") << url;

    StoreOptions o;
    o.url = url;
    auto other = open_store(o);
    ASSERT_TRUE(other.ok()) << url << ": " << other.error().message;
    EXPECT_EQ(ok((*other)->read_value<Tenant>([&](ReadTx& tx) { return tx.get_tenant(t); })).slug, "socket") << url;
  }
}

// ---- tenants -----------------------------------------------------------------

TEST_P(TenantTest, CreateThenGetByIdAndSlug) {
  Tenant a = sample_tenant("barnet", "BAR");
  Tenant b = sample_tenant("camden", "CAM");
  b.division = Division::kNorthernIreland;
  b.hostnames = {};
  a.id = ok(store().write_value<TenantId>([&](Tx& tx) { return tx.create_tenant(a); }));
  b.id = ok(store().write_value<TenantId>([&](Tx& tx) { return tx.create_tenant(b); }));
  EXPECT_GT(a.id, 0);
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(render(ok(store().read_value<Tenant>([&](ReadTx& tx) { return tx.get_tenant(a.id); }))),
            render(a));
  EXPECT_EQ(render(ok(store().read_value<Tenant>([&](ReadTx& tx) { return tx.get_tenant(b.id); }))),
            render(b));
  EXPECT_EQ(
      render(ok(store().read_value<Tenant>([&](ReadTx& tx) { return tx.get_tenant_by_slug("camden"); }))),
      render(b));
  auto all = ok(store().read_value<std::vector<Tenant>>([](ReadTx& tx) { return tx.list_tenants(); }));
  std::sort(all.begin(), all.end(), [](const Tenant& x, const Tenant& y) { return x.id < y.id; });
  std::vector<Tenant> want = a.id < b.id ? std::vector<Tenant>{a, b} : std::vector<Tenant>{b, a};
  EXPECT_EQ(render(all), render(want));
}

TEST_P(TenantTest, TakenSlugIsAlreadyExistsAndLeavesNothing) {
  new_tenant("barnet", "BAR");
  Tenant again = sample_tenant("barnet", "XXX");
  again.name = "Impostor";
  Result<TenantId> r = store().write_value<TenantId>([&](Tx& tx) { return tx.create_tenant(again); });
  EXPECT_EQ(code(r), "already_exists");
  auto all = ok(store().read_value<std::vector<Tenant>>([](ReadTx& tx) { return tx.list_tenants(); }));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].name, "Council of barnet");
  EXPECT_EQ(all[0].reference_prefix, "BAR");
}

TEST_P(TenantTest, UpdateChangesEveryField) {
  const TenantId id = new_tenant("barnet", "BAR");
  Tenant changed = sample_tenant("barnet", "LBB");
  changed.id = id;
  changed.name = "London Borough of Barnet";
  changed.division = Division::kEnglandAndWales;
  changed.brand_colour = "#123456";
  changed.hostnames = {"barnet.gov.uk"};
  changed.me_respond_days = 2;
  changed.me_close_days = 20;
  ok(store().write([&](Tx& tx) { return tx.update_tenant(changed); }));
  EXPECT_EQ(render(ok(store().read_value<Tenant>([&](ReadTx& tx) { return tx.get_tenant(id); }))),
            render(changed));
  EXPECT_EQ(
      render(ok(store().read_value<Tenant>([&](ReadTx& tx) { return tx.get_tenant_by_slug("barnet"); }))),
      render(changed));
}

TEST_P(TenantTest, MissingTenantsAreNotFound) {
  const TenantId id = new_tenant("barnet", "BAR");
  EXPECT_EQ(code(store().read_value<Tenant>([&](ReadTx& tx) { return tx.get_tenant(id + 1000); })),
            "not_found");
  EXPECT_EQ(code(store().read_value<Tenant>([&](ReadTx& tx) { return tx.get_tenant_by_slug("camden"); })),
            "not_found");
  Tenant ghost = sample_tenant("ghost");
  ghost.id = id + 1000;
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.update_tenant(ghost); })), "not_found");
  EXPECT_EQ(code(store().read_value<int64_t>([&](ReadTx& tx) { return tx.catalogue_version(id + 1000); })),
            "not_found");
}

// ---- transactions ------------------------------------------------------------

// Everything a tenant has, rendered, for before/after comparisons.
std::string everything(Store& store, TenantId t) {
  std::string out;
  Status s = store.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(Tenant tenant, tx.get_tenant(t));
    out += render(tenant) + "\n";
    ASSIGN_OR_RETURN(int64_t v, tx.catalogue_version(t));
    out += "catalogue_version=" + std::to_string(v) + "\n";
    ASSIGN_OR_RETURN(auto dus, tx.list_delivery_units(t));
    out += render(dus);
    ASSIGN_OR_RETURN(auto teams, tx.list_teams(t));
    out += render(teams);
    ASSIGN_OR_RETURN(auto officers, tx.list_officers(t));
    out += render(officers);
    ASSIGN_OR_RETURN(auto wards, tx.list_wards(t));
    out += render(wards);
    ASSIGN_OR_RETURN(auto members, tx.list_members(t));
    out += render(members);
    ASSIGN_OR_RETURN(auto policies, tx.list_sla_policies(t));
    out += render(policies);
    ASSIGN_OR_RETURN(auto categories, tx.list_categories(t));
    out += render(categories);
    ASSIGN_OR_RETURN(auto holidays, tx.list_holidays(t));
    out += render(holidays);
    CustomerFilter cf;
    cf.limit = 1000;
    ASSIGN_OR_RETURN(auto customers, tx.list_customers(t, cf));
    out += render(customers);
    ContactFilter kf;
    kf.limit = 1000;
    ASSIGN_OR_RETURN(auto contacts, tx.list_contacts(t, kf));
    out += render(contacts);
    CaseFilter f;
    f.limit = 1000;
    ASSIGN_OR_RETURN(auto cases, tx.list_cases(t, f));
    out += render(cases);
    for (const Case& c : cases) {
      ASSIGN_OR_RETURN(auto events, tx.list_events(t, c.id, std::nullopt));
      out += render(events);
      ASSIGN_OR_RETURN(auto links, tx.list_links(t, c.id));
      out += render(links);
      ASSIGN_OR_RETURN(auto watchers, tx.list_watchers(t, c.id));
      out += render(watchers);
    }
    ASSIGN_OR_RETURN(auto counts, tx.count_cases_by_status(t));
    out += render(counts);
    return {};
  });
  if (!s) throw std::runtime_error("reading everything: " + s.error().message);
  return out;
}

// Writes one of everything for tenant `t` through `tx`; the case reference
// is `ref`. Returns the first error.
Status write_one_of_everything(Tx& tx, TenantId t, const std::string& ref) {
  RETURN_IF_ERROR(tx.put_delivery_unit(t, {"parks", "Parks", "Green spaces", true}));
  RETURN_IF_ERROR(tx.put_team(t, {"trees", "parks", "Tree team"}));
  RETURN_IF_ERROR(tx.put_officer(
      t, Officer{0, "Olive Oak", "olive@example.gov.uk", "parks", "trees", OfficerRole::kLead, true}));
  RETURN_IF_ERROR(tx.put_ward(t, {"oakwood", "Oakwood"}));
  RETURN_IF_ERROR(tx.put_member(t, Member{0, "Cllr Ash", "oakwood", "Green", "ash@example.gov.uk", true}));
  SlaPolicy p;
  p.code = "parks-5";
  p.name = "Parks";
  p.resolve_days = 5;
  RETURN_IF_ERROR(tx.put_sla_policy(t, p));
  Category cat;
  cat.code = "fallen-tree";
  cat.name = "Fallen tree";
  cat.delivery_unit = "parks";
  cat.sla_policy = "parks-5";
  RETURN_IF_ERROR(tx.put_category(t, cat));
  RETURN_IF_ERROR(
      tx.replace_holidays(t, {BankHoliday{Division::kEnglandAndWales, day("2016-12-26"), "Boxing Day", ""}}));
  ASSIGN_OR_RETURN(Tenant tenant, tx.get_tenant(t));
  tenant.name = "Renamed";
  RETURN_IF_ERROR(tx.update_tenant(tenant));
  ASSIGN_OR_RETURN(Id customer, tx.insert_customer(t, full_customer()));
  ASSIGN_OR_RETURN(Id case_id, tx.insert_case(t, full_case(ref)));
  ASSIGN_OR_RETURN(Id other, tx.insert_case(t, minimal_case(ref + "-B")));
  Contact k = full_contact();
  k.customer_id = customer;
  ASSIGN_OR_RETURN(Id contact, tx.insert_contact(t, k));
  RETURN_IF_ERROR(tx.set_contact_case(t, contact, case_id));
  RETURN_IF_ERROR(tx.append_event(t, CaseEvent{0,
                                               case_id,
                                               at("2016-03-02T00:00:00Z"),
                                               "system",
                                               "note",
                                               Visibility::kPublic,
                                               {{"text", "hello"}}}));
  RETURN_IF_ERROR(tx.add_link(t, case_id, LinkKind::kRelated, other));
  RETURN_IF_ERROR(
      tx.add_watcher(t, case_id, Watcher{WatcherKind::kEmail, std::nullopt, "w@example.com", "W", {}}));
  return {};
}

TEST_P(TransactionTest, FailedWriteLeavesNothingBehind) {
  const TenantId t = new_tenant("barnet");
  const Id existing = insert_case(t, minimal_case("TST-0000001"));
  const std::string before = everything(store(), t);
  ASSERT_NE(before.find("TST-0000001"), std::string::npos);

  // The function's own error comes back unchanged.
  Status s = store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(write_one_of_everything(tx, t, "TST-0000002"));
    Case c = minimal_case("TST-0000001");
    c.id = existing;
    c.title = "Changed inside a failed write";
    RETURN_IF_ERROR(tx.update_case(t, c, 1));
    return Error(ErrorCode::kInvalidField, "changed my mind", "title");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidField);
  EXPECT_EQ(s.error().message, "changed my mind");
  EXPECT_EQ(s.error().field, "title");
  EXPECT_EQ(everything(store(), t), before);

  // A store error part-way (duplicate reference) rolls back what came before.
  Status dup = store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(write_one_of_everything(tx, t, "TST-0000003"));
    RETURN_IF_ERROR(tx.insert_case(t, minimal_case("TST-0000001")));
    return Error(ErrorCode::kInternal, "a duplicate reference was accepted");
  });
  EXPECT_EQ(code(dup), "duplicate_reference");
  EXPECT_EQ(everything(store(), t), before);

  // A function that throws is reported as internal and rolled back.
  Status thrown = store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(write_one_of_everything(tx, t, "TST-0000004"));
    throw std::runtime_error("boom");
  });
  EXPECT_EQ(code(thrown), "internal");
  EXPECT_EQ(everything(store(), t), before);

  // And the same writes, returning ok, are all kept.
  ok(store().write([&](Tx& tx) { return write_one_of_everything(tx, t, "TST-0000005"); }));
  const std::string after = everything(store(), t);
  EXPECT_NE(after, before);
  EXPECT_NE(after.find("TST-0000005-B"), std::string::npos);
  EXPECT_NE(after.find("Renamed"), std::string::npos);
  EXPECT_NE(after.find("w@example.com"), std::string::npos);
}

TEST_P(TransactionTest, ConcurrentWritersAllCommitExactlyOnce) {
  const TenantId t = new_tenant("barnet");
  constexpr int kThreads = 16, kPerThread = 8;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  std::latch start(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      for (int j = 0; j < kPerThread; ++j) {
        Status s = store().write([&](Tx& tx) -> Status {
          ASSIGN_OR_RETURN(int64_t n, tx.next_case_number(t));
          Case c = minimal_case("TST-" + std::to_string(n));
          c.title = "thread " + std::to_string(i) + " job " + std::to_string(j);
          ASSIGN_OR_RETURN(Id id, tx.insert_case(t, c));
          RETURN_IF_ERROR(tx.append_event(t, CaseEvent{0,
                                                       id,
                                                       c.received_at,
                                                       "system",
                                                       "received",
                                                       Visibility::kInternal,
                                                       {{"n", std::to_string(n)}}}));
          return {};
        });
        if (!s) {
          ++failures;
          ADD_FAILURE() << "write failed: " << s.error().message;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);

  std::multiset<std::string> titles;
  std::set<std::string> refs;
  size_t events = 0;
  CaseFilter f;
  f.limit = 1000;
  const auto cases = list_cases(t, f);
  for (const Case& c : cases) {
    titles.insert(c.title);
    refs.insert(c.reference);
    auto ev = ok(store().read_value<std::vector<CaseEvent>>(
        [&](ReadTx& tx) { return tx.list_events(t, c.id, std::nullopt); }));
    ASSERT_EQ(ev.size(), 1u) << c.reference;
    EXPECT_EQ(ev[0].details.at("n"), c.reference.substr(4));
    events += ev.size();
  }
  EXPECT_EQ(titles.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(refs.size(), static_cast<size_t>(kThreads * kPerThread));
  for (int i = 0; i < kThreads; ++i)
    for (int j = 0; j < kPerThread; ++j)
      EXPECT_EQ(titles.count("thread " + std::to_string(i) + " job " + std::to_string(j)), 1u)
          << i << "/" << j;
  EXPECT_EQ(events, static_cast<size_t>(kThreads * kPerThread));
  auto counts = ok(
      store().read_value<std::vector<StatusCount>>([&](ReadTx& tx) { return tx.count_cases_by_status(t); }));
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].count, kThreads * kPerThread);
}

// On SQLite concurrent writes share one transaction (group commit, a
// SAVEPOINT each): a job that fails must not undo its neighbours. A first
// write holds the writer while the others queue, so they land in one batch.
TEST_P(TransactionTest, FailingWritesDoNotUndoConcurrentNeighbours) {
  const TenantId t = new_tenant("barnet");
  const Id taken = insert_case(t, minimal_case("TST-TAKEN"));
  constexpr int kJobs = 60;
  std::thread holder = hold_the_writer(t);

  std::vector<Status> results(kJobs);
  std::vector<std::thread> threads;
  for (int i = 0; i < kJobs; ++i) {
    threads.emplace_back([&, i] {
      results[i] = store().write([&](Tx& tx) -> Status {
        RETURN_IF_ERROR(tx.insert_customer(t, person("Job" + std::to_string(i), "Neighbour")));
        Case c = minimal_case("TST-J" + std::to_string(i));
        RETURN_IF_ERROR(tx.insert_case(t, c));
        if (i % 3 == 0) {
          if (i % 2 == 0) {
            // Retitles a case, then refuses: the new title must not reach the search index.
            Case retitled = minimal_case("TST-TAKEN");
            retitled.id = taken;
            retitled.title = "Refusedjob" + std::to_string(i);
            RETURN_IF_ERROR(tx.update_case(t, retitled, 1));
            return Error(ErrorCode::kFailedPrecondition, "job " + std::to_string(i) + " refuses");
          }
          // A store error after earlier statements of the same job.
          RETURN_IF_ERROR(tx.insert_case(t, minimal_case("TST-TAKEN")));
          return Error(ErrorCode::kInternal, "duplicate was accepted");
        }
        return {};
      });
    });
  }
  for (auto& th : threads) th.join();
  holder.join();

  std::set<std::string> want_names{"Holder"}, want_refs{"TST-TAKEN"};
  for (int i = 0; i < kJobs; ++i) {
    if (i % 3 != 0) {
      EXPECT_EQ(code(results[i]), "ok") << "job " << i << ": " << (results[i].ok() ? "" : results[i].error().message);
      want_names.insert("Job" + std::to_string(i));
      want_refs.insert("TST-J" + std::to_string(i));
    } else {
      EXPECT_EQ(code(results[i]), i % 2 == 0 ? "failed_precondition" : "duplicate_reference") << "job " << i;
    }
  }
  CustomerFilter cf;
  cf.limit = 1000;
  std::set<std::string> names;
  for (const auto& c : list_customers(t, cf)) EXPECT_TRUE(names.insert(c.given_name).second) << c.given_name;
  EXPECT_EQ(names, want_names);
  CaseFilter f;
  f.limit = 1000;
  std::set<std::string> refs;
  for (const auto& c : list_cases(t, f)) EXPECT_TRUE(refs.insert(c.reference).second) << c.reference;
  EXPECT_EQ(refs, want_refs);

  // The text-search indexes follow the same jobs (SQLite writes them at the
  // end of the batch, outside the jobs' savepoints).
  for (int i = 0; i < kJobs; ++i) {
    const std::string ref = "TST-J" + std::to_string(i), name = "Job" + std::to_string(i);
    CaseFilter by_ref;
    by_ref.text = ref;
    by_ref.limit = 100;
    const auto cases = list_cases(t, by_ref);
    EXPECT_EQ(std::any_of(cases.begin(), cases.end(), [&](const Case& c) { return c.reference == ref; }),
              i % 3 != 0)
        << "case search, job " << i;
    CustomerFilter by_name;
    by_name.text = name;
    by_name.limit = 100;
    const auto people = list_customers(t, by_name);
    EXPECT_EQ(std::any_of(people.begin(), people.end(), [&](const Customer& c) { return c.given_name == name; }),
              i % 3 != 0)
        << "customer search, job " << i;
    CaseFilter by_title;
    by_title.text = "Refusedjob" + std::to_string(i);
    EXPECT_TRUE(list_cases(t, by_title).empty()) << "a refused job's title is searchable, job " << i;
  }
}

// A statement whose answer nobody waits for (PostgreSQL sends it with the
// next statement, exec_later) fails after its own write has moved on: with
// writes committed in batches, that failure surfaces during a neighbour's
// statements or at COMMIT. Only the write that sent it may fail.
TEST_P(TransactionTest, ALateFailureBelongsToTheWriteThatSentIt) {
  const TenantId t = new_tenant("barnet");
  const Id someone =
      ok(store().write_value<Id>([&](Tx& tx) { return tx.insert_customer(t, person("Some", "One")); }));
  auto token = [&](const std::string& hash) {
    UnsubscribeToken u;
    u.token_hash = hash;
    u.customer_id = someone;
    u.preference = "surveys";
    u.created_at = at("2026-01-01T00:00:00Z");
    return u;
  };
  ok(store().write([&](Tx& tx) { return tx.insert_unsubscribe_token(t, token("taken")); }));

  constexpr int kJobs = 40;
  auto late_failure = [](int i) { return i % 7 == 3 || i == kJobs - 1; };  // the last one fails at COMMIT
  std::thread holder = hold_the_writer(t);
  std::vector<Status> results(kJobs);
  std::vector<std::thread> threads;
  for (int i = 0; i < kJobs; ++i) {
    threads.emplace_back([&, i] {
      // Queued in order behind the holder, so that they share batches.
      std::this_thread::sleep_for(std::chrono::milliseconds(i));
      results[i] = store().write([&](Tx& tx) -> Status {
        RETURN_IF_ERROR(tx.insert_customer(t, person("Job" + std::to_string(i), "Neighbour")));
        return tx.insert_unsubscribe_token(t, token(late_failure(i) ? "taken" : "hash" + std::to_string(i)));
      });
    });
  }
  for (auto& th : threads) th.join();
  holder.join();

  std::set<std::string> want{"Some", "Holder"};
  for (int i = 0; i < kJobs; ++i) {
    if (late_failure(i)) {
      EXPECT_EQ(code(results[i]), "already_exists") << "job " << i;
    } else {
      EXPECT_EQ(code(results[i]), "ok") << "job " << i << ": " << (results[i].ok() ? "" : results[i].error().message);
      want.insert("Job" + std::to_string(i));
      EXPECT_EQ(code(store().read_value<UnsubscribeToken>(
                    [&](ReadTx& tx) { return tx.get_unsubscribe_token(t, "hash" + std::to_string(i)); })),
                "ok")
          << "job " << i;
    }
  }
  CustomerFilter cf;
  cf.limit = 1000;
  std::set<std::string> names;
  for (const auto& c : list_customers(t, cf)) EXPECT_TRUE(names.insert(c.given_name).second) << c.given_name;
  EXPECT_EQ(names, want);
}

TEST_P(TransactionTest, AcknowledgedWritesAreSeenByASecondStore) {
  const TenantId t = new_tenant("barnet");
  Case c = full_case("TST-0000001");
  c.id = insert_case(t, c);
  {
    auto second = db().reopen();
    EXPECT_EQ(render(ok(second->read_value<Case>([&](ReadTx& tx) { return tx.get_case(t, c.id); }))),
              render(c));
    // And the other way round: written by the second, read by the first.
    Customer k = full_customer();
    k.id = ok(second->write_value<Id>([&](Tx& tx) { return tx.insert_customer(t, k); }));
    EXPECT_EQ(render(get_customer(t, k.id)), render(k));
  }
  // A store opened after the writer is gone sees everything too.
  Case d = minimal_case("TST-0000002");
  {
    auto writer = db().reopen();
    d.id = ok(writer->write_value<Id>([&](Tx& tx) { return tx.insert_case(t, d); }));
  }
  auto third = db().reopen();
  EXPECT_EQ(render(ok(third->read_value<Case>([&](ReadTx& tx) { return tx.get_case(t, d.id); }))), render(d));
  EXPECT_EQ(render(ok(third->read_value<Case>([&](ReadTx& tx) { return tx.get_case(t, c.id); }))), render(c));
}

TEST_P(TransactionTest, ReadSeesOneSnapshot) {
  const TenantId t = new_tenant("barnet");
  Case c = minimal_case("TST-0000001");
  c.id = insert_case(t, c);
  bool wrote = false;
  ok(store().read([&](ReadTx& tx) -> Status {
    CaseFilter f;
    ASSIGN_OR_RETURN(auto first, tx.list_cases(t, f));
    EXPECT_EQ(first.size(), 1u);
    // Another transaction commits meanwhile.
    Status w = store().write([&](Tx& wtx) -> Status {
      RETURN_IF_ERROR(wtx.insert_case(t, minimal_case("TST-0000002")));
      Case changed = c;
      changed.title = "Changed meanwhile";
      return wtx.update_case(t, changed, 1);
    });
    EXPECT_EQ(code(w), "ok");
    wrote = w.ok();
    ASSIGN_OR_RETURN(auto again, tx.list_cases(t, f));
    EXPECT_EQ(render(again), render(first));
    ASSIGN_OR_RETURN(Case same, tx.get_case(t, c.id));
    EXPECT_EQ(same.title, "General enquiry");
    EXPECT_EQ(same.version, 1);
    EXPECT_EQ(code(tx.get_case_by_reference(t, "TST-0000002")), "not_found");
    ASSIGN_OR_RETURN(auto counts, tx.count_cases_by_status(t));
    EXPECT_EQ(render(counts), render(std::vector<StatusCount>{{CaseStatus::kNew, 1}}));
    return {};
  }));
  ASSERT_TRUE(wrote);
  // A new read sees the committed change.
  EXPECT_EQ(list_cases(t, {}).size(), 2u);
  EXPECT_EQ(get_case(t, c.id).title, "Changed meanwhile");
}

TEST_P(TransactionTest, ReadPassesTheFunctionsErrorBack) {
  const TenantId t = new_tenant("barnet");
  Status s = store().read([&](ReadTx& tx) -> Status {
    RETURN_IF_ERROR(tx.get_tenant(t));
    return Error(ErrorCode::kPermissionDenied, "no", "who");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(s.error().field, "who");
  // The store is still usable afterwards.
  EXPECT_EQ(ok(store().read_value<Tenant>([&](ReadTx& tx) { return tx.get_tenant(t); })).id, t);
}

CONTRACT_INSTANTIATE(StoreTest);
CONTRACT_INSTANTIATE(TenantTest);
CONTRACT_INSTANTIATE(TransactionTest);
CONTRACT_INSTANTIATE_POSTGRES(PostgresSocketTest);
CONTRACT_INSTANTIATE_POSTGRES(PostgresPoolTest);

}  // namespace
}  // namespace civicdesk::contract
