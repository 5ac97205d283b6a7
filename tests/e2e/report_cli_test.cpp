// `civicdesk report ...` run as a real process: the committee table on
// standard output, files for --output (a real XLSX), and bad parameters
// refused with a message and a non-zero exit before the database is even
// opened.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/fixtures.h"
#include "support/process.h"
#include "support/test_store.h"

namespace civicdesk::testing {
namespace {

class ReportCliTest : public ::testing::Test {
 protected:
  ReportCliTest() : db_("sqlite"), services_(db_.store()), council_(seed_small_council(services_)) {
    auto cat = services_.catalogue.snapshot(council_.ctx(at("2016-03-01T10:00:00Z")));
    EXPECT_TRUE(cat.ok());
    // Due Tue 29 Dec 2015 (received Fri 18th), closed that day: met.
    Case c;
    c.reference = "TST-CLI1";
    c.type = CaseType::kMemberEnquiry;
    c.category = "general";
    c.delivery_unit = "street-scene";
    c.title = "Enquiry";
    c.description = "About it";
    c.sla.code = "member_enquiry";
    c.sla.resolve_days = 5;
    c.sla.pausable = false;
    c.received_at = at("2015-12-18T10:00:00Z");
    c.clock = start_clock(c.sla, (*cat)->council_calendar, c.received_at);
    c.closed_at = at("2015-12-29T10:00:00Z");
    c.status = CaseStatus::kClosed;
    c.outcome = CaseOutcome::kResolved;
    c.created_at = c.updated_at = c.received_at;
    auto id = db_.store().write_value<Id>([&](Tx& tx) { return tx.insert_case(council_.tenant, c); });
    EXPECT_TRUE(id.ok());
  }

  static std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  TestStore db_;
  Services services_;
  SmallCouncil council_;
};

TEST_F(ReportCliTest, MonthlyCsvOnStandardOutput) {
  ExitStatus r = run_civicdesk({"--db", db_.url(), "--log-level", "error", "report", "me-monthly", "--from", "2015-12",
                                "--to", "2016-01"});
  ASSERT_TRUE(r.exited);
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("Month,Items due,Closed in 5 days,% Closed in 5 days,Not closed in 5 days,"
                          "% Not closed in 5 days,Delay advised,% Delay advised,Responded to in 5 days,"
                          "% Responded to in 5 days\r\n"
                          "2015-12,1,1,100.0,0,0.0,0,0.0,1,100.0\r\n"
                          "2016-01,0,0,,0,,0,,0,\r\n"
                          "Total,1,1,100.0,0,0.0,0,0.0,1,100.0\r\n"),
            std::string::npos)
      << r.output;
}

TEST_F(ReportCliTest, FilesInEveryFormat) {
  const std::string dir = std::filesystem::temp_directory_path() / unique_name("report-cli");
  std::filesystem::create_directories(dir);
  for (const char* format : {"csv", "json", "xlsx", "html"}) {
    const std::string out = dir + "/ageing." + format;
    ExitStatus r = run_civicdesk({"--db", db_.url(), "--log-level", "error", "report", "me-ageing", "--at",
                                  "2015-12-21", "--format", format, "--output", out});
    ASSERT_TRUE(r.exited);
    EXPECT_EQ(r.code, 0) << format << ": " << r.output;
    const std::string body = read(out);
    if (std::string(format) == "xlsx") EXPECT_EQ(body.substr(0, 2), "PK");
    if (std::string(format) == "csv")
      EXPECT_EQ(body, "Delivery unit,Less than 10 days,10 to 19 days,20 to 29 days,30 to 39 days,40+ days,"
                      "Total over 10 days\r\nStreet Scene,1,0,0,0,0,0\r\nTotal,1,0,0,0,0,0\r\n");
    if (std::string(format) == "html") EXPECT_NE(body.find("<svg"), std::string::npos);
    if (std::string(format) == "json") EXPECT_NE(body.find("\"report\":\"me-ageing\""), std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

TEST_F(ReportCliTest, BadParametersChangeNothing) {
  // A database that does not exist yet: refusing must not even create it.
  const std::string missing = std::filesystem::temp_directory_path() / (unique_name("report-cli-none") + ".db");
  struct Case {
    std::vector<std::string> args;
    const char* says;
  };
  const std::vector<Case> cases = {
      {{"me-monthly", "--from", "2015-13", "--to", "2015-12"}, "--from"},
      {{"me-monthly", "--from", "2015-06", "--to", "2015-05"}, "--to"},
      {{"me-monthly", "--from", "2000-01", "--to", "2015-12"}, "at most 60 months"},
      {{"me-ageing", "--at", "2015-02-30"}, "--at"},
      {{"me-monthly", "--from", "2015-01", "--to", "2015-02", "--format", "pdf"}, "--format"},
      {{"me-monthly", "--from", "2015-01", "--to", "2015-02", "--format", "xlsx"}, "--output"},
      {{"me-monthly", "--from", "2015-01"}, "--to"},
      {{"me-nothing"}, "subcommand"},  // CLI11: "A subcommand is required"
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"--db", "sqlite:" + missing, "report"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    ExitStatus r = run_civicdesk(args);
    ASSERT_TRUE(r.exited) << c.args[0];
    EXPECT_NE(r.code, 0) << c.args[0] << " " << c.says;
    EXPECT_NE(r.output.find(c.says), std::string::npos) << r.output;
    EXPECT_FALSE(std::filesystem::exists(missing)) << "refused " << c.says << " but created the database";
  }
}

}  // namespace
}  // namespace civicdesk::testing
