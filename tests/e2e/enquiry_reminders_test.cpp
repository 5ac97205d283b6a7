// Members' Enquiry reminders end to end: `civicdesk enquiries remind` and the
// loop in `civicdesk serve`, on a temporary SQLite file holding an overdue
// enquiry.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "support/fixtures.h"
#include "support/process.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using testing::at;

class EnquiryRemindersTest : public ::testing::Test {
 protected:
  EnquiryRemindersTest() {
    db_path_ = (std::filesystem::temp_directory_path() / (testing::unique_name("civicdesk_reminders") + ".db")).string();
    auto store = open_store(StoreOptions{.url = "sqlite:" + db_path_});
    if (!store || !(*store)->migrate()) throw std::runtime_error("cannot create " + db_path_);
    Services s(**store);
    council_ = testing::seed_small_council(s);
    // Raised Monday 6 January 2020, due Monday 13 January, routed to Street Scene.
    const RequestContext ctx = council_.ctx(at("2020-01-06T10:00:00Z"));
    NewCase n;
    n.type = CaseType::kMemberEnquiry;
    n.category = "general";
    n.description = "Fly-tipping behind the library";
    n.member_id = council_.member;
    auto v = s.cases.create(ctx, n);
    if (!v) throw std::runtime_error(v.error().message);
    reference_ = v->c.reference;
    RouteRequest r;
    r.delivery_unit = "street-scene";
    r.officer_id = council_.officer_street;
    if (!s.enquiries.route(ctx, reference_, r, std::nullopt)) throw std::runtime_error("route");
  }
  ~EnquiryRemindersTest() override {
    for (const auto& p : {db_path_, db_path_ + "-wal", db_path_ + "-shm"}) std::filesystem::remove(p);
  }

  // Recipients of the "overdue" prompts queued so far.
  std::vector<std::string> overdue_prompts() {
    auto store = open_store(StoreOptions{.url = "sqlite:" + db_path_});
    OutboxFilter f;
    auto all = (*store)->read_value<std::vector<OutboxMessage>>(
        [&](ReadTx& tx) { return tx.list_outbox(council_.tenant, f); });
    std::vector<std::string> out;
    if (all)
      for (const auto& m : *all)
        if (m.template_name == "me_overdue") out.push_back(m.recipient);
    return out;
  }

  std::string db_path_, reference_;
  testing::SmallCouncil council_;
};

TEST_F(EnquiryRemindersTest, CommandPromptsOnceAndRefusesABadTime) {
  const std::vector<std::string> base = {"--db", "sqlite:" + db_path_, "--log-level", "warn", "enquiries", "remind"};
  auto before_due = base;
  before_due.insert(before_due.end(), {"--at", "2020-01-13T08:00:00Z"});
  auto r0 = testing::run_civicdesk(before_due);
  ASSERT_TRUE(r0.exited && r0.code == 0) << r0.output;
  EXPECT_TRUE(overdue_prompts().empty());

  auto late = base;
  late.insert(late.end(), {"--at", "2020-01-14T08:00:00Z"});
  auto r1 = testing::run_civicdesk(late);
  ASSERT_TRUE(r1.exited && r1.code == 0) << r1.output;
  EXPECT_NE(r1.output.find("1 prompt(s) sent"), std::string::npos) << r1.output;
  auto r2 = testing::run_civicdesk(late);
  EXPECT_NE(r2.output.find("0 prompt(s) sent"), std::string::npos) << r2.output;
  EXPECT_EQ(overdue_prompts(), std::vector<std::string>{"sam.street@testshire.gov.uk"});

  auto bad = base;
  bad.insert(bad.end(), {"--at", "next tuesday"});
  auto r3 = testing::run_civicdesk(bad);
  ASSERT_TRUE(r3.exited);
  EXPECT_NE(r3.code, 0);
  EXPECT_NE(r3.output.find("--at must be a time"), std::string::npos) << r3.output;
}

TEST_F(EnquiryRemindersTest, ServerRunsRemindersOnItsOwn) {
  testing::ServerProcess server("sqlite:" + db_path_, {"--reminders-every", "60"});
  // The first run starts with the server; wait for it (bounded).
  for (int i = 0; i < 100 && overdue_prompts().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(overdue_prompts(), std::vector<std::string>{"sam.street@testshire.gov.uk"});
  EXPECT_EQ(server.stop(), 0) << server.output();
}

}  // namespace
}  // namespace civicdesk
