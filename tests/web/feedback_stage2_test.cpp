// Complaints' stage 2 from the resident's own request page
// (/requests/{reference}/stage-2), through the real request pipeline over a
// real store on every backend: the offer, the form (validation, CSRF), the
// new stage 2 complaint with its own service level, the confirmation, and
// the rules (open, already asked, too late, not a complaint, not theirs).
#include "app/complaints.h"
#include "http/parse/query.h"
#include "page_fixture.h"

namespace civicdesk::web {
namespace {

bool has(const std::string& body, const std::string& text) { return body.find(text) != std::string::npos; }

class Stage2PagesTest : public PageFixture {
 protected:
  Stage2PagesTest() { add_complaint_category(); }

  void resident(Browser& b) {
    auto res = b.sign_in_as("resident", "/account");
    ASSERT_EQ(res.status, 303) << res.body;
  }

  // A stage 1 complaint of the resident, received and closed at `closed`.
  std::string complaint(Instant received, std::optional<Instant> closed, CaseType type = CaseType::kComplaint) {
    NewCase in;
    in.type = type;
    in.category = type == CaseType::kComplaint ? "complaint" : "general";
    in.title = "Rude bin crew";
    in.description = "The crew shouted at me.";
    in.customer_id = resident_;
    in.channel = Channel::kWebform;
    if (type == CaseType::kComplaint) in.answers["stage"] = {"1"};
    const std::string ref = services_->cases.create(council_.ctx(received), in).value().c.reference;
    if (closed) {
      TransitionRequest to;
      to.to = CaseStatus::kClosed;
      to.outcome = type == CaseType::kComplaint ? CaseOutcome::kNotUpheld : CaseOutcome::kResolved;
      auto done = services_->cases.transition(council_.ctx(*closed), ref, to, std::nullopt);
      EXPECT_TRUE(done) << done.error().message;
    }
    return ref;
  }

  size_t case_count() {
    CaseFilter f;
    f.limit = 500;
    return services_->cases.list(council_.ctx(clock_.now()), f).value().items.size();
  }
  CaseView get(const std::string& ref) { return services_->cases.get(council_.ctx(clock_.now()), ref).value(); }
};

TEST_P(Stage2PagesTest, AResidentAsksForStageTwoAndSeesTheNewDueDates) {
  const std::string ref = complaint(testing::at("2016-02-01T10:00:00Z"), testing::at("2016-02-10T10:00:00Z"));
  Browser b(*pipeline_);
  resident(b);
  const std::string page = "/requests/" + ref;
  auto offer = b.get(page);
  ASSERT_EQ(offer.status, 200) << offer.body;
  EXPECT_TRUE(has(offer.body, "Ask for your complaint to be looked at again (stage 2)"));
  EXPECT_TRUE(has(offer.body, "until 10 February 2017"));
  EXPECT_TRUE(has(offer.body, "href=\"" + page + "/stage-2\""));

  auto form = b.get(page + "/stage-2");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(has(form.body, "Why are you unhappy with our response?"));
  const size_t before = case_count();

  auto empty = b.post(page + "/stage-2", page + "/stage-2", "reason=+++");
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(has(empty.body, "href=\"#reason\""));
  EXPECT_TRUE(has(empty.body, "<title>Error: "));
  auto too_long = b.post(page + "/stage-2", page + "/stage-2", "reason=" + std::string(5001, 'a'));
  EXPECT_EQ(too_long.status, 400);
  EXPECT_TRUE(has(too_long.body, std::string(5001, 'a')));  // kept
  auto forged = b.send("POST", page + "/stage-2", "csrf=nope&reason=Nothing+changed");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(case_count(), before);

  auto sent = b.post(page + "/stage-2", page + "/stage-2", "reason=Nothing+changed+and+nobody+apologised");
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.header("Location").value_or(""), page + "/stage-2/done");
  ASSERT_EQ(case_count(), before + 1);

  // The confirmation: the stage 2 reference, acknowledged within 5 working
  // days (Tuesday 1 March 2016 -> 8 March), answered within 20 working days
  // of that (Easter's two bank holidays skipped -> 7 April).
  auto done = b.get(page + "/stage-2/done");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_TRUE(has(done.body, "Stage 2 review requested"));
  EXPECT_TRUE(has(done.body, "We will acknowledge it by 8 March 2016."));
  EXPECT_TRUE(has(done.body, "within 20 working days of acknowledging it, by 7 April 2016"));

  // The stage 2 complaint: the resident's, at stage 2, on the stage 2 policy, linked.
  const CaseView stage1 = get(ref);
  std::string stage2_ref;
  const auto links = services_->cases.links(council_.ctx(clock_.now()), ref).value();
  for (const auto& link : links)
    if (link.kind == LinkKind::kRelated) stage2_ref = link.other_reference;
  ASSERT_FALSE(stage2_ref.empty());
  EXPECT_TRUE(has(done.body, stage2_ref));
  const CaseView stage2 = get(stage2_ref);
  EXPECT_EQ(stage2.c.type, CaseType::kComplaint);
  EXPECT_EQ(stage2.c.customer_id, resident_);
  EXPECT_EQ(stage2.c.answers.at("stage"), std::vector<std::string>{"2"});
  EXPECT_EQ(stage2.c.sla.code, "complaint-stage-2");
  EXPECT_EQ(stage2.c.sla.resolve_days, 20);
  EXPECT_EQ(stage2.c.description, "Nothing changed and nobody apologised");
  EXPECT_EQ(stage1.c.status, CaseStatus::kClosed);

  // Both pages say so; the request page no longer offers it; asking again changes nothing.
  auto after = b.get(page);
  EXPECT_FALSE(has(after.body, "Ask for your complaint to be looked at again (stage 2)</a>"));
  EXPECT_TRUE(has(after.body, "You asked for your complaint to be looked at again (stage 2): " + stage2_ref));
  EXPECT_TRUE(has(after.body, "href=\"/requests/" + stage2_ref + "\""));
  EXPECT_TRUE(has(b.get("/requests/" + stage2_ref).body, "This is a stage 2 review"));
  auto again_form = b.get(page + "/stage-2");
  EXPECT_EQ(again_form.status, 303);
  auto again = b.post("/account/preferences", page + "/stage-2", "reason=Again");
  EXPECT_EQ(again.status, 409);
  EXPECT_TRUE(has(again.body, "href=\"#reason\""));
  EXPECT_EQ(case_count(), before + 1);
  auto refused = request_stage2(*services_, council_.ctx(clock_.now()), stage2_ref, "Stage 3?");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(Stage2PagesTest, TheStageOneHandlerCannotReviewAtStageTwo) {
  const RequestContext ctx = council_.ctx(testing::at("2016-02-01T10:00:00Z"));
  Officer second{0, "Sue Second", "sue@testshire.gov.uk", "street-scene", "waste", OfficerRole::kOfficer, true};
  const Id sue = services_->catalogue.put_officer(ctx, second).value();
  // Stage 1 handled by Sam, then answered.
  const std::string ref = complaint(testing::at("2016-02-01T10:00:00Z"), std::nullopt);
  Assignment to_sam;
  to_sam.officer_id = council_.officer_street;
  ASSERT_TRUE(services_->cases.assign(ctx, ref, to_sam, std::nullopt));
  TransitionRequest close;
  close.to = CaseStatus::kClosed;
  close.outcome = CaseOutcome::kPartlyUpheld;
  ASSERT_TRUE(services_->cases.transition(council_.ctx(testing::at("2016-02-10T10:00:00Z")), ref, close, std::nullopt));

  Browser b(*pipeline_);
  resident(b);
  ASSERT_EQ(b.post("/requests/" + ref + "/stage-2", "/requests/" + ref + "/stage-2", "reason=Look+again").status, 303);
  std::string stage2;
  const auto links = services_->cases.links(council_.ctx(clock_.now()), ref).value();
  for (const auto& l : links) stage2 = l.other_reference;
  ASSERT_FALSE(stage2.empty());
  EXPECT_FALSE(get(stage2).c.assignee_id.has_value());  // left for triage

  auto refused = services_->cases.assign(council_.ctx(clock_.now()), stage2, to_sam, std::nullopt);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "officer_id");
  EXPECT_FALSE(get(stage2).c.assignee_id.has_value());
  Assignment to_sue;
  to_sue.officer_id = sue;
  ASSERT_TRUE(services_->cases.assign(council_.ctx(clock_.now()), stage2, to_sue, std::nullopt));
  EXPECT_EQ(get(stage2).c.assignee_id, sue);
}

TEST_P(Stage2PagesTest, OnlyAClosedStageOneComplaintWithinTwelveMonths) {
  Browser b(*pipeline_);
  resident(b);
  const size_t base = case_count();
  const std::string open = complaint(testing::at("2016-02-01T10:00:00Z"), std::nullopt);
  const std::string late = complaint(testing::at("2015-01-05T10:00:00Z"), testing::at("2015-02-02T10:00:00Z"));
  const std::string request = complaint(testing::at("2016-02-01T10:00:00Z"), testing::at("2016-02-10T10:00:00Z"),
                                        CaseType::kGeneralEnquiry);
  const size_t before = case_count();
  ASSERT_EQ(before, base + 3);
  for (const std::string& ref : {open, late, request}) {
    const std::string page = "/requests/" + ref;
    auto shown = b.get(page);
    ASSERT_EQ(shown.status, 200) << ref;
    EXPECT_FALSE(has(shown.body, page + "/stage-2")) << ref;
    EXPECT_EQ(b.get(page + "/stage-2").status, 409) << ref;
    auto res = b.post("/account/preferences", page + "/stage-2", "reason=Please+look+again");
    EXPECT_EQ(res.status, 409) << ref;
  }
  EXPECT_TRUE(has(b.get("/requests/" + late).body, "too late to ask for a stage 2 review"));
  EXPECT_EQ(case_count(), before);
}

TEST_P(Stage2PagesTest, NobodyElseCanAskAndNothingChanges) {
  const std::string ref = complaint(testing::at("2016-02-01T10:00:00Z"), testing::at("2016-02-10T10:00:00Z"));
  const std::string page = "/requests/" + ref;
  const size_t before = case_count();

  Browser signed_out(*pipeline_);
  auto res = signed_out.get(page + "/stage-2");
  EXPECT_EQ(res.status, 303);
  EXPECT_EQ(res.header("Location").value_or(""), "/sign-in?next=" + http::percent_encode(page + "/stage-2"));

  // A councillor cannot see the resident's complaint at all.
  Browser councillor(*pipeline_);
  ASSERT_EQ(councillor.post("/sign-in", "/sign-in",
                            "email=councillor%40testshire.gov.uk&password=correct+horse+battery+councillor"
                            "&next=%2Faccount")
                .status,
            303);
  EXPECT_EQ(councillor.get(page + "/stage-2").status, 404);
  EXPECT_EQ(councillor.post("/member/enquiries/new", page + "/stage-2", "reason=Look+again").status, 404);

  // Another council's complaint is not found.
  const testing::SmallCouncil other = testing::seed_small_council(*services_, "otherton", "OTH");
  NewCase n;
  n.type = CaseType::kGeneralEnquiry;
  n.category = "general";
  n.description = "Elsewhere";
  const CaseView there = services_->cases.create(other.ctx(clock_.now()), n).value();
  Browser b(*pipeline_);
  ASSERT_EQ(b.post("/sign-in", "/sign-in",
                   "email=resident%40testshire.gov.uk&password=correct+horse+battery+resident&next=%2Faccount")
                .status,
            303);
  EXPECT_EQ(b.get("/requests/" + there.c.reference + "/stage-2").status, 404);
  EXPECT_EQ(b.post("/account/preferences", "/requests/" + there.c.reference + "/stage-2", "reason=Look").status, 404);
  EXPECT_EQ(b.get("/requests/NOPE-0000001/stage-2/done").status, 404);
  EXPECT_EQ(b.get(page + "/stage-2/done").status, 404);  // not asked yet
  EXPECT_EQ(case_count(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, Stage2PagesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::web
