// Case use cases against a real store, on every backend.
#include <gtest/gtest.h>

#include "support/fixtures.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using testing::at;

class CasesTest : public ::testing::TestWithParam<std::string> {
 protected:
  CasesTest() : db_(GetParam()), services_(db_.store()), council_(testing::seed_small_council(services_)) {}
  RequestContext ctx(const char* when) { return council_.ctx(at(when)); }

  NewCase missed_bin() {
    NewCase n;
    n.category = "missed-bin";
    n.description = "Grey bin not collected on Tuesday";
    n.answers = {{"bin_type", {"refuse"}}};
    n.location.postcode = "nw9 7ab";
    return n;
  }

  testing::TestStore db_;
  Services services_;
  testing::SmallCouncil council_;
};

TEST_P(CasesTest, CreateComputesReferenceAndDueDates) {
  // Received Friday 2015-12-18: 10 working days skip Christmas and the
  // substitute Boxing Day (28th).
  auto v = services_.cases.create(ctx("2015-12-18T10:00:00Z"), missed_bin());
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->c.reference, "TST-0000013");
  EXPECT_EQ(v->c.delivery_unit, "street-scene");
  EXPECT_EQ(v->c.location.postcode, "NW9 7AB");
  EXPECT_EQ(format_date(*v->c.clock.respond_by), "2015-12-29");
  EXPECT_EQ(format_date(*v->c.clock.resolve_by), "2016-01-06");
  auto again = services_.cases.get(ctx("2015-12-18T11:00:00Z"), "tst-0000013");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->c.description, "Grey bin not collected on Tuesday");
  EXPECT_EQ(again->resolve.state, SlaState::kOnTrack);
}

TEST_P(CasesTest, StaleVersionIsRefused) {
  auto v = services_.cases.create(ctx("2016-03-01T10:00:00Z"), missed_bin());
  ASSERT_TRUE(v.ok()) << v.error().message;
  TransitionRequest start{CaseStatus::kInProgress, std::nullopt, "", ""};
  auto moved = services_.cases.transition(ctx("2016-03-01T11:00:00Z"), v->c.reference, start, 1);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->c.version, 2);
  TransitionRequest close{CaseStatus::kClosed, CaseOutcome::kResolved, "", ""};
  auto stale = services_.cases.transition(ctx("2016-03-01T12:00:00Z"), v->c.reference, close, 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kStaleVersion);
  auto now = services_.cases.get(ctx("2016-03-01T12:00:00Z"), v->c.reference);
  EXPECT_EQ(now->c.status, CaseStatus::kInProgress);
}

INSTANTIATE_TEST_SUITE_P(Backends, CasesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk
