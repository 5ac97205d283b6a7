// The Members' Enquiry workflow (app/enquiries.h) against a real store, on
// every backend: routing, acceptance and send-back, responses, delay
// notices, chasers, escalation, approvals, child tasks, reminders, and the
// outbox messages each step queues.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/fixtures.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using testing::at;

class EnquiriesTest : public ::testing::TestWithParam<std::string> {
 protected:
  EnquiriesTest() : db_(GetParam()), services_(db_.store()), council_(testing::seed_small_council(services_)) {}

  RequestContext as(Principal p, const char* when) { return RequestContext{council_.tenant, std::move(p), at(when)}; }
  RequestContext system(const char* when) { return council_.ctx(at(when)); }

  Principal officer(Id id, const std::string& du, Role role = Role::kOfficer) {
    Principal p;
    p.kind = Principal::Kind::kUser;
    p.id = 100 + id;
    p.role = role;
    p.officer_id = id;
    p.delivery_unit = du;
    return p;
  }
  Principal councillor() {
    Principal p;
    p.kind = Principal::Kind::kUser;
    p.id = 200;
    p.role = Role::kCouncillor;
    p.member_id = council_.member;
    p.ward = "west-hendon";
    return p;
  }
  Principal manager(Id user) {
    Principal p;
    p.kind = Principal::Kind::kUser;
    p.id = user;
    p.role = Role::kManager;
    return p;
  }

  // Raised Monday 2015-06-01 10:00 BST: respond and close by Monday 8 June.
  CaseView raise(bool confidential = false, const char* when = "2015-06-01T09:00:00Z") {
    NewCase n;
    n.type = CaseType::kMemberEnquiry;
    n.category = "general";
    n.title = "Overflowing bins on Station Road";
    n.description = "Residents report bins not emptied for three weeks";
    n.member_id = council_.member;
    n.confidential = confidential;
    Watcher copied;
    copied.kind = WatcherKind::kEmail;
    copied.email = "ward.partner@testshire.gov.uk";
    copied.name = "Cllr Pat Partner";
    n.watchers.push_back(copied);
    auto v = services_.cases.create(system(when), n);
    EXPECT_TRUE(v.ok()) << v.error().message;
    return *v;
  }

  std::vector<OutboxMessage> outbox(Id case_id) {
    OutboxFilter f;
    f.case_id = case_id;
    f.limit = 500;
    auto m = db_.store().read_value<std::vector<OutboxMessage>>(
        [&](ReadTx& tx) { return tx.list_outbox(council_.tenant, f); });
    EXPECT_TRUE(m.ok());
    return m.ok() ? *m : std::vector<OutboxMessage>{};
  }
  // Recipients of the messages with `tmpl`, sorted.
  std::vector<std::string> sent(Id case_id, const std::string& tmpl) {
    std::vector<std::string> out;
    for (const OutboxMessage& m : outbox(case_id))
      if (m.template_name == tmpl) out.push_back(m.recipient);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::string> kinds(const std::string& ref) {
    auto t = services_.cases.timeline(system("2015-07-01T00:00:00Z"), ref, std::nullopt);
    EXPECT_TRUE(t.ok());
    std::vector<std::string> out;
    for (const CaseEvent& e : t->events) out.push_back(e.kind);
    return out;
  }
  RouteRequest to_highways() {
    RouteRequest r;
    r.delivery_unit = "highways";
    r.officer_id = council_.officer_highways;
    return r;
  }
  RouteRequest to_street_scene() {
    RouteRequest r;
    r.delivery_unit = "street-scene";
    r.officer_id = council_.officer_street;
    return r;
  }

  testing::TestStore db_;
  Services services_;
  testing::SmallCouncil council_;
};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

const std::string kMember = "wendy.hendon@testshire.gov.uk";
const std::string kCopied = "ward.partner@testshire.gov.uk";
const std::string kStreet = "sam.street@testshire.gov.uk";
const std::string kHighways = "hal@testshire.gov.uk";
const std::string kMeTeam = "members.enquiries@testshire.gov.uk";

TEST_P(EnquiriesTest, RaisingAcknowledgesTheMemberAndEveryoneCopied) {
  CaseView v = raise();
  EXPECT_EQ(format_date(*v.c.clock.respond_by), "2015-06-08");
  EXPECT_EQ(sent(v.c.id, "me_received"), sorted({kMember, kCopied}));
}

// Another member of the ward sees the ward's enquiries, but never a
// confidential one (reading it or listing the ward).
TEST_P(EnquiriesTest, OtherMembersOfTheWardDoNotSeeConfidentialEnquiries) {
  std::vector<std::string> refs;
  for (bool confidential : {false, true}) {
    NewCase n;
    n.type = CaseType::kMemberEnquiry;
    n.category = "general";
    n.description = confidential ? "A private matter" : "Bins on Station Road";
    n.member_id = council_.member;
    n.location.ward = "west-hendon";
    n.confidential = confidential;
    auto v = services_.cases.create(system("2015-06-01T09:00:00Z"), n);
    ASSERT_TRUE(v.ok()) << v.error().message;
    refs.push_back(v->c.reference);
  }
  Principal other = councillor();
  other.id = 201;
  other.member_id = council_.member + 1000;  // another member, the same ward
  const RequestContext ctx = as(other, "2015-06-02T09:00:00Z");
  EXPECT_TRUE(services_.cases.get(ctx, refs[0]).ok());
  auto secret = services_.cases.get(ctx, refs[1]);
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.error().code, ErrorCode::kNotFound);
  CaseFilter f;
  f.ward = "west-hendon";
  auto listed = services_.cases.list(ctx, f);
  ASSERT_TRUE(listed.ok());
  std::vector<std::string> seen;
  for (const auto& v : listed->items) seen.push_back(v.c.reference);
  EXPECT_EQ(seen, std::vector<std::string>{refs[0]});
  // The member who raised it still sees both.
  EXPECT_TRUE(services_.cases.get(as(councillor(), "2015-06-02T09:00:00Z"), refs[1]).ok());
}

TEST_P(EnquiriesTest, MessagesUseTheCouncilsEditableWording) {
  CaseView shipped = raise();
  const std::vector<OutboxMessage> before = outbox(shipped.c.id);
  const auto member = std::find_if(before.begin(), before.end(), [](const OutboxMessage& m) {
    return m.template_name == "me_received" && m.recipient == kMember;
  });
  ASSERT_NE(member, before.end());
  EXPECT_EQ(member->subject, "Enquiry " + shipped.c.reference + " received");
  EXPECT_EQ(member->body, "Dear Cllr Wendy Hendon,\n\nYour enquiry " + shipped.c.reference +
                              " (Overflowing bins on Station Road) has been received. We will respond by 2015-06-08.");

  TemplateText mine{"((council)) has your enquiry ((reference))", "Hello ((name)). Reply due ((respond_by)).",
                    "((reference)) received"};
  ASSERT_TRUE(services_.notifications.put_template(system("2015-06-01T08:00:00Z"), "me_received", "", mine).ok());
  CaseView edited = raise();
  for (const OutboxMessage& m : outbox(edited.c.id)) {
    if (m.template_name != "me_received") continue;
    EXPECT_EQ(m.subject, "Testshire Council has your enquiry " + edited.c.reference);
    EXPECT_EQ(m.body, m.recipient == kMember ? "Hello Cllr Wendy Hendon. Reply due 2015-06-08."
                                             : "Hello Cllr Pat Partner. Reply due 2015-06-08.");
  }
  EXPECT_EQ(sent(edited.c.id, "me_received"), sorted({kMember, kCopied}));
}

TEST_P(EnquiriesTest, MisdirectedEnquiryIsSentBackWithReasonAndTimeTakenThenReRouted) {
  CaseView v = raise();
  auto& me = services_.enquiries;
  auto routed = me.route(system("2015-06-01T10:00:00Z"), v.c.reference, to_highways(), std::nullopt);
  ASSERT_TRUE(routed.ok()) << routed.error().message;
  EXPECT_EQ(routed->c.enquiry.routing, Routing::kAwaitingAcceptance);
  EXPECT_EQ(sent(v.c.id, "me_routed"), std::vector<std::string>{kHighways});

  // Street Scene cannot act on an enquiry routed to Highways.
  auto wrong = me.accept(as(officer(council_.officer_street, "street-scene"), "2015-06-01T11:00:00Z"),
                         v.c.reference, std::nullopt);
  EXPECT_FALSE(wrong.ok());
  // Sending back needs a reason, and changes nothing without one.
  auto no_reason = me.send_back(as(officer(council_.officer_highways, "highways"), "2015-06-01T11:30:00Z"),
                                v.c.reference, "  ", std::nullopt);
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().code, ErrorCode::kMissingField);

  auto back = me.send_back(as(officer(council_.officer_highways, "highways"), "2015-06-01T13:00:00Z"),
                           v.c.reference, "Bins are Street Scene's", std::nullopt);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->c.enquiry.routing, Routing::kSentBack);
  EXPECT_FALSE(back->c.assignee_id);
  EXPECT_EQ(sent(v.c.id, "me_sent_back"), std::vector<std::string>{kMeTeam});

  auto again = me.route(system("2015-06-01T14:00:00Z"), v.c.reference, to_street_scene(), std::nullopt);
  ASSERT_TRUE(again.ok()) << again.error().message;
  auto accepted = me.accept(as(officer(council_.officer_street, "street-scene"), "2015-06-01T15:00:00Z"),
                            v.c.reference, std::nullopt);
  ASSERT_TRUE(accepted.ok()) << accepted.error().message;
  EXPECT_EQ(accepted->c.enquiry.routing, Routing::kAccepted);
  EXPECT_EQ(accepted->c.status, CaseStatus::kInProgress);
  // Accepting twice is refused.
  EXPECT_FALSE(me.accept(as(officer(council_.officer_street, "street-scene"), "2015-06-01T15:30:00Z"),
                         v.c.reference, std::nullopt)
                   .ok());

  auto records = me.records(system("2015-06-02T00:00:00Z"), v.c.reference);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->routings.size(), 2u);
  const RoutingRecord& first = records->routings[0];
  EXPECT_EQ(first.delivery_unit, "highways");
  EXPECT_EQ(first.outcome, RoutingOutcome::kMisdirected);
  EXPECT_EQ(first.reason, "Bins are Street Scene's");
  EXPECT_EQ(*first.decided_at - first.routed_at, std::chrono::hours(3));
  EXPECT_EQ(first.decided_by, "officer:" + std::to_string(council_.officer_highways));
  EXPECT_EQ(records->routings[1].outcome, RoutingOutcome::kAccepted);
  const auto k = kinds(v.c.reference);
  EXPECT_EQ(std::count(k.begin(), k.end(), "routed"), 2);
  EXPECT_EQ(std::count(k.begin(), k.end(), "sent_back"), 1);
  EXPECT_EQ(std::count(k.begin(), k.end(), "accepted"), 1);
}

TEST_P(EnquiriesTest, ResponseGoesToMemberAndCopiedUnlessConfidential) {
  CaseView open = raise();
  auto r = services_.enquiries.respond(system("2015-06-03T10:00:00Z"), open.c.reference, "Bins emptied today",
                                       std::nullopt, std::nullopt);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(format_date(*r->c.clock.responded_on), "2015-06-03");
  EXPECT_EQ(sent(open.c.id, "me_response"), sorted({kMember, kCopied}));

  CaseView secret = raise(true);
  ASSERT_TRUE(services_.enquiries
                  .respond(system("2015-06-03T10:00:00Z"), secret.c.reference, "About a named resident",
                           std::nullopt, std::nullopt)
                  .ok());
  EXPECT_EQ(sent(secret.c.id, "me_response"), std::vector<std::string>{kMember});
  TransitionRequest close{CaseStatus::kClosed, CaseOutcome::kResolved, "", "Done"};
  ASSERT_TRUE(services_.cases.transition(system("2015-06-04T10:00:00Z"), secret.c.reference, close, std::nullopt).ok());
  EXPECT_EQ(sent(secret.c.id, "me_closed"), std::vector<std::string>{kMember});
  // An empty response is refused and changes nothing.
  auto empty = services_.enquiries.respond(system("2015-06-03T11:00:00Z"), open.c.reference, "", std::nullopt,
                                           std::nullopt);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(sent(open.c.id, "me_response").size(), 2u);
}

TEST_P(EnquiriesTest, DelayNoticeKeepsTheFirstNoticeDiarisesTheRevisedDateAndInformsEveryone) {
  CaseView v = raise();
  auto& me = services_.enquiries;
  DelayNotice past{"Contractor unavailable", *parse_date("2015-06-01"), false};
  auto bad = me.advise_delay(system("2015-06-05T10:00:00Z"), v.c.reference, past, std::nullopt);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "revised_date");

  DelayNotice first{"Contractor unavailable", *parse_date("2015-06-19"), true};
  auto d1 = me.advise_delay(system("2015-06-05T10:00:00Z"), v.c.reference, first, std::nullopt);
  ASSERT_TRUE(d1.ok()) << d1.error().message;
  EXPECT_EQ(*d1->c.enquiry.delay_advised_at, at("2015-06-05T10:00:00Z"));
  EXPECT_EQ(format_date(*d1->c.enquiry.diary_on), "2015-06-19");
  EXPECT_EQ(d1->c.enquiry.diary_reason, "revised_date");
  EXPECT_EQ(format_date(*d1->c.clock.responded_on), "2015-06-05");  // a delay notice is a response
  // The target date never moves: the committee report counts against it.
  EXPECT_EQ(format_date(*d1->c.clock.resolve_by), "2015-06-08");
  EXPECT_EQ(sent(v.c.id, "me_delay"), sorted({kMember, kCopied}));
  const auto delay = outbox(v.c.id);
  EXPECT_TRUE(std::any_of(delay.begin(), delay.end(), [](const OutboxMessage& m) {
    return m.template_name == "me_delay" && m.body.find("budget issue") != std::string::npos;
  }));

  DelayNotice second{"Parts on order", *parse_date("2015-07-03"), false};
  auto d2 = me.advise_delay(system("2015-06-18T10:00:00Z"), v.c.reference, second, std::nullopt);
  ASSERT_TRUE(d2.ok()) << d2.error().message;
  EXPECT_EQ(*d2->c.enquiry.delay_advised_at, at("2015-06-05T10:00:00Z"));
  EXPECT_EQ(format_date(*d2->c.enquiry.revised_due_on), "2015-07-03");

  // Members' Enquiries keep their target: no extensions.
  auto extended = services_.cases.extend(system("2015-06-05T11:00:00Z"), v.c.reference, 5, "more time", std::nullopt);
  ASSERT_FALSE(extended.ok());
  EXPECT_EQ(extended.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(EnquiriesTest, ChasersAreCountedAndReachTheOfficer) {
  CaseView v = raise();
  ASSERT_TRUE(services_.enquiries.route(system("2015-06-01T10:00:00Z"), v.c.reference, to_street_scene(), std::nullopt).ok());
  auto c1 = services_.enquiries.chase(as(councillor(), "2015-06-04T10:00:00Z"), v.c.reference, "Any news?");
  ASSERT_TRUE(c1.ok()) << c1.error().message;
  auto c2 = services_.enquiries.chase(system("2015-06-05T10:00:00Z"), v.c.reference, "");
  ASSERT_TRUE(c2.ok()) << c2.error().message;
  EXPECT_EQ(c2->c.enquiry.chasers, 2);
  auto records = services_.enquiries.records(system("2015-06-06T00:00:00Z"), v.c.reference);
  ASSERT_EQ(records->chasers.size(), 2u);
  EXPECT_EQ(records->chasers[0].chased_by, "member:" + std::to_string(council_.member));
  EXPECT_EQ(sent(v.c.id, "me_chased"), sorted({kStreet, kStreet}));
}

TEST_P(EnquiriesTest, EscalationGoesToTheNamedEscalationOfficer) {
  CaseView v = raise();
  auto none = services_.enquiries.escalate(as(councillor(), "2015-06-09T10:00:00Z"), v.c.reference, "Late");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kFailedPrecondition);

  Officer head{0, "Harriet Head", "head.street@testshire.gov.uk", "street-scene", "waste", OfficerRole::kManager, true};
  auto head_id = services_.catalogue.put_officer(system("2015-01-02T00:00:00Z"), head);
  ASSERT_TRUE(head_id.ok());
  ASSERT_TRUE(services_.enquiries.set_escalation_officers(system("2015-01-02T00:00:00Z"), "street-scene", {*head_id}).ok());
  // Unknown officers are refused.
  EXPECT_FALSE(services_.enquiries.set_escalation_officers(system("2015-01-02T00:00:00Z"), "street-scene", {999999}).ok());

  auto esc = services_.enquiries.escalate(as(councillor(), "2015-06-09T10:00:00Z"), v.c.reference, "Still overflowing");
  ASSERT_TRUE(esc.ok()) << esc.error().message;
  EXPECT_EQ(esc->c.assignee_id, *head_id);
  EXPECT_EQ(*esc->c.enquiry.escalated_at, at("2015-06-09T10:00:00Z"));
  EXPECT_EQ(sent(v.c.id, "me_escalated"),
            sorted({"head.street@testshire.gov.uk", kMember, kCopied}));
  auto records = services_.enquiries.records(system("2015-06-10T00:00:00Z"), v.c.reference);
  ASSERT_EQ(records->escalations.size(), 1u);
  EXPECT_EQ(records->escalations[0].delivery_unit, "street-scene");
  EXPECT_EQ(records->escalations[0].reason, "Still overflowing");
}

TEST_P(EnquiriesTest, ReopeningNeedsAnotherManagersApproval) {
  CaseView v = raise();
  TransitionRequest close{CaseStatus::kClosed, CaseOutcome::kResolved, "", "Bins emptied"};
  ASSERT_TRUE(services_.cases.transition(system("2015-06-04T10:00:00Z"), v.c.reference, close, std::nullopt).ok());
  EXPECT_EQ(sent(v.c.id, "me_closed"), sorted({kMember, kCopied}));

  TransitionRequest reopen{CaseStatus::kInProgress, std::nullopt, "Bins overflowing again", ""};
  auto direct = services_.cases.transition(as(officer(council_.officer_street, "street-scene"), "2015-06-10T10:00:00Z"),
                                           v.c.reference, reopen, std::nullopt);
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(direct.error().code, ErrorCode::kFailedPrecondition);

  ApprovalRequest req{ApprovalKind::kReopen, "Bins overflowing again", std::nullopt, ""};
  auto asked = services_.enquiries.request_approval(as(officer(council_.officer_street, "street-scene"), "2015-06-10T10:00:00Z"),
                                                    v.c.reference, req);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  EXPECT_EQ(asked->status, ApprovalStatus::kPending);
  // One pending request at a time; officers cannot decide.
  EXPECT_FALSE(services_.enquiries.request_approval(system("2015-06-10T10:05:00Z"), v.c.reference, req).ok());
  EXPECT_FALSE(services_.enquiries
                   .decide_approval(as(officer(council_.officer_street, "street-scene"), "2015-06-10T11:00:00Z"),
                                    v.c.reference, asked->id, true, "")
                   .ok());
  auto pending = services_.enquiries.pending_approvals(as(manager(300), "2015-06-10T11:00:00Z"));
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);

  // Refusing needs a note.
  EXPECT_FALSE(services_.enquiries.decide_approval(as(manager(300), "2015-06-10T12:00:00Z"), v.c.reference,
                                                   asked->id, false, "")
                   .ok());
  auto approved = services_.enquiries.decide_approval(as(manager(300), "2015-06-10T12:00:00Z"), v.c.reference,
                                                      asked->id, true, "Agreed");
  ASSERT_TRUE(approved.ok()) << approved.error().message;
  EXPECT_EQ(approved->status, ApprovalStatus::kApproved);
  auto now = services_.cases.get(system("2015-06-10T13:00:00Z"), v.c.reference);
  EXPECT_EQ(now->c.status, CaseStatus::kInProgress);
  EXPECT_FALSE(now->c.closed_at);
  EXPECT_EQ(sent(v.c.id, "me_reopened"), std::vector<std::string>{kMember});
  // Decided requests stay decided.
  EXPECT_FALSE(services_.enquiries.decide_approval(as(manager(301), "2015-06-10T14:00:00Z"), v.c.reference,
                                                   asked->id, false, "No")
                   .ok());
  const auto k = kinds(v.c.reference);
  EXPECT_NE(std::find(k.begin(), k.end(), "approval_requested"), k.end());
  EXPECT_NE(std::find(k.begin(), k.end(), "approval_decided"), k.end());
}

TEST_P(EnquiriesTest, ReclassificationRefusedLeavesTheCaseAsItWas) {
  CaseView v = raise();
  ApprovalRequest req{ApprovalKind::kReclassify, "It is about a pothole", std::nullopt, "pothole"};
  auto asked = services_.enquiries.request_approval(system("2015-06-02T10:00:00Z"), v.c.reference, req);
  ASSERT_TRUE(asked.ok()) << asked.error().message;
  auto refused = services_.enquiries.decide_approval(as(manager(300), "2015-06-02T11:00:00Z"), v.c.reference,
                                                     asked->id, false, "It is about bins");
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_EQ(services_.cases.get(system("2015-06-02T12:00:00Z"), v.c.reference)->c.category, "general");

  auto again = services_.enquiries.request_approval(system("2015-06-02T13:00:00Z"), v.c.reference, req);
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(services_.enquiries.decide_approval(as(manager(300), "2015-06-02T14:00:00Z"), v.c.reference,
                                                  again->id, true, "")
                  .ok());
  EXPECT_EQ(services_.cases.get(system("2015-06-02T15:00:00Z"), v.c.reference)->c.category, "pothole");
  // Asking for what it already is is refused.
  EXPECT_FALSE(services_.enquiries.request_approval(system("2015-06-02T16:00:00Z"), v.c.reference, req).ok());
}

TEST_P(EnquiriesTest, ChildTasksShareTheEnquirysReferenceOnePerDeliveryUnit) {
  CaseView v = raise();
  NewTask roads;
  roads.delivery_unit = "highways";
  roads.officer_id = council_.officer_highways;
  auto t1 = services_.enquiries.add_task(system("2015-06-01T10:00:00Z"), v.c.reference, roads);
  ASSERT_TRUE(t1.ok()) << t1.error().message;
  EXPECT_EQ(t1->c.reference, v.c.reference + "-1");
  EXPECT_EQ(t1->c.parent_id, v.c.id);
  EXPECT_EQ(t1->c.member_id, council_.member);
  EXPECT_EQ(t1->c.clock.resolve_by, v.c.clock.resolve_by);
  auto dup = services_.enquiries.add_task(system("2015-06-01T10:05:00Z"), v.c.reference, roads);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
  NewTask bins;
  bins.delivery_unit = "street-scene";
  auto t2 = services_.enquiries.add_task(system("2015-06-01T10:10:00Z"), v.c.reference, bins);
  ASSERT_TRUE(t2.ok()) << t2.error().message;
  EXPECT_EQ(t2->c.reference, v.c.reference + "-2");
  // Typed in lower case, a task reference still finds the task.
  std::string lower = t1->c.reference;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
  auto found = services_.cases.get(system("2015-06-01T11:00:00Z"), lower);
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(found->c.delivery_unit, "highways");
  // Tasks are not acknowledged to the member again.
  EXPECT_TRUE(sent(t1->c.id, "me_received").empty());
}

TEST_P(EnquiriesTest, RemindersPromptOnTheFourthWorkingDayWhenOverdueAndOnDiaryDates) {
  CaseView v = raise();  // due Monday 8 June; 4th working day Friday 5 June
  ASSERT_TRUE(services_.enquiries.route(system("2015-06-01T10:00:00Z"), v.c.reference, to_street_scene(), std::nullopt).ok());
  auto& me = services_.enquiries;
  auto thursday = me.run_reminders(system("2015-06-04T08:00:00Z"));
  ASSERT_TRUE(thursday.ok()) << thursday.error().message;
  EXPECT_EQ(thursday->prompts, 0);
  auto friday = me.run_reminders(system("2015-06-05T08:00:00Z"));
  ASSERT_TRUE(friday.ok());
  EXPECT_EQ(friday->prompts, 1);
  EXPECT_EQ(me.run_reminders(system("2015-06-05T12:00:00Z"))->prompts, 0);  // once only
  EXPECT_EQ(sent(v.c.id, "me_respond_soon"), std::vector<std::string>{kStreet});

  EXPECT_EQ(me.run_reminders(system("2015-06-08T20:00:00Z"))->prompts, 0);  // due today: not yet overdue
  EXPECT_EQ(me.run_reminders(system("2015-06-09T08:00:00Z"))->prompts, 1);
  EXPECT_EQ(sent(v.c.id, "me_overdue"), std::vector<std::string>{kStreet});

  DelayNotice delay{"Contractor unavailable", *parse_date("2015-06-19"), false};
  ASSERT_TRUE(me.advise_delay(system("2015-06-10T10:00:00Z"), v.c.reference, delay, std::nullopt).ok());
  EXPECT_EQ(me.run_reminders(system("2015-06-18T08:00:00Z"))->prompts, 0);
  EXPECT_EQ(me.run_reminders(system("2015-06-19T08:00:00Z"))->prompts, 1);
  EXPECT_EQ(sent(v.c.id, "me_diary_due"), std::vector<std::string>{kMeTeam});
  auto after = services_.cases.get(system("2015-06-19T09:00:00Z"), v.c.reference);
  EXPECT_FALSE(after->c.enquiry.diary_on);
  EXPECT_EQ(me.run_reminders(system("2015-06-20T08:00:00Z"))->prompts, 0);

  // A closed enquiry that promised later work is followed up on its date.
  TransitionRequest close{CaseStatus::kClosed, CaseOutcome::kResolved, "", "New bins ordered"};
  ASSERT_TRUE(services_.cases.transition(system("2015-06-22T10:00:00Z"), v.c.reference, close, std::nullopt).ok());
  ASSERT_TRUE(me.diarise(system("2015-06-22T10:05:00Z"), v.c.reference, *parse_date("2015-07-06"),
                         "Check the new bins arrived", std::nullopt)
                  .ok());
  EXPECT_EQ(me.run_reminders(system("2015-07-06T08:00:00Z"))->prompts, 1);
  EXPECT_EQ(sent(v.c.id, "me_diary_due").size(), 2u);
}

TEST_P(EnquiriesTest, WorkflowActionsRefuseOtherCaseTypes) {
  NewCase n;
  n.category = "general";
  n.description = "A question";
  auto v = services_.cases.create(system("2015-06-01T09:00:00Z"), n);
  ASSERT_TRUE(v.ok());
  auto routed = services_.enquiries.route(system("2015-06-01T10:00:00Z"), v->c.reference, to_highways(), std::nullopt);
  ASSERT_FALSE(routed.ok());
  EXPECT_EQ(routed.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(outbox(v->c.id).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, EnquiriesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk
