// The Members' Enquiries committee reports end to end below HTTP: cases
// written straight into the store (the workflow that fills them is built
// separately), ReportService run on every backend, and whole CSV tables
// compared with tables worked out by hand from shared/DOMAIN.md.
//
// The calendar is England & Wales: 25 and 28 December 2015 and 1 January
// 2016 are bank holidays. Members' Enquiries are due 5 working days after
// the start day (the receipt date, or the next working day).
//
//   ref  unit     received (London)            due        closed (London)     delay advised  chasers
//   A    street   Fri 2015-12-18               Tue 12-29  12-29 (on due: met)  -             0
//   B    street   Sat 2015-12-19 (weekend)     Wed 12-30  12-31 (day after)    12-30 (counts) 1
//   C    street   Thu 2015-12-24               Tue 01-05  open                01-06 (late)   3
//   D    street   Mon 2015-12-28 (bank hol.)   Wed 01-06  01-07               -              2
//   E    street   2015-06-01T23:30Z = 2 June   Tue 06-09  06-09T22:30Z=9 June -              0
//   E2   street   2015-06-01T22:59Z = 1 June   Mon 06-08  06-08T23:30Z=9 June 06-08T22:00Z=8 June  0
//   K    street   Fri 2015-11-20               Fri 11-27  open                -              0
//   I    highways Mon 2015-12-21               Wed 12-30  12-22               -              0
//   L    highways Wed 2015-12-23               Mon 01-04  01-05               -              1
//   N    highways Tue 2016-01-05               Tue 01-12  open                -              0
// and, never counted: F a child task of A (open), G a service request
// (open, due in December), H an enquiry of another council (open), R an
// enquiry in a restricted category, due 29 December, open (counted only for
// those who may see it: the tables below are run as a manager who may not).
#include <gtest/gtest.h>

#include "domain/report_table.h"
#include "support/fixtures.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using testing::at;

std::string csv(const Result<report::ReportTable>& t) {
  if (!t) return "error: " + std::string(wire_code(t.error().code)) + " (" + t.error().field + ") " + t.error().message;
  return report::render_csv(*t);
}

// What sets a test case apart from a plain enquiry of the council.
struct Extra {
  std::optional<Id> parent;
  CaseType type = CaseType::kMemberEnquiry;
  TenantId tenant = 0;
  std::string category = "general";
};

class ReportsTest : public ::testing::TestWithParam<std::string> {
 protected:
  ReportsTest()
      : db_(GetParam()),
        services_(db_.store()),
        council_(testing::seed_small_council(services_)),
        other_(testing::seed_small_council(services_, "othershire", "OTH")) {
    Category restricted;
    restricted.code = "safeguarding";
    restricted.name = "Safeguarding concern";
    restricted.delivery_unit = "street-scene";
    restricted.sla_policy = "standard-10";
    restricted.restricted = true;
    restricted.visible_to_teams = {"waste"};
    EXPECT_TRUE(services_.catalogue.put_category(council_.ctx(at("2015-01-01T00:00:00Z")), restricted).ok());

    A_ = me("A", "street-scene", "2015-12-18T10:00:00Z", "2015-12-29T16:00:00Z");
    me("B", "street-scene", "2015-12-19T10:00:00Z", "2015-12-31T10:00:00Z", "2015-12-30T17:00:00Z", 1);
    C_ = me("C", "street-scene", "2015-12-24T12:00:00Z", nullptr, "2016-01-06T09:00:00Z", 3);
    D_ = me("D", "street-scene", "2015-12-28T09:00:00Z", "2016-01-07T00:30:00Z", nullptr, 2);
    me("E", "street-scene", "2015-06-01T23:30:00Z", "2015-06-09T22:30:00Z");
    me("E2", "street-scene", "2015-06-01T22:59:00Z", "2015-06-08T23:30:00Z", "2015-06-08T22:00:00Z");
    me("K", "street-scene", "2015-11-20T10:00:00Z", nullptr);
    me("I", "highways", "2015-12-21T10:00:00Z", "2015-12-22T10:00:00Z");
    me("L", "highways", "2015-12-23T10:00:00Z", "2016-01-05T15:00:00Z", nullptr, 1);
    me("N", "highways", "2016-01-05T10:00:00Z", nullptr);
    me("F", "street-scene", "2015-12-18T10:00:00Z", nullptr, nullptr, 5, {.parent = A_});
    me("G", "street-scene", "2015-12-18T10:00:00Z", nullptr, nullptr, 5, {.type = CaseType::kServiceRequest});
    me("H", "street-scene", "2015-12-18T10:00:00Z", nullptr, nullptr, 5, {.tenant = other_.tenant});
    me("R", "street-scene", "2015-12-18T10:00:00Z", nullptr, nullptr, 0, {.category = "safeguarding"});
  }

  // A case written straight into the store, its clock started as the
  // council's Members' Enquiry policy starts it.
  Id me(const std::string& name, const std::string& du, const char* received, const char* closed,
        const char* delay = nullptr, int chasers = 0, Extra extra = {}) {
    const TenantId tenant = extra.tenant ? extra.tenant : council_.tenant;
    const RequestContext ctx{tenant, Principal::system("test"), at(received)};
    auto cat = services_.catalogue.snapshot(ctx);
    EXPECT_TRUE(cat.ok());
    Case c;
    c.reference = (tenant == council_.tenant ? "TST-ME-" : "OTH-ME-") + name;
    c.type = extra.type;
    c.category = extra.category;
    c.delivery_unit = du;
    c.title = "Enquiry " + name;
    c.description = "About " + name;
    c.sla.code = "member_enquiry";
    c.sla.resolve_days = (*cat)->tenant.me_close_days;
    c.sla.respond_days = (*cat)->tenant.me_respond_days;
    c.sla.pausable = false;
    c.received_at = at(received);
    c.clock = start_clock(c.sla, (*cat)->council_calendar, c.received_at);
    c.parent_id = extra.parent;
    if (closed) {
      c.closed_at = at(closed);
      c.status = CaseStatus::kClosed;
      c.outcome = CaseOutcome::kResolved;
    }
    if (delay) c.enquiry.delay_advised_at = at(delay);
    c.enquiry.chasers = chasers;
    c.created_at = c.updated_at = c.received_at;
    auto id = db_.store().write_value<Id>([&](Tx& tx) { return tx.insert_case(tenant, c); });
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }

  // As a council-wide manager outside the team that may see restricted
  // categories (so R is left out), unless told otherwise.
  Result<report::ReportTable> run(const std::string& name, std::map<std::string, std::string> params,
                                  std::optional<Principal> who = std::nullopt) {
    Principal p = who ? *who : user(Role::kManager);
    RequestContext ctx{council_.tenant, std::move(p), at("2016-03-01T10:00:00Z")};
    return services_.reports.run(ctx, ReportRequest{name, std::move(params)});
  }

  static Principal user(Role role, std::string du = "", std::string team = "") {
    Principal p;
    p.kind = Principal::Kind::kUser;
    p.id = 99;
    p.role = role;
    p.officer_id = 7;
    p.delivery_unit = std::move(du);
    p.team = std::move(team);
    return p;
  }

  testing::TestStore db_;
  Services services_;
  testing::SmallCouncil council_, other_;
  Id A_ = 0, C_ = 0, D_ = 0;
};

TEST_P(ReportsTest, Monthly) {
  // June: E (due 9th, closed 9 June London: met), E2 (due 8th, closed 9 June
  // London: not met; delay advised 8 June London: counts). November: K open.
  // December: A met on its due date, B closed the day after (delay advised on
  // the due date), I met. January: C (delay after the deadline), D, L, N.
  EXPECT_EQ(csv(run("me-monthly", {{"from", "2015-06"}, {"to", "2016-01"}})),
            "Month,Items due,Closed in 5 days,% Closed in 5 days,Not closed in 5 days,% Not closed in 5 days,"
            "Delay advised,% Delay advised,Responded to in 5 days,% Responded to in 5 days\r\n"
            "2015-06,2,1,50.0,1,50.0,1,50.0,2,100.0\r\n"
            "2015-07,0,0,,0,,0,,0,\r\n"
            "2015-08,0,0,,0,,0,,0,\r\n"
            "2015-09,0,0,,0,,0,,0,\r\n"
            "2015-10,0,0,,0,,0,,0,\r\n"
            "2015-11,1,0,0.0,1,100.0,0,0.0,0,0.0\r\n"
            "2015-12,3,2,66.7,1,33.3,1,33.3,3,100.0\r\n"
            "2016-01,4,0,0.0,4,100.0,0,0.0,0,0.0\r\n"
            "Total,10,3,30.0,7,70.0,2,20.0,5,50.0\r\n");
}

TEST_P(ReportsTest, Ageing) {
  // Open at the end of Tue 2016-01-05: C (received 24 Dec: 12 days), D
  // (28 Dec: 8 days; closed on the 7th), K (20 Nov: 46 days), N (received
  // that day: 0). L closed on the 5th itself: not open.
  EXPECT_EQ(csv(run("me-ageing", {{"at", "2016-01-05"}})),
            "Delivery unit,Less than 10 days,10 to 19 days,20 to 29 days,30 to 39 days,40+ days,Total over 10 days\r\n"
            "Highways,1,0,0,0,0,0\r\n"
            "Street Scene,1,1,0,0,1,2\r\n"
            "Total,2,1,0,0,1,2\r\n");
  // Before anything was received only the Total row is left.
  EXPECT_EQ(csv(run("me-ageing", {{"at", "2015-01-05"}})),
            "Delivery unit,Less than 10 days,10 to 19 days,20 to 29 days,30 to 39 days,40+ days,Total over 10 days\r\n"
            "Total,0,0,0,0,0,0\r\n");
}

TEST_P(ReportsTest, Quarterly) {
  EXPECT_EQ(csv(run("me-quarterly", {{"from", "2015-04"}, {"to", "2016-03"}})),
            "Delivery unit,Quarter,Items due,Closed in 5 days,% Closed in 5 days\r\n"
            "Street Scene,2015/16 Q1,2,1,50.0\r\n"
            "Highways,2015/16 Q3,1,1,100.0\r\n"
            "Street Scene,2015/16 Q3,3,1,33.3\r\n"
            "Highways,2015/16 Q4,2,0,0.0\r\n"
            "Street Scene,2015/16 Q4,2,0,0.0\r\n"
            "Total,,10,3,30.0\r\n");
  // Months inside quarters widen to the whole quarters: the same table.
  EXPECT_EQ(csv(run("me-quarterly", {{"from", "2015-05"}, {"to", "2016-02"}})),
            csv(run("me-quarterly", {{"from", "2015-04"}, {"to", "2016-03"}})));
}

TEST_P(ReportsTest, Overdue) {
  // K was due Fri 27 Nov: working days in (27 Nov, 5 Jan] = 30 Nov, 21 in
  // December (25th and 28th are holidays), 4 and 5 January = 24.
  EXPECT_EQ(csv(run("me-overdue", {{"at", "2016-01-05"}})),
            "Delivery unit,Reference,Received,Due,Working days overdue\r\n"
            "Street Scene,TST-ME-K,2015-11-20,2015-11-27,24\r\n");
}

TEST_P(ReportsTest, ChasersAndDaysToClose) {
  EXPECT_EQ(csv(run("me-chasers", {{"from", "2015-12"}, {"to", "2016-01"}})),
            "Delivery unit,Enquiries,No chasers,1 chaser,2 chasers,3 or more chasers,Total chasers,"
            "Chasers per enquiry\r\n"
            "Highways,3,2,1,0,0,1,0.3\r\n"
            "Street Scene,4,1,1,1,1,6,1.5\r\n"
            "Total,7,3,2,1,1,7,1.0\r\n");
  // A 5 (18th -> 29th), B 6 (start Mon 21st -> 31st), D 6 (start 29th -> 7
  // Jan), I 1, L 6 (23rd -> 5 Jan).
  EXPECT_EQ(csv(run("me-days-to-close", {{"from", "2015-12"}, {"to", "2016-01"}})),
            "Delivery unit,Closed,0 to 5 days,6 to 10 days,11 to 20 days,21 to 40 days,Over 40 days,Median days\r\n"
            "Highways,2,1,1,0,0,0,3.5\r\n"
            "Street Scene,3,1,2,0,0,0,6.0\r\n"
            "Total,5,2,3,0,0,0,6.0\r\n");
}

TEST_P(ReportsTest, MisdirectedAndEscalations) {
  auto routing = [&](Id case_id, const char* du, const char* routed, const char* decided, const char* outcome,
                     TenantId t) {
    RoutingRecord r;
    r.case_id = case_id;
    r.delivery_unit = du;
    r.routed_at = at(routed);
    r.routed_by = "system";
    r.outcome = *parse_routing_outcome(outcome);
    r.decided_at = at(decided);
    r.decided_by = "officer:1";
    r.reason = "Not ours";
    ASSERT_TRUE(db_.store().write([&](Tx& tx) -> Status { auto id = tx.insert_routing(t, r); return id.ok() ? Status{} : Status(id.error()); }).ok());
  };
  routing(A_, "highways", "2015-12-18T10:00:00Z", "2015-12-18T13:30:00Z", "misdirected", council_.tenant);  // 3.5 h
  routing(C_, "highways", "2015-12-24T12:00:00Z", "2015-12-29T12:00:00Z", "misdirected", council_.tenant);  // 120 h
  routing(D_, "street-scene", "2015-12-29T09:00:00Z", "2015-12-29T09:45:00Z", "misdirected", council_.tenant);
  routing(D_, "highways", "2015-12-29T09:00:00Z", "2015-12-29T10:00:00Z", "accepted", council_.tenant);
  routing(C_, "highways", "2016-01-29T09:00:00Z", "2016-02-01T10:00:00Z", "misdirected", council_.tenant);  // Feb
  routing(A_, "highways", "2015-12-18T10:00:00Z", "2015-12-18T11:00:00Z", "misdirected", other_.tenant);
  EXPECT_EQ(csv(run("me-misdirected", {{"from", "2015-12"}, {"to", "2016-01"}})),
            "Delivery unit,Misdirected,Median hours to send back,Maximum hours to send back\r\n"
            "Highways,2,61.8,120.0\r\n"
            "Street Scene,1,0.8,0.8\r\n"
            "Total,3,3.5,120.0\r\n");

  auto escalate = [&](Id case_id, const char* du, const char* when, const char* reason) {
    EscalationRecord e;
    e.case_id = case_id;
    e.delivery_unit = du;
    e.escalated_at = at(when);
    e.escalated_by = "member:1";
    e.reason = reason;
    ASSERT_TRUE(db_.store().write([&](Tx& tx) -> Status { auto id = tx.insert_escalation(council_.tenant, e); return id.ok() ? Status{} : Status(id.error()); }).ok());
  };
  escalate(A_, "street-scene", "2015-12-30T10:00:00Z", "Member unhappy, \"urgent\"");
  escalate(A_, "street-scene", "2016-01-04T10:00:00Z", "Still waiting");
  escalate(C_, "highways", "2016-01-31T23:30:00Z", "Late");  // 31 Jan in London (GMT)
  escalate(C_, "highways", "2016-02-01T00:00:00Z", "February");
  EXPECT_EQ(csv(run("me-escalations", {{"from", "2015-12"}, {"to", "2016-01"}})),
            "Delivery unit,Escalations,Enquiries escalated\r\n"
            "Highways,1,1\r\n"
            "Street Scene,2,1\r\n"
            "Total,3,2\r\n");
  EXPECT_EQ(csv(run("me-escalation-list", {{"from", "2015-12"}, {"to", "2016-01"}})),
            "Escalated on,Reference,Delivery unit,Reason\r\n"
            "2015-12-30,TST-ME-A,Street Scene,\"Member unhappy, \"\"urgent\"\"\"\r\n"
            "2016-01-04,TST-ME-A,Street Scene,Still waiting\r\n"
            "2016-01-31,TST-ME-C,Highways,Late\r\n");
  ChaserRecord ch;
  ch.case_id = C_;
  ch.at = at("2016-01-04T10:00:00Z");
  ch.chased_by = "member:1";
  ch.note = "Any news?";
  EXPECT_TRUE(db_.store().write([&](Tx& tx) -> Status { auto id = tx.insert_chaser(council_.tenant, ch); return id.ok() ? Status{} : Status(id.error()); }).ok());
}

TEST_P(ReportsTest, WhoSeesWhat) {
  const std::map<std::string, std::string> dec = {{"from", "2015-12"}, {"to", "2015-12"}};
  auto due_in_december = [&](Principal p) -> std::string {
    auto t = run("me-monthly", dec, std::move(p));
    if (!t) return std::string(wire_code(t.error().code));
    return t->rows[0][1].display();
  };
  // R (restricted, due 29 December) counts for the council as a whole and for
  // the team it is visible to; a manager outside that team does not see it;
  // a lead sees their own delivery unit only.
  EXPECT_EQ(due_in_december(Principal::system("test")), "4");
  EXPECT_EQ(due_in_december(user(Role::kManager, "", "waste")), "4");
  EXPECT_EQ(due_in_december(user(Role::kManager)), "3");
  EXPECT_EQ(due_in_december(user(Role::kLead, "highways", "roads")), "1");
  EXPECT_EQ(due_in_december(user(Role::kAdvisor)), "permission_denied");
  EXPECT_EQ(due_in_december(user(Role::kOfficer, "street-scene")), "permission_denied");
  Principal client;
  client.kind = Principal::Kind::kApiClient;
  client.scopes = {"reports:read"};
  EXPECT_EQ(due_in_december(client), "3");
  client.scopes = {"cases:read"};
  EXPECT_EQ(due_in_december(client), "permission_denied");
}

// Channel mix and first-contact resolution by service: contacts logged in
// the period (London days: 23:30 on 31 January GMT is January), restricted
// services left out for those who cannot see them, a unit's lead seeing its
// own services only, another council's contacts never.
TEST_P(ReportsTest, ContactsChannelMixAndFirstContactResolution) {
  auto log = [&](TenantId tenant, const char* when, const std::string& category, Channel channel,
                 ContactOutcome outcome) {
    Contact c;
    c.at = at(when);
    c.category = category;
    c.channel = channel;
    c.outcome = outcome;
    if (outcome == ContactOutcome::kSignposted) c.signposted_to = "Citizens Advice";
    auto id = db_.store().write_value<Id>([&](Tx& tx) { return tx.insert_contact(tenant, c); });
    EXPECT_TRUE(id.ok()) << id.error().message;
  };
  using enum ContactOutcome;
  const TenantId t = council_.tenant;
  log(t, "2016-01-04T09:00:00Z", "missed-bin", Channel::kTelephone, kResolvedAtFirstContact);
  log(t, "2016-01-05T09:00:00Z", "missed-bin", Channel::kTelephone, kCaseCreated);
  log(t, "2016-01-31T23:30:00Z", "missed-bin", Channel::kFaceToFace, kResolvedAtFirstContact);
  log(t, "2016-01-06T09:00:00Z", "pothole", Channel::kEmail, kTransferred);
  log(t, "2016-01-07T09:00:00Z", "", Channel::kTelephone, kSignposted);
  log(t, "2016-01-08T09:00:00Z", "safeguarding", Channel::kTelephone, kResolvedAtFirstContact);
  log(t, "2016-02-01T00:30:00Z", "missed-bin", Channel::kTelephone, kResolvedAtFirstContact);  // February
  log(t, "2015-12-31T23:59:00Z", "missed-bin", Channel::kTelephone, kResolvedAtFirstContact);  // December
  log(other_.tenant, "2016-01-04T09:00:00Z", "missed-bin", Channel::kTelephone, kResolvedAtFirstContact);

  auto table = run("contacts", {{"from", "2016-01"}, {"to", "2016-01"}});
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(report::render_csv(*table),
            "Service,Contacts,Telephone,Face to face,Email,Web form,Letter,Social media,App,Open311,"
            "Resolved at first contact,% Resolved at first contact\r\n"
            "Missed bin collection,3,2,1,0,0,0,0,0,0,2,66.7\r\n"
            "Pothole,1,0,0,1,0,0,0,0,0,0,0.0\r\n"
            "No particular service,1,1,0,0,0,0,0,0,0,0,0.0\r\n"
            "Total,5,3,1,1,0,0,0,0,0,2,40.0\r\n");
  // The team that may see safeguarding sees its contact too.
  auto team = run("contacts", {{"from", "2016-01"}, {"to", "2016-01"}}, user(Role::kManager, "", "waste"));
  ASSERT_TRUE(team.ok());
  EXPECT_EQ(team->rows.back()[1].display(), "6");
  // A Highways lead: Highways' services only.
  auto lead = run("contacts", {{"from", "2016-01"}, {"to", "2016-03"}}, user(Role::kLead, "highways", "roads"));
  ASSERT_TRUE(lead.ok());
  ASSERT_EQ(lead->rows.size(), 2u);
  EXPECT_EQ(lead->rows[0][0].display(), "Pothole");
  EXPECT_EQ(run("contacts", {{"from", "2016-01"}, {"to", "2016-01"}}, user(Role::kAdvisor)).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(run("contacts", {{"from", "2016-02"}, {"to", "2016-01"}}).error().field, "to");
}

// Complaints by service: received in the period, closed on time against
// their resolve-by date, and their outcomes; other case types, other
// councils and restricted services (for those outside the team) left out.
TEST_P(ReportsTest, ComplaintsByService) {
  int n = 0;
  auto complaint = [&](TenantId tenant, const std::string& category, const char* received, const char* due,
                       const char* closed, std::optional<CaseOutcome> outcome, CaseType type = CaseType::kComplaint) {
    Case c;
    c.reference = (tenant == council_.tenant ? "TST-C-" : "OTH-C-") + std::to_string(++n);
    c.type = type;
    c.category = category;
    c.delivery_unit = category == "pothole" ? "highways" : "street-scene";
    c.description = "Complaint";
    c.received_at = at(received);
    c.clock.received_on = london_date(c.received_at);
    c.clock.start_day = c.clock.received_on;
    c.clock.resolve_by = london_date(at(due));
    if (closed) {
      c.closed_at = at(closed);
      c.status = CaseStatus::kClosed;
      c.outcome = outcome;
    }
    c.created_at = c.updated_at = c.received_at;
    auto id = db_.store().write_value<Id>([&](Tx& tx) { return tx.insert_case(tenant, c); });
    EXPECT_TRUE(id.ok()) << id.error().message;
  };
  const TenantId t = council_.tenant;
  using enum CaseOutcome;
  complaint(t, "missed-bin", "2016-01-04T09:00:00Z", "2016-01-18T12:00:00Z", "2016-01-15T09:00:00Z", kUpheld);
  complaint(t, "missed-bin", "2016-01-05T09:00:00Z", "2016-01-19T12:00:00Z", "2016-01-19T23:30:00Z", kNotUpheld);
  complaint(t, "missed-bin", "2016-01-06T09:00:00Z", "2016-01-20T12:00:00Z", "2016-01-21T09:00:00Z", kPartlyUpheld);
  complaint(t, "pothole", "2016-01-31T23:30:00Z", "2016-02-12T12:00:00Z", nullptr, std::nullopt);
  complaint(t, "pothole", "2016-02-01T00:30:00Z", "2016-02-12T12:00:00Z", nullptr, std::nullopt);  // February
  complaint(t, "missed-bin", "2016-01-07T09:00:00Z", "2016-01-21T12:00:00Z", nullptr, std::nullopt,
            CaseType::kServiceRequest);
  complaint(t, "safeguarding", "2016-01-08T09:00:00Z", "2016-01-22T12:00:00Z", nullptr, std::nullopt);
  complaint(other_.tenant, "missed-bin", "2016-01-04T09:00:00Z", "2016-01-18T12:00:00Z", nullptr, std::nullopt);

  auto table = run("complaints", {{"from", "2016-01"}, {"to", "2016-01"}});
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(report::render_csv(*table),
            "Service,Received,Open,Closed,Closed on time,% Closed on time,Upheld,Partly upheld,Not upheld\r\n"
            "Missed bin collection,3,0,3,2,66.7,1,1,1\r\n"
            "Pothole,1,1,0,0,,0,0,0\r\n"
            "Total,4,1,3,2,66.7,1,1,1\r\n");
  auto team = run("complaints", {{"from", "2016-01"}, {"to", "2016-01"}}, user(Role::kManager, "", "waste"));
  ASSERT_TRUE(team.ok());
  EXPECT_EQ(team->rows.back()[1].display(), "5");
  auto lead = run("complaints", {{"from", "2016-01"}, {"to", "2016-02"}}, user(Role::kLead, "highways", "roads"));
  ASSERT_TRUE(lead.ok());
  ASSERT_EQ(lead->rows.size(), 2u);
  EXPECT_EQ(lead->rows[0][0].display(), "Pothole");
  EXPECT_EQ(lead->rows[0][1].display(), "2");
  EXPECT_EQ(run("complaints", {{"from", "2016-01"}, {"to", "2016-01"}}, user(Role::kAdvisor)).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_P(ReportsTest, BadParametersAreRefusedNamingThem) {
  auto field = [&](const std::string& name, std::map<std::string, std::string> params) -> std::string {
    auto t = run(name, std::move(params));
    if (t) return "ok";
    return std::string(wire_code(t.error().code)) + " " + t.error().field;
  };
  EXPECT_EQ(field("me-monthly", {{"from", "2015-13"}, {"to", "2015-12"}}), "invalid_query from");
  EXPECT_EQ(field("me-monthly", {{"from", "2015-06"}, {"to", "2015-05"}}), "invalid_query to");
  EXPECT_EQ(field("me-monthly", {{"from", "2005-01"}, {"to", "2015-12"}}), "invalid_query to");
  EXPECT_EQ(field("me-monthly", {{"to", "2015-12"}}), "invalid_query from");
  EXPECT_EQ(field("me-monthly", {{"from", "2015-01"}, {"to", "2015-12"}, {"at", "2015-01-01"}}), "invalid_query at");
  EXPECT_EQ(field("me-ageing", {{"at", "2015-02-30"}}), "invalid_query at");
  EXPECT_EQ(field("me-ageing", {}), "invalid_query at");
  EXPECT_EQ(field("me-overdue", {{"from", "2015-01"}}), "invalid_query from");
  EXPECT_EQ(field("me-nothing", {}), "invalid_query report");
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportsTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk
