// migrate-store: SQLite -> PostgreSQL copies, verification and re-runs.
#include <gtest/gtest.h>

#include <set>

#include "domain/reference.h"
#include "store/copy.h"
#include "store/sql/sql.h"
#include "store/postgres/postgres_connection.h"
#include "store/sqlite/sqlite_connection.h"
#include "support/fixtures.h"
#include "support/images.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using testing::at;

class CopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("CIVICDESK_TEST_PG_URL")) GTEST_FAIL() << "CIVICDESK_TEST_PG_URL is not set (run make test)";
    source_ = std::make_unique<testing::TestStore>("sqlite");
    target_ = std::make_unique<testing::TestStore>("postgres");
    services_ = std::make_unique<Services>(source_->store());
    council_ = testing::seed_small_council(*services_);
    ctx_ = council_.ctx(at("2016-03-01T10:00:00Z"));
    for (int i = 0; i < 30; ++i) add_case(i);
    // Photos: binary columns travel as hex (every byte value, NULs included).
    for (const std::string& bytes : {test_images::phone_png(), test_images::phone_jpeg()}) {
      auto a = services_->attachments.upload(ctx_, refs_.front(), Upload{bytes, true});
      ASSERT_TRUE(a.ok()) << a.error().message;
      photos_.push_back(a->id);
    }
    Customer c;
    c.given_name = "Ada";
    c.family_name = "Lovelace";
    c.emails = {{"ada@example.com", "home", true}};
    c.phones = {{"07700 900982", "mobile", true}};
    c.addresses = {{"1 High Street", "", "", "London", "n3 1ab", 100023336956, "home", true}};
    auto made = services_->customers.create(ctx_, c);
    ASSERT_TRUE(made.ok()) << made.error().message;
    customer_id_ = made->id;
  }

  void add_case(int i) {
    NewCase n;
    n.category = i % 2 ? "missed-bin" : "general";
    n.description = "Report number " + std::to_string(i) + ", with a comma and \"quotes\"";
    if (i % 2) n.answers = {{"bin_type", {"recycling"}}};
    n.location.lat = 51.6 + i * 0.001;
    n.location.lng = -0.2 - i * 0.0001;
    n.watchers = {Watcher{WatcherKind::kEmail, std::nullopt, "resident" + std::to_string(i) + "@example.com", "", {}}};
    auto v = services_->cases.create(ctx_, n);
    ASSERT_TRUE(v.ok()) << v.error().message;
    refs_.push_back(v->c.reference);
  }

  CopyOptions options() {
    CopyOptions o;
    o.from_url = source_->url();
    o.to_url = target_->url();
    o.batch_rows = 7;  // several batches per table
    return o;
  }

  std::unique_ptr<testing::TestStore> source_, target_;
  std::unique_ptr<Services> services_;
  testing::SmallCouncil council_;
  RequestContext ctx_;
  std::vector<std::string> refs_;
  std::vector<Id> photos_;
  Id customer_id_ = 0;
};

TEST_F(CopyTest, CopiesEveryTableAndVerifies) {
  auto report = copy_store(options());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->ok());
  std::map<std::string, TableCopy> by_name;
  for (const auto& t : report->tables) by_name[t.table] = t;
  EXPECT_EQ(by_name["cases"].source_rows, 30);
  EXPECT_EQ(by_name["cases"].target_rows, 30);
  EXPECT_EQ(by_name["case_watchers"].target_rows, 30);
  EXPECT_EQ(by_name["customers"].target_rows, 1);
  EXPECT_EQ(by_name["customer_addresses"].target_rows, 1);
  EXPECT_EQ(by_name["holidays"].source_rows, by_name["holidays"].target_rows);
  EXPECT_GT(by_name["holidays"].target_rows, 100);
  EXPECT_EQ(by_name["cases"].source_sha256, by_name["cases"].target_sha256);
  EXPECT_EQ(by_name["attachments"].target_rows, 2);
  EXPECT_EQ(by_name["attachments"].source_sha256, by_name["attachments"].target_sha256);
  for (Id photo : photos_) {
    auto read = [&](Store& s) {
      return s.read_value<std::string>([&](ReadTx& tx) { return tx.get_attachment_bytes(council_.tenant, photo); });
    };
    auto from = read(source_->store()), to = read(target_->store());
    ASSERT_TRUE(from.ok() && to.ok());
    EXPECT_EQ(*to, *from);
    EXPECT_GT(to->size(), 40u);
  }

  // The PostgreSQL store serves the copied data, and continues the numbering.
  Services pg(target_->store());
  auto got = pg.cases.get(ctx_, refs_[7]);
  ASSERT_TRUE(got.ok()) << got.error().message;
  auto orig = services_->cases.get(ctx_, refs_[7]);
  EXPECT_EQ(got->c.description, orig->c.description);
  EXPECT_EQ(got->c.location, orig->c.location);
  EXPECT_EQ(got->c.clock, orig->c.clock);
  EXPECT_EQ(got->c.answers, orig->c.answers);
  NewCase n;
  n.category = "general";
  n.description = "The first case made in PostgreSQL";
  auto fresh = pg.cases.create(ctx_, n);
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  EXPECT_EQ(fresh->c.reference, format_reference("TST", 31));
  auto customer = pg.customers.get(ctx_, customer_id_);
  ASSERT_TRUE(customer.ok());
  EXPECT_EQ(customer->phones.at(0).number, "+447700900982");
  Customer another;
  another.family_name = "Babbage";
  auto made = pg.customers.create(ctx_, another);
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_GT(made->id, customer_id_);
  // Full-text search works over the copied rows (PostgreSQL's own index).
  CaseFilter f;
  f.text = "number 12";
  auto found = pg.cases.list(ctx_, f);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].c.reference, refs_[12]);
}

TEST_F(CopyTest, RerunAfterInterruptionAndChangesConverges) {
  ASSERT_TRUE(copy_store(options()).ok());
  // Simulate an earlier run cut off half way (rows missing at the target)
  // and later changes at the source.
  {
    auto pg = sql::PostgresConnection::connect(target_->url(), 5);
    ASSERT_TRUE(pg.ok()) << pg.error().message;
    ASSERT_TRUE((*pg)->exec_script("DELETE FROM case_events WHERE id % 2 = 0; DELETE FROM cases WHERE id > 15; "
                                   "DELETE FROM customer_phones")
                    .ok());
  }
  TransitionRequest close{CaseStatus::kClosed, CaseOutcome::kResolved, "", "Fixed"};
  ASSERT_TRUE(services_->cases.transition(ctx_, refs_[3], close, std::nullopt).ok());
  add_case(99);
  auto second = copy_store(options());
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(second->ok());
  Services pg(target_->store());
  auto closed = pg.cases.get(ctx_, refs_[3]);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->c.status, CaseStatus::kClosed);
  EXPECT_TRUE(pg.cases.get(ctx_, refs_.back()).ok());
}

TEST_F(CopyTest, EveryTableOfTheSchemaIsCopied) {
  auto report = copy_store(options());
  ASSERT_TRUE(report.ok());
  std::set<std::string> copied;
  for (const auto& t : report->tables) copied.insert(t.table);
  std::string path = source_->url().substr(7);
  auto conn = sql::SqliteConnection::open(path, {});
  ASSERT_TRUE(conn.ok());
  auto tables = sql::query_all<std::string>(
      **conn,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND "
      "name <> 'schema_migrations' AND name NOT LIKE '%_fts' AND name NOT LIKE '%_fts_%' AND "
      // the nearby-search R*Tree is derived from cases by triggers
      "name NOT LIKE 'case_points%'",
      {}, [](sql::Rows& r) { return r.get_string(0); });
  ASSERT_TRUE(tables.ok());
  for (const auto& t : *tables) EXPECT_TRUE(copied.count(t)) << "table " << t << " is not copied by migrate-store";
}

TEST_F(CopyTest, OneCouncilOnly) {
  auto other = testing::seed_small_council(*services_, "otherton", "OTH");
  NewCase n;
  n.category = "general";
  n.description = "Otherton's own case";
  ASSERT_TRUE(services_->cases.create(other.ctx(at("2016-03-02T10:00:00Z")), n).ok());
  CopyOptions o = options();
  o.tenant = "otherton";
  auto report = copy_store(o);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->ok());
  for (const auto& t : report->tables)
    if (t.table == "cases") EXPECT_EQ(t.target_rows, 1);
  Services pg(target_->store());
  EXPECT_FALSE(pg.catalogue.tenant_by_slug("testshire").ok());
  EXPECT_TRUE(pg.catalogue.tenant_by_slug("otherton").ok());
}

TEST_F(CopyTest, RefusesWrongUrls) {
  CopyOptions o = options();
  o.to_url = "sqlite:/tmp/x.db";
  auto r = copy_store(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidConfig);
  o = options();
  o.from_url = target_->url();
  EXPECT_EQ(copy_store(o).error().code, ErrorCode::kInvalidConfig);
  o = options();
  o.tenant = "nowhere";
  EXPECT_EQ(copy_store(o).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace civicdesk
