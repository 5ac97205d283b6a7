// The prepared-statement cache stays within its capacity, drops the least
// recently used statement first, and never drops one that is in use.
#include "store/sql/statement_cache.h"

#include <gtest/gtest.h>

namespace civicdesk::sql {
namespace {

struct Stmt {
  int id = 0;
  bool in_use = false;
};

bool droppable(const Stmt& s) { return !s.in_use; }

TEST(StatementCache, KeepsAtMostCapacityAndDropsLeastRecentlyUsed) {
  StatementCache<Stmt> cache(3);
  std::vector<Stmt> evicted;
  cache.insert("a", {1}, droppable, evicted);
  cache.insert("b", {2}, droppable, evicted);
  cache.insert("c", {3}, droppable, evicted);
  ASSERT_NE(cache.find("a"), nullptr);  // a is now the most recent; b the least
  cache.insert("d", {4}, droppable, evicted);
  ASSERT_EQ(evicted.size(), 1u);
  EXPECT_EQ(evicted[0].id, 2);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.find("b"), nullptr);
  EXPECT_EQ(cache.find("a")->id, 1);
  EXPECT_EQ(cache.find("d")->id, 4);
}

TEST(StatementCache, NeverDropsAStatementInUse) {
  StatementCache<Stmt> cache(2);
  std::vector<Stmt> evicted;
  Stmt* busy = cache.insert("busy", {1, true}, droppable, evicted);
  cache.insert("x", {2}, droppable, evicted);
  cache.insert("y", {3}, droppable, evicted);
  ASSERT_EQ(evicted.size(), 1u);
  EXPECT_EQ(evicted[0].id, 2);
  EXPECT_EQ(cache.find("busy"), busy);  // still there, at the same address
  // Everything else in use: the cache goes over capacity rather than drop it.
  cache.find("y")->in_use = true;
  cache.insert("z", {4}, droppable, evicted);
  EXPECT_EQ(evicted.size(), 1u);
  EXPECT_EQ(cache.size(), 3u);
}

TEST(StatementCache, ManyDistinctTextsStayBounded) {
  StatementCache<Stmt> cache(50);
  std::vector<Stmt> evicted;
  for (int i = 0; i < 1000; ++i) cache.insert("SELECT " + std::to_string(i), {i}, droppable, evicted);
  EXPECT_EQ(cache.size(), 50u);
  EXPECT_EQ(evicted.size(), 950u);
  EXPECT_EQ(cache.find("SELECT 999")->id, 999);
  EXPECT_EQ(cache.find("SELECT 949"), nullptr);
}

}  // namespace
}  // namespace civicdesk::sql
