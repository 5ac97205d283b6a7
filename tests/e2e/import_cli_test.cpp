// `civicdesk import cases` end to end: the real binary on a temporary SQLite
// file seeded with the small council.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/fixtures.h"
#include "support/process.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

class ImportCliTest : public ::testing::Test {
 protected:
  ImportCliTest() {
    const auto tmp = std::filesystem::temp_directory_path();
    db_path_ = (tmp / (testing::unique_name("civicdesk_import") + ".db")).string();
    csv_path_ = (tmp / (testing::unique_name("civicdesk_import") + ".csv")).string();
    auto store = open_store(StoreOptions{.url = "sqlite:" + db_path_});
    if (!store || !(*store)->migrate()) throw std::runtime_error("cannot create " + db_path_);
    Services s(**store);
    testing::seed_small_council(s);
  }
  ~ImportCliTest() override {
    for (const auto& p : {db_path_, db_path_ + "-wal", db_path_ + "-shm", csv_path_}) std::filesystem::remove(p);
  }
  void write_csv(const std::string& text) { std::ofstream(csv_path_, std::ios::binary) << text; }
  int64_t count() {
    auto store = open_store(StoreOptions{.url = "sqlite:" + db_path_});
    auto tenants = (*store)->read_value<std::vector<Tenant>>([](ReadTx& tx) { return tx.list_tenants(); });
    auto counts = (*store)->read_value<std::vector<StatusCount>>(
        [&](ReadTx& tx) { return tx.count_cases_by_status(tenants->at(0).id); });
    int64_t n = 0;
    for (const auto& c : *counts) n += c.count;
    return n;
  }
  testing::ExitStatus import(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"--db", "sqlite:" + db_path_, "--log-level", "warn", "import", "cases",
                                     csv_path_};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_civicdesk(args);
  }
  std::string db_path_, csv_path_;
};

TEST_F(ImportCliTest, RefusesABadFileWithLineNumbersAndWritesNothing) {
  write_csv("reference,type,delivery_unit,received_at\n"
            "A/1,complaint,Street Scene,2016-01-04 12:00\n"
            "A/2,complaint,Street Scene,2016-13-04 12:00\n"
            "A/3,complaint,Parks,2016-01-04 12:00\n");
  const int64_t before = count();
  auto r = import();
  ASSERT_TRUE(r.exited) << r.output;
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find(":3: received_at: \"2016-13-04 12:00\" is not a date and time"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(":4: delivery_unit: There is no delivery unit named \"Parks\""), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("2 problems in 3 rows"), std::string::npos) << r.output;
  EXPECT_EQ(count(), before);
}

TEST_F(ImportCliTest, ImportsAndCreatesMissing) {
  write_csv("reference,type,delivery_unit,received_at,closed_at\n"
            "A/1,complaint,Street Scene,2016-01-04 12:00,2016-01-06T09:00:00Z\n"
            "A/2,service_request,Parks,2016-01-04 12:00,\n");
  const int64_t before = count();
  auto r = import({"--create-missing"});
  ASSERT_TRUE(r.exited) << r.output;
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("Created delivery unit Parks (parks)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Imported 2 cases"), std::string::npos) << r.output;
  EXPECT_EQ(count(), before + 2);
  // Running it again: every reference is now taken.
  auto again = import({"--create-missing"});
  EXPECT_EQ(again.code, 2) << again.output;
  EXPECT_NE(again.output.find("already a case in civicdesk"), std::string::npos) << again.output;
  EXPECT_EQ(count(), before + 2);
}

}  // namespace
}  // namespace civicdesk
