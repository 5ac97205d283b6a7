// complaint.h: a complaint's stage, the stage 2 service level and when a
// stage 2 review may be asked for (DOMAIN.md: 12 months to complain).
#include "domain/complaint.h"

#include "domain_test_util.h"

namespace civicdesk {
namespace {

using testing::D;
using testing::Utc;

Category complaint_category(bool with_stage = true) {
  Category c;
  c.code = "complaint";
  c.name = "Complaint";
  if (with_stage)
    c.questions = {Question{"stage", "Which stage?", QuestionType::kSingleValueList, true, 1,
                            {{"1", "Stage 1"}, {"2", "Stage 2 (review)"}}}};
  return c;
}

Case closed_complaint(Instant closed_at) {
  Case c;
  c.type = CaseType::kComplaint;
  c.category = "complaint";
  c.answers["stage"] = {"1"};
  c.status = CaseStatus::kClosed;
  c.closed_at = closed_at;
  return c;
}

TEST(ComplaintTest, StageComesFromTheStageAnswer) {
  EXPECT_EQ(complaint::stage({}), 1);
  EXPECT_EQ(complaint::stage({{"stage", {"1"}}}), 1);
  EXPECT_EQ(complaint::stage({{"stage", {"2"}}}), 2);
  EXPECT_EQ(complaint::stage({{"stage", {"1", "2"}}}), 1);
  EXPECT_TRUE(complaint::records_stage(complaint_category()));
  EXPECT_FALSE(complaint::records_stage(complaint_category(false)));
}

TEST(ComplaintTest, StageTwoRunsOnTheCouncilsPolicyOrTheStatutoryOne) {
  const SlaPolicy statutory = complaint::stage2_policy({});
  EXPECT_EQ(statutory.code, "complaint-stage-2");
  EXPECT_EQ(statutory.respond_days, 5);
  EXPECT_EQ(statutory.resolve_days, 20);
  EXPECT_EQ(statutory.resolve_from, ResolveFrom::kResponse);
  EXPECT_EQ(statutory.max_extension, 20);
  EXPECT_OK(validate(statutory));
  SlaPolicy own = statutory;
  own.name = "Our review";
  own.resolve_days = 15;
  EXPECT_EQ(complaint::stage2_policy({{"complaint-stage-2", own}}).resolve_days, 15);
}

TEST(ComplaintTest, TwelveMonthsFromTheStageOneResponse) {
  EXPECT_EQ(complaint::review_deadline(D(2016, 3, 1)), D(2017, 3, 1));
  EXPECT_EQ(complaint::review_deadline(D(2016, 2, 29)), D(2017, 2, 28));
  EXPECT_EQ(complaint::review_deadline(D(2015, 12, 31)), D(2016, 12, 31));
}

TEST(ComplaintTest, ReviewCheckSaysWhetherStageTwoMayBeAskedFor) {
  const Category category = complaint_category();
  // Closed at 23:30 UTC on 31 May 2015: 1 June in London (BST).
  const Case c = closed_complaint(Utc(2015, 5, 31, 23, 30));
  auto ok = complaint::review_check(c, &category, {}, D(2016, 6, 1));
  EXPECT_EQ(ok.state, complaint::Review::kAllowed);
  ASSERT_TRUE(ok.deadline.has_value());
  EXPECT_EQ(*ok.deadline, D(2016, 6, 1));
  EXPECT_EQ(complaint::review_check(c, &category, {}, D(2016, 6, 2)).state, complaint::Review::kTooLate);

  CaseEvent asked;
  asked.kind = std::string(event_kind::kStage2Requested);
  asked.details = {{"reference", "TST-0000009"}};
  auto requested = complaint::review_check(c, &category, {asked}, D(2015, 7, 1));
  EXPECT_EQ(requested.state, complaint::Review::kRequested);
  EXPECT_EQ(requested.stage2_reference, "TST-0000009");

  Case open = c;
  open.status = CaseStatus::kInProgress;
  open.closed_at.reset();
  EXPECT_EQ(complaint::review_check(open, &category, {}, D(2015, 7, 1)).state, complaint::Review::kOpen);
  Case stage2 = c;
  stage2.answers["stage"] = {"2"};
  EXPECT_EQ(complaint::review_check(stage2, &category, {}, D(2015, 7, 1)).state, complaint::Review::kStage2);
  Case request = c;
  request.type = CaseType::kServiceRequest;
  EXPECT_EQ(complaint::review_check(request, &category, {}, D(2015, 7, 1)).state, complaint::Review::kNotComplaint);
  const Category no_stage = complaint_category(false);
  EXPECT_EQ(complaint::review_check(c, &no_stage, {}, D(2015, 7, 1)).state, complaint::Review::kNotComplaint);
  EXPECT_EQ(complaint::review_check(c, nullptr, {}, D(2015, 7, 1)).state, complaint::Review::kNotComplaint);
}

TEST(ComplaintTest, TheStageTwoHandlerIsNotTheStageOneHandler) {
  Case stage1 = closed_complaint(Utc(2016, 2, 1, 10));
  stage1.assignee_id = 7;
  EXPECT_FALSE(complaint::may_handle_stage2(7, {stage1}));
  EXPECT_TRUE(complaint::may_handle_stage2(8, {stage1}));
  EXPECT_TRUE(complaint::may_handle_stage2(7, {}));
  Case other = stage1;
  other.type = CaseType::kServiceRequest;  // a related case of another kind is no stage 1
  EXPECT_TRUE(complaint::may_handle_stage2(7, {other}));
}

}  // namespace
}  // namespace civicdesk
