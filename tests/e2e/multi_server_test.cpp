// Two civicdesk processes on one PostgreSQL database, updating the same
// cases at once: no lost update, no duplicate reference, and every conflict
// answered 412 (stale If-Match) or 409 with a clear message.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "support/process.h"
#include "support/test_server.h"

namespace civicdesk {
namespace {

using nlohmann::json;
using testing::http_request;

class TwoServersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("CIVICDESK_TEST_PG_URL"))
      GTEST_FAIL() << "CIVICDESK_TEST_PG_URL is not set (run make test)";
    db_ = std::make_unique<testing::TestStore>("postgres");
    {
      Services s(db_->store());
      const auto council = testing::seed_small_council(s);
      Id resident = 0;
      auth_ = "Authorization: Bearer " + testing::seed_users(s, council, &resident).at(Role::kAdministrator);
    }
    a_ = std::make_unique<testing::ServerProcess>(
        db_->url(), std::vector<std::string>{"--threads", "8", "--pool-size", "8"});
    b_ = std::make_unique<testing::ServerProcess>(
        db_->url(), std::vector<std::string>{"--threads", "8", "--pool-size", "8"});
  }
  uint16_t port(int i) const { return i % 2 ? b_->port() : a_->port(); }
  // As the test council's administrator.
  testing::HttpResult get(uint16_t port, const std::string& target) {
    return http_request(port, "GET", target, "", {auth_});
  }
  testing::HttpResult send(uint16_t port, const std::string& method, const std::string& target,
                           const std::string& body, std::vector<std::string> headers = {}) {
    headers.push_back("Content-Type: application/json");
    headers.push_back(auth_);
    return http_request(port, method, target, body, headers);
  }

  std::string create_case(int i) {
    auto r = send(port(i), "POST", "/api/v1/cases",
                  R"({"category":"general","description":"Concurrent report )" + std::to_string(i) + "\"}");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json::parse(r.body)["reference"].get<std::string>() : "";
  }

  std::string auth_;
  std::unique_ptr<testing::TestStore> db_;
  std::unique_ptr<testing::ServerProcess> a_, b_;
};

TEST_F(TwoServersTest, ConcurrentCreatesGetUniqueReferences) {
  constexpr int kThreads = 8, kEach = 25;
  std::mutex mu;
  std::vector<std::string> refs;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::string ref = create_case(t * kEach + i);
        std::lock_guard lock(mu);
        refs.push_back(ref);
      }
    });
  for (auto& th : threads) th.join();
  std::set<std::string> unique(refs.begin(), refs.end());
  EXPECT_EQ(unique.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_FALSE(unique.count(""));
  // Both servers list all of them, paging alternately between the two.
  std::set<std::string> listed;
  std::string cursor;
  for (int i = 0; i < 100; ++i) {
    auto page = json::parse(
        get(port(i), "/api/v1/cases?limit=37" + (cursor.empty() ? "" : "&cursor=" + cursor)).body);
    for (const auto& c : page["items"]) listed.insert(c["reference"].get<std::string>());
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(listed, unique);
}

TEST_F(TwoServersTest, ConcurrentNotesWithoutIfMatchAreAllKept) {
  const std::string ref = create_case(0);
  constexpr int kThreads = 8, kEach = 10;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = send(port(t + i), "POST", "/api/v1/cases/" + ref + "/notes",
                      R"({"text":"note )" + std::to_string(t) + "-" + std::to_string(i) + "\"}");
        if (r.status == 201)
          ++ok;
        else
          ADD_FAILURE() << r.status << " " << r.body;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kEach);
  auto notes = get(b_->port(), "/api/v1/cases/" + ref + "/notes");
  EXPECT_EQ(json::parse(notes.body)["items"].size(), static_cast<size_t>(kThreads * kEach));
  auto c = get(a_->port(), "/api/v1/cases/" + ref);
  EXPECT_EQ(json::parse(c.body)["version"], 1 + kThreads * kEach);
}

TEST_F(TwoServersTest, StaleIfMatchLosesWith412) {
  const std::string ref = create_case(0);
  constexpr int kThreads = 10;
  std::atomic<int> won{0}, stale{0};
  std::mutex mu;
  std::string winner;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const std::string title = "Title from writer " + std::to_string(t);
      auto r = send(port(t), "PATCH", "/api/v1/cases/" + ref, R"({"title":")" + title + "\"}",
                    {"If-Match: \"1\""});
      if (r.status == 200) {
        ++won;
        std::lock_guard lock(mu);
        winner = title;
      } else if (r.status == 412) {
        EXPECT_EQ(json::parse(r.body)["code"], "stale_version");
        EXPECT_NE(json::parse(r.body)["detail"].get<std::string>().find("reload"), std::string::npos);
        ++stale;
      } else {
        ADD_FAILURE() << r.status << " " << r.body;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(stale.load(), kThreads - 1);
  auto c = json::parse(get(b_->port(), "/api/v1/cases/" + ref).body);
  EXPECT_EQ(c["title"], winner);
  EXPECT_EQ(c["version"], 2);
}

}  // namespace
}  // namespace civicdesk
