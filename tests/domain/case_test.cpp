// case.h: the status lifecycle, apply_transition and location checks.
#include "domain/case.h"

#include <cmath>
#include <limits>

#include "domain_test_util.h"

namespace civicdesk {
namespace {

using testing::D;
using testing::Utc;

const WorkingCalendar& cal() { return testing::ew_calendar(); }

constexpr CaseStatus kAllStatuses[] = {CaseStatus::kNew, CaseStatus::kInProgress,
                                       CaseStatus::kAwaitingCustomer, CaseStatus::kClosed};
constexpr CaseOutcome kAllOutcomes[] = {
    CaseOutcome::kResolved,  CaseOutcome::kNoFurtherAction, CaseOutcome::kNotCouncilsResponsibility,
    CaseOutcome::kDuplicate, CaseOutcome::kWithdrawn,       CaseOutcome::kReferred,
    CaseOutcome::kUpheld,    CaseOutcome::kPartlyUpheld,    CaseOutcome::kNotUpheld};

SlaPolicy standard_policy() {
  SlaPolicy p;
  p.code = "standard-10";
  p.name = "Standard";
  p.respond_days = 2;
  p.resolve_days = 10;
  return p;
}

SlaPolicy member_enquiry_policy() {
  SlaPolicy p;
  p.code = "member-enquiry";
  p.name = "Members' Enquiry";
  p.respond_days = 5;
  p.resolve_days = 5;
  p.pausable = false;
  return p;
}

// Received Monday 1 June 2015: respond by Wednesday 3rd, resolve by Monday 15th.
Case make_case(CaseType type = CaseType::kServiceRequest, SlaPolicy policy = standard_policy(),
               CaseStatus status = CaseStatus::kNew) {
  Case c;
  c.id = 7;
  c.reference = "BAR-0012340";
  c.type = type;
  c.status = status;
  c.category = "missed-bin";
  c.delivery_unit = "street-scene";
  c.title = "Missed bin";
  c.description = "The green bin was not emptied on Monday.";
  c.sla = policy;
  c.received_at = Utc(2015, 6, 1, 9);
  c.clock = start_clock(policy, cal(), c.received_at);
  return c;
}

TransitionRequest to(CaseStatus s, std::optional<CaseOutcome> outcome = std::nullopt,
                     std::string reason = "") {
  TransitionRequest r;
  r.to = s;
  r.outcome = outcome;
  r.reason = std::move(reason);
  return r;
}

// --- the lifecycle table ------------------------------------------------------------

TEST(CaseSummary, TitleElseTheFirstLineOfTheDescription) {
  Case c = make_case();
  c.title = "  Pothole outside the school ";
  c.description = "Deep and getting worse";
  EXPECT_EQ(case_summary(c), "Pothole outside the school");
  c.title = "";
  c.description = "\n  Bin not collected on Tuesday \r\nThe lid was open.";
  EXPECT_EQ(case_summary(c), "Bin not collected on Tuesday");
  EXPECT_EQ(case_summary(c, 12), "Bin not col\u2026");
  c.description = std::string(300, 'x');
  EXPECT_EQ(case_summary(c).size(), kMaxTitleChars - 1 + std::string("\u2026").size());
}

TEST(CaseLifecycle, TransitionTableIsExactlyTheDiagram) {
  // new -> in_progress, awaiting_customer, closed; in_progress <-> awaiting;
  // both -> closed; closed -> in_progress (re-open). Nothing else, and no
  // status moves to itself.
  const std::set<std::pair<std::string, std::string>> allowed = {
      {"new", "in_progress"},         {"new", "awaiting_customer"},    {"new", "closed"},
      {"in_progress", "awaiting_customer"}, {"in_progress", "closed"},
      {"awaiting_customer", "in_progress"}, {"awaiting_customer", "closed"},
      {"closed", "in_progress"}};
  int count = 0;
  for (CaseStatus from : kAllStatuses) {
    for (CaseStatus next : kAllStatuses) {
      const bool want = allowed.count({std::string(to_string(from)), std::string(to_string(next))}) > 0;
      EXPECT_EQ(transition_allowed(from, next), want) << to_string(from) << " -> " << to_string(next);
      count += transition_allowed(from, next);
    }
  }
  EXPECT_EQ(count, 8);
}

TEST(CaseLifecycle, ApplyRefusesEveryTransitionNotInTheTable) {
  for (CaseStatus from : kAllStatuses) {
    for (CaseStatus next : kAllStatuses) {
      if (transition_allowed(from, next)) continue;
      Case c = make_case(CaseType::kServiceRequest, standard_policy(), from);
      const auto outcome = next == CaseStatus::kClosed ? std::optional(CaseOutcome::kResolved) : std::nullopt;
      EXPECT_ERROR(apply_transition(c, to(next, outcome, "because"), cal(), Utc(2015, 6, 2, 10)),
                   ErrorCode::kTransitionNotAllowed, "to");
    }
  }
}

TEST(CaseLifecycle, IsOpen) {
  EXPECT_TRUE(is_open(CaseStatus::kNew));
  EXPECT_TRUE(is_open(CaseStatus::kInProgress));
  EXPECT_TRUE(is_open(CaseStatus::kAwaitingCustomer));
  EXPECT_FALSE(is_open(CaseStatus::kClosed));
}

// --- closing -------------------------------------------------------------------------------

TEST(ApplyTransition, ClosingNeedsAnOutcome) {
  const Case c = make_case();
  EXPECT_ERROR(apply_transition(c, to(CaseStatus::kClosed), cal(), Utc(2015, 6, 2, 10)),
               ErrorCode::kMissingField, "outcome");
}

TEST(ApplyTransition, ClosingRecordsOutcomeAndFirstResponse) {
  const Case c = make_case();
  TransitionRequest req = to(CaseStatus::kClosed, CaseOutcome::kResolved);
  req.outcome_notes = "Collected on Tuesday.";
  auto r = apply_transition(c, req, cal(), Utc(2015, 6, 2, 23, 30));  // 3 June in London
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, CaseStatus::kClosed);
  EXPECT_EQ(r->closed_at, Utc(2015, 6, 2, 23, 30));
  EXPECT_EQ(r->outcome, CaseOutcome::kResolved);
  EXPECT_EQ(r->outcome_notes, "Collected on Tuesday.");
  EXPECT_EQ(r->clock.responded_on, D(2015, 6, 3));
  EXPECT_EQ(r->clock.resolve_by, D(2015, 6, 15));
  // The input is untouched.
  EXPECT_EQ(c.status, CaseStatus::kNew);
  EXPECT_EQ(c.closed_at, std::nullopt);
  EXPECT_EQ(c.clock.responded_on, std::nullopt);
  // Closing again is not a transition.
  EXPECT_ERROR(apply_transition(*r, to(CaseStatus::kClosed, CaseOutcome::kResolved), cal(),
                                Utc(2015, 6, 4, 10)),
               ErrorCode::kTransitionNotAllowed, "to");
}

TEST(ApplyTransition, ClosingKeepsAnEarlierResponse) {
  Case c = make_case(CaseType::kServiceRequest, standard_policy(), CaseStatus::kInProgress);
  c.clock = record_response(c.sla, cal(), c.clock, Utc(2015, 6, 2, 10));
  auto r = apply_transition(c, to(CaseStatus::kClosed, CaseOutcome::kReferred), cal(), Utc(2015, 6, 9, 10));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->clock.responded_on, D(2015, 6, 2));
}

TEST(ApplyTransition, ComplaintOutcomesOnlyForComplaints) {
  const std::set<CaseOutcome> complaint_outcomes = {CaseOutcome::kUpheld, CaseOutcome::kPartlyUpheld,
                                                    CaseOutcome::kNotUpheld};
  for (CaseType type : {CaseType::kServiceRequest, CaseType::kComplaint, CaseType::kMemberEnquiry,
                        CaseType::kFoiRequest}) {
    for (CaseOutcome o : kAllOutcomes) {
      const Case c = make_case(type);
      auto r = apply_transition(c, to(CaseStatus::kClosed, o), cal(), Utc(2015, 6, 2, 10));
      const bool want_ok = complaint_outcomes.count(o) == (type == CaseType::kComplaint ? 1u : 0u);
      if (want_ok) {
        ASSERT_TRUE(r.ok()) << to_string(type) << " " << to_string(o) << ": " << r.error().message;
        EXPECT_EQ(r->outcome, o);
      } else {
        EXPECT_ERROR(r, ErrorCode::kInvalidField, "outcome");
      }
    }
  }
}

TEST(ApplyTransition, OnlyClosingTakesAnOutcome) {
  const Case c = make_case();
  EXPECT_ERROR(apply_transition(c, to(CaseStatus::kInProgress, CaseOutcome::kResolved), cal(),
                                Utc(2015, 6, 2, 10)),
               ErrorCode::kInvalidField, "outcome");
  EXPECT_ERROR(apply_transition(c, to(CaseStatus::kAwaitingCustomer, CaseOutcome::kResolved), cal(),
                                Utc(2015, 6, 2, 10)),
               ErrorCode::kInvalidField, "outcome");
}

TEST(ApplyTransition, ComplaintClosureCountsAsTheResponse) {
  SlaPolicy p;
  p.code = "complaint-stage-1";
  p.name = "Complaint stage 1";
  p.respond_days = 5;
  p.resolve_days = 10;
  p.resolve_from = ResolveFrom::kResponse;
  const Case c = make_case(CaseType::kComplaint, p, CaseStatus::kInProgress);
  ASSERT_EQ(c.clock.resolve_by, D(2015, 6, 22));  // acknowledge by 8th + 10
  auto r = apply_transition(c, to(CaseStatus::kClosed, CaseOutcome::kPartlyUpheld), cal(),
                            Utc(2015, 6, 3, 14));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->clock.responded_on, D(2015, 6, 3));
  EXPECT_EQ(r->clock.resolve_by, D(2015, 6, 17));
}

// --- re-opening -----------------------------------------------------------------------------

TEST(ApplyTransition, ReopenNeedsAReasonAndClearsTheClosure) {
  const Case open = make_case();
  TransitionRequest close = to(CaseStatus::kClosed, CaseOutcome::kResolved);
  close.outcome_notes = "Done";
  auto closed = apply_transition(open, close, cal(), Utc(2015, 6, 4, 10));
  ASSERT_TRUE(closed.ok());
  EXPECT_ERROR(apply_transition(*closed, to(CaseStatus::kInProgress), cal(), Utc(2015, 6, 5, 10)),
               ErrorCode::kMissingField, "reason");
  EXPECT_ERROR(apply_transition(*closed, to(CaseStatus::kInProgress, std::nullopt, "  \n\t "), cal(),
                                Utc(2015, 6, 5, 10)),
               ErrorCode::kMissingField, "reason");
  EXPECT_ERROR(apply_transition(*closed, to(CaseStatus::kInProgress, std::nullopt, "bad \xFF"), cal(),
                                Utc(2015, 6, 5, 10)),
               ErrorCode::kInvalidUtf8, "reason");
  EXPECT_ERROR(apply_transition(*closed, to(CaseStatus::kInProgress, std::nullopt, std::string(2001, 'x')),
                                cal(), Utc(2015, 6, 5, 10)),
               ErrorCode::kInvalidField, "reason");
  EXPECT_ERROR(apply_transition(*closed, to(CaseStatus::kAwaitingCustomer, std::nullopt, "why"), cal(),
                                Utc(2015, 6, 5, 10)),
               ErrorCode::kTransitionNotAllowed, "to");
  auto reopened = apply_transition(*closed, to(CaseStatus::kInProgress, std::nullopt, "Bin still full"),
                                   cal(), Utc(2015, 6, 5, 10));
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  EXPECT_EQ(reopened->status, CaseStatus::kInProgress);
  EXPECT_EQ(reopened->closed_at, std::nullopt);
  EXPECT_EQ(reopened->outcome, std::nullopt);
  EXPECT_EQ(reopened->outcome_notes, "");
  // The first response stays on record.
  EXPECT_EQ(reopened->clock.responded_on, D(2015, 6, 4));
  EXPECT_EQ(reopened->clock.resolve_by, D(2015, 6, 15));
}

TEST(ApplyTransition, OutcomeNotesAreChecked) {
  TransitionRequest req = to(CaseStatus::kClosed, CaseOutcome::kResolved);
  req.outcome_notes = std::string(10001, 'x');
  EXPECT_ERROR(apply_transition(make_case(), req, cal(), Utc(2015, 6, 2, 10)), ErrorCode::kInvalidField,
               "outcome_notes");
  req.outcome_notes = "line one\nline two";
  EXPECT_OK(apply_transition(make_case(), req, cal(), Utc(2015, 6, 2, 10)));
}

// --- the clock while awaiting the customer ----------------------------------------------------

TEST(ApplyTransition, AwaitingCustomerPausesAndResumesPausableClocks) {
  const Case c = make_case(CaseType::kServiceRequest, standard_policy(), CaseStatus::kInProgress);
  ASSERT_EQ(c.clock.resolve_by, D(2015, 6, 15));
  // Paused Monday 8 June.
  auto waiting = apply_transition(c, to(CaseStatus::kAwaitingCustomer), cal(), Utc(2015, 6, 8, 9));
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->status, CaseStatus::kAwaitingCustomer);
  EXPECT_EQ(waiting->clock.paused_on, D(2015, 6, 8));
  EXPECT_EQ(waiting->clock.resolve_by, D(2015, 6, 15));
  EXPECT_EQ(sla_status(cal(), waiting->clock, Utc(2015, 6, 20), std::nullopt).state, SlaState::kPaused);
  // Resumed Wednesday 10th: two working days later, 17 June.
  auto back = apply_transition(*waiting, to(CaseStatus::kInProgress), cal(), Utc(2015, 6, 10, 15));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->clock.paused_on, std::nullopt);
  EXPECT_EQ(back->clock.paused_days, 2);
  EXPECT_EQ(back->clock.resolve_by, D(2015, 6, 17));
  // Resuming by closing: the clock resumes, then the case closes against
  // the moved date.
  auto closed = apply_transition(*waiting, to(CaseStatus::kClosed, CaseOutcome::kResolved), cal(),
                                 Utc(2015, 6, 16, 23, 30));  // 17 June in London
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->clock.paused_on, std::nullopt);
  // [8 Jun, 17 Jun) holds 7 working days; 15 June + 7 = Wednesday 24th.
  EXPECT_EQ(closed->clock.resolve_by, D(2015, 6, 24));
  EXPECT_EQ(closed->clock.paused_days, 7);
  EXPECT_EQ(sla_status(cal(), closed->clock, Utc(2015, 7, 1), closed->closed_at).state, SlaState::kMet);
  // Straight from new to awaiting the customer.
  auto from_new = apply_transition(make_case(), to(CaseStatus::kAwaitingCustomer), cal(), Utc(2015, 6, 2, 9));
  ASSERT_TRUE(from_new.ok());
  EXPECT_EQ(from_new->clock.paused_on, D(2015, 6, 2));
  // Resuming before the pause is refused by the clock.
  EXPECT_ERROR(apply_transition(*waiting, to(CaseStatus::kInProgress), cal(), Utc(2015, 6, 5, 9)),
               ErrorCode::kInvalidField, "at");
}

TEST(ApplyTransition, MembersEnquiriesAreNotPaused) {
  const Case c = make_case(CaseType::kMemberEnquiry, member_enquiry_policy(), CaseStatus::kInProgress);
  ASSERT_EQ(c.clock.resolve_by, D(2015, 6, 8));
  auto waiting = apply_transition(c, to(CaseStatus::kAwaitingCustomer), cal(), Utc(2015, 6, 2, 9));
  ASSERT_TRUE(waiting.ok()) << waiting.error().message;
  EXPECT_EQ(waiting->status, CaseStatus::kAwaitingCustomer);
  EXPECT_EQ(waiting->clock, c.clock);
  auto back = apply_transition(*waiting, to(CaseStatus::kInProgress), cal(), Utc(2015, 6, 5, 9));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->clock.resolve_by, D(2015, 6, 8));
  EXPECT_EQ(back->clock.paused_days, 0);
}

// --- validate_case_text ------------------------------------------------------------------------

TEST(ValidateCaseText, TitleAndDescription) {
  Case c = make_case();
  EXPECT_OK(validate_case_text(c));
  c.description = "Line one\nLine two";
  EXPECT_OK(validate_case_text(c));
  c.title = std::string(201, 't');
  EXPECT_ERROR(validate_case_text(c), ErrorCode::kInvalidField, "title");
  c.title = "Two\nlines";
  EXPECT_ERROR(validate_case_text(c), ErrorCode::kInvalidField, "title");
  c.title = "";
  EXPECT_OK(validate_case_text(c));
  c.description = " \n\t";
  EXPECT_ERROR(validate_case_text(c), ErrorCode::kMissingField, "description");
  c.description = std::string(10001, 'd');
  EXPECT_ERROR(validate_case_text(c), ErrorCode::kInvalidField, "description");
  c.description = "ok \xC0\x80";
  EXPECT_ERROR(validate_case_text(c), ErrorCode::kInvalidUtf8, "description");
}

// --- normalise_location ------------------------------------------------------------------------

TEST(NormaliseLocation, NormalisesAndKeepsValidFields) {
  Location l;
  l.lat = 51.6;
  l.lng = -0.2;
  l.address = "Outside 12 High Street,\nnear the bus stop";
  l.postcode = "n31ab";
  l.uprn = 100023336956;
  l.usrn = 20500123;
  l.ward = "west-hendon";
  auto r = normalise_location(l);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->postcode, "N3 1AB");
  EXPECT_EQ(r->lat, 51.6);
  EXPECT_EQ(r->address, l.address);
  EXPECT_EQ(r->uprn, 100023336956);
  // Empty is fine: a case need not have a location.
  auto empty = normalise_location(Location{});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  // Edges of the ranges.
  Location edge;
  edge.lat = -90;
  edge.lng = 180;
  edge.uprn = 999999999999;
  edge.usrn = 99999999;
  EXPECT_OK(normalise_location(edge));
  EXPECT_FALSE(edge.empty());
}

TEST(NormaliseLocation, ErrorsNameTheLocationField) {
  auto with = [](auto change) {
    Location l;
    change(l);
    return normalise_location(l);
  };
  EXPECT_ERROR(with([](Location& l) { l.lat = 51.6; }), ErrorCode::kInvalidField, "location.lng");
  EXPECT_ERROR(with([](Location& l) { l.lng = -0.2; }), ErrorCode::kInvalidField, "location.lat");
  EXPECT_ERROR(with([](Location& l) { l.lat = 90.0001, l.lng = 0; }), ErrorCode::kInvalidField, "location.lat");
  EXPECT_ERROR(with([](Location& l) { l.lat = -91, l.lng = 0; }), ErrorCode::kInvalidField, "location.lat");
  EXPECT_ERROR(with([](Location& l) { l.lat = std::nan(""), l.lng = 0; }), ErrorCode::kInvalidField,
               "location.lat");
  EXPECT_ERROR(with([](Location& l) { l.lat = 0, l.lng = 180.5; }), ErrorCode::kInvalidField, "location.lng");
  EXPECT_ERROR(with([](Location& l) { l.lat = 0, l.lng = std::numeric_limits<double>::infinity(); }),
               ErrorCode::kInvalidField, "location.lng");
  EXPECT_ERROR(with([](Location& l) { l.address = std::string(501, 'a'); }), ErrorCode::kInvalidField,
               "location.address");
  EXPECT_ERROR(with([](Location& l) { l.address = "bad \xFF"; }), ErrorCode::kInvalidUtf8, "location.address");
  EXPECT_ERROR(with([](Location& l) { l.postcode = "Q1 1AA"; }), ErrorCode::kInvalidField, "location.postcode");
  EXPECT_ERROR(with([](Location& l) { l.uprn = 0; }), ErrorCode::kInvalidField, "location.uprn");
  EXPECT_ERROR(with([](Location& l) { l.uprn = -1; }), ErrorCode::kInvalidField, "location.uprn");
  EXPECT_ERROR(with([](Location& l) { l.uprn = 1000000000000; }), ErrorCode::kInvalidField, "location.uprn");
  EXPECT_ERROR(with([](Location& l) { l.usrn = 0; }), ErrorCode::kInvalidField, "location.usrn");
  EXPECT_ERROR(with([](Location& l) { l.usrn = 100000000; }), ErrorCode::kInvalidField, "location.usrn");
  EXPECT_ERROR(with([](Location& l) { l.ward = "West Hendon"; }), ErrorCode::kInvalidField, "location.ward");
}

// --- enum names ----------------------------------------------------------------------------------

template <typename E, typename Parse>
void expect_names(std::initializer_list<std::pair<E, const char*>> table, Parse parse, const char* field) {
  for (auto [value, name] : table) {
    EXPECT_EQ(to_string(value), name);
    auto r = parse(name);
    ASSERT_TRUE(r.ok()) << name;
    EXPECT_EQ(*r, value) << name;
  }
  EXPECT_ERROR(parse("no-such-value"), ErrorCode::kInvalidField, field);
  EXPECT_ERROR(parse(""), ErrorCode::kInvalidField, field);
}

TEST(CaseEnums, WireNames) {
  expect_names<CaseType>({{CaseType::kServiceRequest, "service_request"},
                          {CaseType::kGeneralEnquiry, "general_enquiry"},
                          {CaseType::kMemberEnquiry, "member_enquiry"},
                          {CaseType::kComplaint, "complaint"},
                          {CaseType::kCompliment, "compliment"},
                          {CaseType::kComment, "comment"},
                          {CaseType::kFoiRequest, "foi_request"},
                          {CaseType::kEirRequest, "eir_request"},
                          {CaseType::kSubjectAccessRequest, "subject_access_request"}},
                         parse_case_type, "type");
  expect_names<CaseStatus>({{CaseStatus::kNew, "new"},
                            {CaseStatus::kInProgress, "in_progress"},
                            {CaseStatus::kAwaitingCustomer, "awaiting_customer"},
                            {CaseStatus::kClosed, "closed"}},
                           parse_case_status, "status");
  expect_names<Priority>({{Priority::kLow, "low"}, {Priority::kNormal, "normal"}, {Priority::kHigh, "high"},
                          {Priority::kUrgent, "urgent"}},
                         parse_priority, "priority");
  expect_names<CaseOutcome>({{CaseOutcome::kResolved, "resolved"},
                             {CaseOutcome::kNoFurtherAction, "no_further_action"},
                             {CaseOutcome::kNotCouncilsResponsibility, "not_councils_responsibility"},
                             {CaseOutcome::kDuplicate, "duplicate"},
                             {CaseOutcome::kWithdrawn, "withdrawn"},
                             {CaseOutcome::kReferred, "referred"},
                             {CaseOutcome::kUpheld, "upheld"},
                             {CaseOutcome::kPartlyUpheld, "partly_upheld"},
                             {CaseOutcome::kNotUpheld, "not_upheld"}},
                            parse_case_outcome, "outcome");
  expect_names<Visibility>({{Visibility::kInternal, "internal"}, {Visibility::kPublic, "public"}},
                           parse_visibility, "visibility");
  expect_names<LinkKind>({{LinkKind::kRelated, "related"},
                          {LinkKind::kDuplicateOf, "duplicate_of"},
                          {LinkKind::kDuplicatedBy, "duplicated_by"},
                          {LinkKind::kParent, "parent"},
                          {LinkKind::kChild, "child"}},
                         parse_link_kind, "kind");
  expect_names<WatcherKind>({{WatcherKind::kOfficer, "officer"},
                             {WatcherKind::kMember, "member"},
                             {WatcherKind::kCustomer, "customer"},
                             {WatcherKind::kEmail, "email"}},
                            parse_watcher_kind, "kind");
  // Names are case-sensitive.
  EXPECT_FALSE(parse_case_status("Closed").ok());
}

TEST(Watcher, EqualityIgnoresNameAndTime) {
  Watcher a{WatcherKind::kEmail, std::nullopt, "a@example.com", "A", Utc(2015, 1, 1)};
  Watcher b{WatcherKind::kEmail, std::nullopt, "a@example.com", "Someone else", Utc(2016, 1, 1)};
  Watcher c{WatcherKind::kEmail, std::nullopt, "b@example.com", "A", Utc(2015, 1, 1)};
  Watcher m{WatcherKind::kMember, 3, "", "Cllr", Utc(2015, 1, 1)};
  Watcher m2{WatcherKind::kMember, 4, "", "Cllr", Utc(2015, 1, 1)};
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  EXPECT_FALSE(m == m2);
  EXPECT_FALSE(a == m);
}

}  // namespace
}  // namespace civicdesk
