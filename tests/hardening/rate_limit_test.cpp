// Rate limits: the token buckets with explicit time points, and the real
// server answering 429 with Retry-After and too_many_requests for the
// general, write and public-form limits. Limits in the end-to-end tests
// refill so slowly (one token in ~17 minutes) that nothing refills while a
// test runs: no timing assumptions.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/rate_limit.h"
#include "support/process.h"
#include "support/test_server.h"

namespace civicdesk::testing {
namespace {

using nlohmann::json;
using http::RateLimit;
using http::RateLimiter;
using std::chrono::milliseconds;
using std::chrono::seconds;

const RateLimiter::TimePoint t0 = RateLimiter::TimePoint{} + std::chrono::hours(1000);

TEST(HardeningRateLimiter, BurstThenRefusedWithTheWait) {
  RateLimiter limiter;
  const RateLimit limit{1, 3};  // one a second, three at once
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.take("k", limit, t0).allowed) << i;
  auto d = limiter.take("k", limit, t0);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds, 1);
  // Half a token back is not enough.
  d = limiter.take("k", limit, t0 + milliseconds(500));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds, 1);
  // A whole one is, once.
  EXPECT_TRUE(limiter.take("k", limit, t0 + milliseconds(1000)).allowed);
  EXPECT_FALSE(limiter.take("k", limit, t0 + milliseconds(1000)).allowed);
}

TEST(HardeningRateLimiter, RefillsAtTheRateUpToTheBurstOnly) {
  RateLimiter limiter;
  const RateLimit limit{2, 4};
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(limiter.take("k", limit, t0).allowed);
  ASSERT_FALSE(limiter.take("k", limit, t0).allowed);
  // 1.5 s at 2/s: 3 tokens.
  const auto t1 = t0 + milliseconds(1500);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.take("k", limit, t1).allowed) << i;
  EXPECT_FALSE(limiter.take("k", limit, t1).allowed);
  // An hour idle fills the bucket, but only to the burst.
  const auto t2 = t1 + std::chrono::hours(1);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(limiter.take("k", limit, t2).allowed) << i;
  EXPECT_FALSE(limiter.take("k", limit, t2).allowed);
}

TEST(HardeningRateLimiter, RetryAfterIsTheWholeSecondsUntilATokenIsBack) {
  RateLimiter limiter;
  const RateLimit per_minute{1.0 / 60, 2};
  ASSERT_TRUE(limiter.take("k", per_minute, t0).allowed);
  ASSERT_TRUE(limiter.take("k", per_minute, t0).allowed);
  auto d = limiter.take("k", per_minute, t0);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds, 60);
  d = limiter.take("k", per_minute, t0 + milliseconds(30500));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds, 30);  // 29.5 s, rounded up
  EXPECT_TRUE(limiter.take("k", per_minute, t0 + seconds(60)).allowed);
}

TEST(HardeningRateLimiter, ClientsAndLimitsAreIndependent) {
  RateLimiter limiter;
  const RateLimit one{0.001, 1};
  EXPECT_TRUE(limiter.take("a", one, t0).allowed);
  EXPECT_FALSE(limiter.take("a", one, t0).allowed);
  EXPECT_TRUE(limiter.take("b", one, t0).allowed);
  // Off: always allowed, and nothing is kept.
  RateLimiter off;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(off.take("a", RateLimit{}, t0).allowed);
  EXPECT_EQ(off.size(), 0u);
  // A burst below one still lets one request through.
  EXPECT_TRUE(limiter.take("c", RateLimit{0.001, 0}, t0).allowed);
  EXPECT_FALSE(limiter.take("c", RateLimit{0.001, 0}, t0).allowed);
}

TEST(HardeningRateLimiter, TimeGoingBackwardsGivesNothingBack) {
  RateLimiter limiter;
  const RateLimit limit{1, 1};
  EXPECT_TRUE(limiter.take("k", limit, t0).allowed);
  EXPECT_FALSE(limiter.take("k", limit, t0 - seconds(10)).allowed);
  EXPECT_FALSE(limiter.take("k", limit, t0 + milliseconds(999)).allowed);
  EXPECT_TRUE(limiter.take("k", limit, t0 + seconds(1)).allowed);
}

TEST(HardeningRateLimiter, MemoryIsBoundedUnderAFloodOfClients) {
  RateLimiter limiter(64 * 16);  // 16 buckets a shard
  const RateLimit slow{0.001, 5};
  for (int i = 0; i < 20000; ++i) limiter.take("flood:" + std::to_string(i), slow, t0 + milliseconds(i));
  EXPECT_LE(limiter.size(), 64u * 16u);
  EXPECT_GT(limiter.size(), 64u * 8u);  // it keeps using the room it has
}

TEST(HardeningRateLimiter, AClientStillBeingLimitedIsNotForgottenInAFlood) {
  RateLimiter limiter(64 * 16);
  const RateLimit slow{0.001, 1};
  auto now = t0;
  ASSERT_TRUE(limiter.take("attacker", slow, now).allowed);
  for (int i = 0; i < 20000; ++i) {
    now += milliseconds(1);
    limiter.take("flood:" + std::to_string(i), slow, now);
    // The attacker keeps trying, so it is among the most recently seen.
    if (i % 4 == 0) EXPECT_FALSE(limiter.take("attacker", slow, now).allowed) << i;
  }
}

TEST(HardeningRateLimiter, RefilledBucketsAreDroppedBeforeOlderOnes) {
  RateLimiter limiter(64 * 8);  // 8 buckets a shard
  // Clients still being limited, seen first (the least recently seen).
  const RateLimit slow{0.001, 1};
  for (int i = 0; i < 64; ++i) ASSERT_TRUE(limiter.take("limited:" + std::to_string(i), slow, t0).allowed);
  // Then a stream of clients whose buckets refill between their requests:
  // those are dropped to make room, not the older limited ones (a pure
  // least-recently-seen policy would forget those first).
  const RateLimit fast{1000, 1};
  auto now = t0 + seconds(1);
  for (int i = 0; i < 2000; ++i) {
    now += milliseconds(10);
    limiter.take("passing:" + std::to_string(i), fast, now);
  }
  EXPECT_LE(limiter.size(), 64u * 8u);
  for (int i = 0; i < 64; ++i) EXPECT_FALSE(limiter.take("limited:" + std::to_string(i), slow, now).allowed) << i;
}

// ---- The real server ----

std::string problem_code(const HttpResult& r) {
  auto j = json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("code") ? j["code"].get<std::string>() : "";
}

void expect_429(const HttpResult& r, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_EQ(problem_code(r), "too_many_requests") << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  const std::string retry = r.header("retry-after");
  ASSERT_FALSE(retry.empty());
  EXPECT_EQ(retry.find_first_not_of("0123456789"), std::string::npos) << retry;
  EXPECT_GE(std::stoi(retry), 1);
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");  // hardened like any response
}

int count_cases(TestServer& server) {
  const auto r = http_request(server.port(), "GET", "/api/v1/cases?limit=200", "", {server.auth(Role::kManager)});
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? static_cast<int>(json::parse(r.body)["items"].size()) : -1;
}

int count_audit(TestServer& server, const std::string& action) {
  const auto r = http_request(server.port(), "GET", "/api/v1/audit?limit=200", "", {server.auth(Role::kAdministrator)});
  EXPECT_EQ(r.status, 200) << r.body;
  int n = 0;
  if (r.status != 200) return -1;
  const json body = json::parse(r.body);
  for (const auto& e : body["items"]) n += e["action"] == action;
  return n;
}

class HardeningRateLimits : public ::testing::TestWithParam<std::string> {
 protected:
  static http::PipelineOptions only(RateLimit general, RateLimit writes, RateLimit public_forms) {
    http::PipelineOptions p;
    p.rate_limits = {general, writes, public_forms};
    return p;
  }
  static constexpr RateLimit kOff{};
};

TEST_P(HardeningRateLimits, GeneralLimitPerClient) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), {}, only({0.001, 3}, kOff, kOff));
  const std::string admin = server.auth(Role::kAdministrator);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(server.get("/api/v1/wards", {admin}).status, 200) << i;
  expect_429(server.get("/api/v1/wards", {admin}), "fourth read");
  expect_429(server.post("/api/v1/cases", R"({"category":"general","description":"x"})", {admin}), "a write too");
  // Another client has its own bucket.
  EXPECT_EQ(server.get("/api/v1/wards", {server.auth(Role::kOfficer)}).status, 200);
  // Monitoring is never limited.
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(http_request(server.port(), "GET", "/healthz").status, 200) << i;
    EXPECT_EQ(http_request(server.port(), "GET", "/readyz").status, 200) << i;
  }
}

TEST_P(HardeningRateLimits, MadeUpTokensCountAgainstTheAddress) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), {}, only({0.001, 3}, kOff, kOff));
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(server.get("/api/v1/cases", {"Authorization: Bearer cds_guess" + std::to_string(i)}).status, 401) << i;
  expect_429(server.get("/api/v1/cases", {"Authorization: Bearer cds_guess99"}), "fourth guess");
  // Anonymous requests from the same address share that bucket.
  expect_429(http_request(server.port(), "GET", "/api/v1/services"), "anonymous");
  // A real token is its own client.
  EXPECT_EQ(server.get("/api/v1/cases").status, 200);
}

TEST_P(HardeningRateLimits, WriteLimitAndARefusedWriteChangesNothing) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), {}, only(kOff, {0.001, 2}, kOff));
  const std::string officer = server.auth(Role::kOfficer);
  const int before = count_cases(server);
  const int audited = count_audit(server, "case.create");
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(server.post("/api/v1/cases", R"({"category":"general","description":"ok"})", {officer}).status, 201);
  const auto refused = server.post("/api/v1/cases", R"({"category":"general","description":"refused"})", {officer});
  expect_429(refused, "third write");
  EXPECT_EQ(count_cases(server), before + 2);
  EXPECT_EQ(count_audit(server, "case.create"), audited + 2);
  // Reads are not writes.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(server.get("/api/v1/cases", {officer}).status, 200);
}

TEST_P(HardeningRateLimits, SignInAttemptsArePerAddressWhoeverIsAsking) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), {}, only(kOff, kOff, {0.001, 3}));
  const auto sign_in = [&](const std::string& password, std::vector<std::string> headers = {}) {
    headers.push_back("Content-Type: application/json");
    return http_request(server.port(), "POST", "/api/v1/session",
                        R"({"email":"officer@testshire.gov.uk","password":")" + password + "\"}", headers);
  };
  EXPECT_EQ(sign_in("wrong one").status, 401);
  EXPECT_EQ(sign_in("wrong two").status, 401);
  // A signed-in client's attempt counts against the same address.
  EXPECT_EQ(sign_in("wrong three", {server.auth(Role::kAdministrator)}).status, 401);
  // Now even the right password is refused, and refusing it changes nothing:
  // no session, no new audit entries.
  const int failed = count_audit(server, "session.sign_in_failed");
  EXPECT_EQ(failed, 3);
  const auto refused = sign_in("correct horse battery officer");
  expect_429(refused, "fourth attempt");
  EXPECT_EQ(refused.header("set-cookie"), "");
  EXPECT_EQ(count_audit(server, "session.sign_in"), 0);
  EXPECT_EQ(count_audit(server, "session.sign_in_failed"), failed);
  // Other public forms share the bucket.
  expect_429(http_request(server.port(), "POST", "/api/v1/password-resets",
                          R"({"email":"officer@testshire.gov.uk"})", {"Content-Type: application/json"}),
             "password reset");
  // The rest of the API is not affected.
  EXPECT_EQ(server.get("/api/v1/cases").status, 200);
}

// Signing out shares the path of signing in but is never refused by the
// public-form limit: a user must always be able to end their session.
TEST_P(HardeningRateLimits, SigningOutIsNeverRefused) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), {}, only(kOff, kOff, {0.001, 1}));
  const auto in = http_request(server.port(), "POST", "/api/v1/session",
                               R"({"email":"officer@testshire.gov.uk","password":"correct horse battery officer"})",
                               {"Content-Type: application/json"});
  ASSERT_EQ(in.status, 201) << in.body;
  const std::string cookie = in.header("set-cookie").substr(0, in.header("set-cookie").find(';'));
  const std::string csrf = json::parse(in.body)["csrf_token"];
  // The address's one attempt is used up...
  expect_429(http_request(server.port(), "POST", "/api/v1/session", R"({"email":"x@y.example","password":"whatever"})",
                          {"Content-Type: application/json"}),
             "second sign-in");
  // ...but signing out still works, and the session is gone.
  const auto out = http_request(server.port(), "DELETE", "/api/v1/session", "",
                                {"Cookie: " + cookie, "X-CSRF-Token: " + csrf});
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_EQ(http_request(server.port(), "GET", "/api/v1/session", "", {"Cookie: " + cookie}).status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, HardeningRateLimits, ::testing::ValuesIn(test_backends()),
                         [](const auto& info) { return info.param; });

// Through the binary: serve's options reach the pipeline (the public limit
// is per minute).
TEST(HardeningRateLimitServe, PublicFormLimitThroughTheBinary) {
  TestStore db("sqlite");
  {
    Services s(db.store());
    const auto council = seed_small_council(s);
    Id resident = 0;
    seed_users(s, council, &resident);
  }
  ServerProcess server(db.url(), {"--public-rate-limit", "1", "--public-rate-burst", "2"});
  const std::string body = R"({"email":"nobody@testshire.gov.uk","password":"wrong password"})";
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(http_request(server.port(), "POST", "/api/v1/session", body, {"Content-Type: application/json"}).status,
              401)
        << i;
  const auto r = http_request(server.port(), "POST", "/api/v1/session", body, {"Content-Type: application/json"});
  ASSERT_EQ(r.status, 429) << r.body;
  EXPECT_EQ(problem_code(r), "too_many_requests");
  // One a minute: the wait is most of a minute, not seconds.
  EXPECT_GE(std::stoi(r.header("retry-after")), 30);
  EXPECT_LE(std::stoi(r.header("retry-after")), 60);
  EXPECT_EQ(http_request(server.port(), "GET", "/healthz").status, 200);
}

TEST(HardeningRateLimitServe, RateOptionsAreChecked) {
  TestStore db("sqlite");
  for (const std::vector<std::string> bad : {std::vector<std::string>{"--rate-limit", "-1"},
                                             std::vector<std::string>{"--rate-burst", "0"},
                                             std::vector<std::string>{"--public-rate-limit", "lots"}}) {
    std::vector<std::string> args = {"--db", db.url(), "serve", "--port", std::to_string(free_port())};
    args.insert(args.end(), bad.begin(), bad.end());
    const ExitStatus r = run_civicdesk(args, std::chrono::seconds(30));
    EXPECT_TRUE(r.exited) << r.output;
    EXPECT_NE(r.code, 0) << bad[0] << ":\n" << r.output;
    EXPECT_NE(r.output.find(bad[0]), std::string::npos) << r.output;
  }
}

}  // namespace
}  // namespace civicdesk::testing
