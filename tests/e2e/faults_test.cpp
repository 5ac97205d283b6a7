// Faults: a database that cannot be reached at start, malformed URLs, a
// PostgreSQL server that goes away while civicdesk is serving (503s that come
// back quickly, recovery when it returns), and a civicdesk process killed in
// the middle of a load (no acknowledged write lost).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include "support/process.h"
#include "support/test_server.h"

namespace civicdesk {
namespace {

using nlohmann::json;
using testing::http_request;

// Seeds the small council and its users; the administrator's Authorization header.
std::string seed_council_and_admin(Store& store) {
  Services s(store);
  const auto council = testing::seed_small_council(s);
  Id resident = 0;
  return "Authorization: Bearer " + testing::seed_users(s, council, &resident).at(Role::kAdministrator);
}

std::string root() { return std::getenv("CIVICDESK_SOURCE_DIR") ? std::getenv("CIVICDESK_SOURCE_DIR") : "."; }

// A PostgreSQL cluster of this test's own, so stopping it disturbs nobody.
class PrivateCluster {
 public:
  PrivateCluster() : dir_("/tmp/" + testing::unique_name("civicdesk_pg")) {
    url_ = run("start");
    while (!url_.empty() && (url_.back() == '\n' || url_.back() == ' ')) url_.pop_back();
  }
  ~PrivateCluster() {
    run("stop");
    std::system(("rm -rf " + dir_).c_str());
  }
  const std::string& url() const { return url_; }
  void stop() { run("stop"); }
  void restart() { run("restart"); }

 private:
  std::string run(const std::string& cmd) {
    const std::string out = dir_ + "." + cmd + ".out";
    const std::string line = root() + "/scripts/pg-cluster.sh " + cmd + " " + dir_ + " > " + out + " 2>&1";
    EXPECT_EQ(std::system(line.c_str()), 0) << line;
    std::ifstream in(out);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::remove(out.c_str());
    return text;
  }
  std::string dir_, url_;
};

TEST(StartupFaults, UnreachableDatabaseIsAClearErrorWithoutThePassword) {
  const uint16_t closed = testing::free_port();
  const std::string url = "postgres://civicdesk:s3cret-pass@127.0.0.1:" + std::to_string(closed) + "/nowhere";
  auto r = testing::run_civicdesk({"--db", url, "serve", "--port", "0"}, std::chrono::seconds(30));
  ASSERT_TRUE(r.exited) << r.output;
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.output.find("Cannot reach PostgreSQL at postgres://civicdesk:***@127.0.0.1:" +
                          std::to_string(closed)),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("s3cret-pass"), std::string::npos) << r.output;
}

TEST(StartupFaults, MalformedOrUnsupportedUrlsAreClearErrors) {
  struct Case {
    std::string url, expect;
  };
  for (const Case& c :
       {Case{"postgres://db.example:notaport/civicdesk", "the port must be a number"},
        Case{"postgres://localhost:5432", "names no database"},
        Case{"mysql://localhost/civicdesk", "Unsupported database URL"}, Case{"sqlite:", "names no file"},
        Case{"sqlite:/nonexistent-dir/x/y.db", "Cannot open the SQLite database"}}) {
    auto r = testing::run_civicdesk({"--db", c.url, "migrate"}, std::chrono::seconds(30));
    ASSERT_TRUE(r.exited) << c.url << ": " << r.output;
    EXPECT_NE(r.code, 0) << c.url;
    EXPECT_NE(r.output.find(c.expect), std::string::npos) << c.url << ": " << r.output;
  }
}

TEST(DatabaseLost, RequestsGet503QuicklyAndServiceRecovers) {
  PrivateCluster pg;
  ASSERT_FALSE(pg.url().empty());
  std::string admin;
  {
    StoreOptions o;
    o.url = pg.url();
    auto store = open_store(o);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)->migrate().ok());
    admin = seed_council_and_admin(**store);
  }
  testing::ServerProcess server(pg.url(), {"--threads", "8", "--pool-size", "4"});

  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<int> unavailable{0}, other{0}, created{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        auto r = http_request(server.port(), "POST", "/api/v1/cases",
                              R"({"category":"general","description":"Written during the outage test )" +
                                  std::to_string(t) + "-" + std::to_string(i) + "\"}",
                              {"Content-Type: application/json", admin});
        if (r.status == 201) {
          ++created;
          std::lock_guard lock(mu);
          acknowledged.push_back(json::parse(r.body)["reference"]);
        } else if (r.status == 503 && json::parse(r.body)["code"] == "database_unavailable") {
          ++unavailable;
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        } else {
          ++other;  // includes -1: a request that hung past the client's 10 s limit
          ADD_FAILURE() << "unexpected answer during the outage: " << r.status << " " << r.body;
        }
      }
    });
  auto wait_for = [&](auto pred) {
    for (int i = 0; i < 600 && !pred(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  };
  wait_for([&] { return created.load() >= 20; });
  pg.stop();
  const int before = created.load();
  wait_for([&] { return unavailable.load() >= 20; });
  EXPECT_GE(unavailable.load(), 20) << "requests did not fail fast while the database was down";
  auto ready = http_request(server.port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 503) << ready.body;
  pg.restart();
  wait_for([&] { return created.load() >= before + 20; });
  stop = true;
  for (auto& w : writers) w.join();
  EXPECT_GE(created.load(), before + 20) << "the server did not recover when the database came back";
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(http_request(server.port(), "GET", "/readyz").status, 200);
  // Nothing acknowledged was lost.
  for (const auto& ref : acknowledged) {
    auto r = http_request(server.port(), "GET", "/api/v1/cases/" + ref, "", {admin});
    ASSERT_EQ(r.status, 200) << ref << " was acknowledged but is missing";
  }
}

class CrashTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CrashTest, AcknowledgedWritesSurviveKill9) {
  testing::TestStore db(GetParam());
  const std::string admin = seed_council_and_admin(db.store());
  auto server =
      std::make_unique<testing::ServerProcess>(db.url(), std::vector<std::string>{"--threads", "16"});
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        auto r = http_request(server->port(), "POST", "/api/v1/cases",
                              R"({"category":"general","description":"Crash test )" + std::to_string(t) +
                                  "-" + std::to_string(i) + "\"}",
                              {"Content-Type: application/json", admin});
        if (r.status != 201) return;  // the server is gone
        std::lock_guard lock(mu);
        acknowledged.push_back(json::parse(r.body)["reference"]);
      }
    });
  for (int i = 0; i < 400; ++i) {
    {
      std::lock_guard lock(mu);
      if (acknowledged.size() >= 200) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  server->kill_hard();  // in the middle of the load
  stop = true;
  for (auto& w : writers) w.join();
  ASSERT_GE(acknowledged.size(), 50u);
  testing::ServerProcess again(db.url());
  for (const auto& ref : acknowledged) {
    auto r = http_request(again.port(), "GET", "/api/v1/cases/" + ref, "", {admin});
    ASSERT_EQ(r.status, 200) << ref << " was acknowledged before the crash but is missing";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk
