// The pure back-office rules (domain/back_office.h): statuses, field checks,
// the timestamp window and how each status maps onto the case workflow.
#include <gtest/gtest.h>

#include "domain/back_office.h"

namespace civicdesk {
namespace {

Instant t0() { return Instant{std::chrono::seconds{1456826400}}; }  // 2016-03-01T10:00:00Z

BackOfficeUpdate upd(BackOfficeStatus s, std::string note = "") {
  BackOfficeUpdate u;
  u.update_id = "u-1";
  u.status = s;
  u.public_note = std::move(note);
  return u;
}

Case with_status(CaseStatus s) {
  Case c;
  c.reference = "TST-0000001";
  c.status = s;
  return c;
}

TEST(BackOfficeRules, StatusesAreAClosedSet) {
  for (auto s : {BackOfficeStatus::kInProgress, BackOfficeStatus::kActionScheduled, BackOfficeStatus::kFixed,
                 BackOfficeStatus::kNoFurtherAction, BackOfficeStatus::kNotCouncilsResponsibility}) {
    auto parsed = parse_back_office_status(to_string(s));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, s);
  }
  auto bad = parse_back_office_status("closed");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "status");
}

TEST(BackOfficeRules, FieldsAreChecked) {
  EXPECT_TRUE(validate(upd(BackOfficeStatus::kInProgress)));
  BackOfficeUpdate u = upd(BackOfficeStatus::kInProgress);
  u.update_id = "";
  EXPECT_EQ(validate(u).error().field, "update_id");
  u.update_id = std::string(101, 'a');
  EXPECT_EQ(validate(u).error().field, "update_id");
  u.update_id = "confirm:2016-03-01.17_a-b";
  EXPECT_TRUE(validate(u));
  u.external_status = "a\nb";
  EXPECT_EQ(validate(u).error().field, "external_status");
  u.external_status = "";
  u.public_note = std::string(4001, 'x');
  EXPECT_EQ(validate(u).error().field, "public_note");
  EXPECT_EQ(validate(upd(BackOfficeStatus::kFixed, "  ")).error().code, ErrorCode::kMissingField)
      << "closing tells the resident why";
  EXPECT_TRUE(validate(upd(BackOfficeStatus::kFixed, "Filled")));
}

TEST(BackOfficeRules, TimestampsMustBeWithinFiveMinutes) {
  const int64_t now = 1456826400;
  EXPECT_TRUE(check_update_timestamp(now, t0(), "h"));
  EXPECT_TRUE(check_update_timestamp(now - 300, t0(), "h"));
  EXPECT_TRUE(check_update_timestamp(now + 300, t0(), "h"));
  EXPECT_EQ(check_update_timestamp(now - 301, t0(), "h").error().field, "h");
  EXPECT_FALSE(check_update_timestamp(now + 301, t0(), "h"));
  EXPECT_FALSE(check_update_timestamp(0, t0(), "h"));
}

TEST(BackOfficeRules, StatusesMapOntoTheWorkflow) {
  auto t = transition_for(with_status(CaseStatus::kNew), upd(BackOfficeStatus::kActionScheduled));
  ASSERT_TRUE(t);
  ASSERT_TRUE(t->has_value());
  EXPECT_EQ((*t)->to, CaseStatus::kInProgress);

  t = transition_for(with_status(CaseStatus::kInProgress), upd(BackOfficeStatus::kInProgress));
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->has_value()) << "already there";

  t = transition_for(with_status(CaseStatus::kAwaitingCustomer), upd(BackOfficeStatus::kNotCouncilsResponsibility, "Network Rail's"));
  ASSERT_TRUE(t && t->has_value());
  EXPECT_EQ((*t)->to, CaseStatus::kClosed);
  EXPECT_EQ((*t)->outcome, CaseOutcome::kNotCouncilsResponsibility);
  EXPECT_EQ((*t)->outcome_notes, "Network Rail's");

  t = transition_for(with_status(CaseStatus::kInProgress), upd(BackOfficeStatus::kFixed, "Filled"));
  ASSERT_TRUE(t && t->has_value());
  EXPECT_EQ((*t)->outcome, CaseOutcome::kResolved);
  t = transition_for(with_status(CaseStatus::kInProgress), upd(BackOfficeStatus::kNoFurtherAction, "Within limits"));
  ASSERT_TRUE(t && t->has_value());
  EXPECT_EQ((*t)->outcome, CaseOutcome::kNoFurtherAction);

  t = transition_for(with_status(CaseStatus::kClosed), upd(BackOfficeStatus::kFixed, "Filled"));
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->has_value()) << "closed already: only the note is added";
  t = transition_for(with_status(CaseStatus::kClosed), upd(BackOfficeStatus::kInProgress));
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kCaseClosed);
}

}  // namespace
}  // namespace civicdesk
