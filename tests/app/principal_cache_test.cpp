// Remembering who an API token stands for (app/principal_cache.h): the cache
// itself, and through AccountService that a change made in this process
// takes effect at once while one made by another server (a second
// AccountService on the same database) takes effect within the TTL.
#include <gtest/gtest.h>

#include <thread>

#include "support/fixtures.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using namespace std::chrono_literals;
using testing::at;

PrincipalCache::Entry entry(const std::string& name, std::optional<Instant> expires = std::nullopt) {
  PrincipalCache::Entry e;
  e.principal.kind = Principal::Kind::kApiClient;
  e.principal.name = name;
  e.token_id = 7;
  e.expires_at = expires;
  return e;
}

TEST(PrincipalCache, RemembersPerCouncilUntilForgotten) {
  PrincipalCache cache(60s);
  const Instant now = at("2026-01-05T09:00:00Z");
  cache.put(1, "hash", entry("a"), cache.generation());
  ASSERT_TRUE(cache.get(1, "hash", now));
  EXPECT_EQ(cache.get(1, "hash", now)->principal.name, "a");
  EXPECT_FALSE(cache.get(2, "hash", now));  // another council's token is another token
  EXPECT_FALSE(cache.get(1, "other", now));
  cache.forget_all();
  EXPECT_FALSE(cache.get(1, "hash", now));
}

TEST(PrincipalCache, AnAnswerReadBeforeAForgetIsNotStoredAfterIt) {
  PrincipalCache cache(60s);
  const uint64_t before = cache.generation();
  cache.forget_all();  // a revocation committed while the answer was being read
  cache.put(1, "hash", entry("stale"), before);
  EXPECT_FALSE(cache.get(1, "hash", at("2026-01-05T09:00:00Z")));
}

TEST(PrincipalCache, NeverOutlivesTheTokenOrTheTtl) {
  PrincipalCache cache(60s);
  cache.put(1, "hash", entry("a", at("2026-01-05T09:00:00Z")), cache.generation());
  EXPECT_TRUE(cache.get(1, "hash", at("2026-01-05T08:59:59Z")));
  EXPECT_FALSE(cache.get(1, "hash", at("2026-01-05T09:00:00Z")));

  PrincipalCache brief(50ms);
  brief.put(1, "hash", entry("a"), brief.generation());
  EXPECT_TRUE(brief.get(1, "hash", at("2026-01-05T08:00:00Z")));
  std::this_thread::sleep_for(120ms);
  EXPECT_FALSE(brief.get(1, "hash", at("2026-01-05T08:00:00Z")));

  PrincipalCache off(0ms);
  off.put(1, "hash", entry("a"), off.generation());
  EXPECT_FALSE(off.get(1, "hash", at("2026-01-05T08:00:00Z")));
}

class PrincipalCacheAccountsTest : public ::testing::TestWithParam<std::string> {
 protected:
  PrincipalCacheAccountsTest() : db_(GetParam()), services_(db_.store()), council_(testing::seed_small_council(services_)) {}
  testing::TestStore db_;
  Services services_;
  testing::SmallCouncil council_;
};

TEST_P(PrincipalCacheAccountsTest, RevocationHereIsImmediateElsewhereWithinTheTtl) {
  const RequestContext admin = council_.ctx(at("2026-01-05T09:00:00Z"));
  auto token = services_.accounts.create_token(admin, {"backoffice", {"cases:read"}, std::nullopt, std::nullopt});
  ASSERT_TRUE(token.ok()) << token.error().message;
  const Credentials creds{*token, "", "", false};
  const Instant now = at("2026-01-05T09:01:00Z");

  // Another server on the same database, remembering for 300 ms.
  CatalogueCache other_cache;
  AccountOptions brief;
  brief.principal_cache_ttl = 300ms;
  AccountService other(db_.store(), other_cache, brief);

  ASSERT_TRUE(services_.accounts.authenticate(council_.tenant, creds, now).ok());
  ASSERT_TRUE(other.authenticate(council_.tenant, creds, now).ok());

  ASSERT_TRUE(services_.accounts.revoke_token(admin, "backoffice").ok());
  auto here = services_.accounts.authenticate(council_.tenant, creds, now);
  ASSERT_FALSE(here.ok());
  EXPECT_EQ(here.error().code, ErrorCode::kUnauthenticated);

  // The other server still remembers the token ...
  EXPECT_TRUE(other.authenticate(council_.tenant, creds, now).ok());
  // ... until its TTL has passed (bounded wait).
  bool refused = false;
  for (int i = 0; i < 50 && !refused; ++i) {
    std::this_thread::sleep_for(50ms);
    refused = !other.authenticate(council_.tenant, creds, now).ok();
  }
  EXPECT_TRUE(refused);
}

INSTANTIATE_TEST_SUITE_P(Backends, PrincipalCacheAccountsTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk
