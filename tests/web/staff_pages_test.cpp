// The staff console's pages (docs/pages.md "Staff console") through the real
// request pipeline over a real store on every backend: signing in with a
// second factor, the work queues and their filters and pages, the case page
// and each workflow action's form (happy path, validation errors that keep
// what was typed and change nothing, refused tokens, a stale version), and
// who may see them.
#include <nlohmann/json.hpp>

#include "http/parse/query.h"
#include "page_fixture.h"
#include "web/staff.h"

namespace civicdesk::web {
namespace {


// The page as a browser reads its attributes: mustache writes "/" as &#x2F;.
std::string readable(std::string html) {
  for (size_t at = html.find("&#x2F;"); at != std::string::npos; at = html.find("&#x2F;", at)) html.replace(at, 6, "/");
  return html;
}
bool has(const http::Response& r, const std::string& text) { return readable(r.body).find(text) != std::string::npos; }

class StaffPagesTest : public PageFixture {
 protected:
  StaffPagesTest() : PageFixture({}, /*with_api=*/true) {}

  // Signs in as the seeded user of `role`; returns the redirect.
  http::Response sign_in(Browser& b, const std::string& role, const std::string& next = "") {
    return b.sign_in_as(role, next);
  }


  // A missed bin at `street`, received `days_ago` calendar days ago.
  CaseView new_case(const std::string& street, int days_ago = 0, bool assigned = false,
                    Priority priority = Priority::kNormal, const std::string& category = "missed-bin") {
    NewCase in;
    in.category = category;
    in.description = "Bin not collected at " + street;
    if (category == "missed-bin") in.answers = {{"bin_type", {"refuse"}}};
    in.location.address = street;
    in.priority = priority;
    in.received_at = clock_.now() - std::chrono::days(days_ago);
    if (assigned) {
      in.team = "waste";
      in.assignee_id = council_.officer_street;
    }
    auto made = services_->cases.create(ctx(), in);
    EXPECT_TRUE(made) << made.error().message;
    return *made;
  }

  size_t events(const std::string& reference) {
    return services_->cases.timeline(ctx(), reference, std::nullopt).value().events.size();
  }
  Case current(const std::string& reference) { return services_->cases.get(ctx(), reference).value().c; }
};

TEST_P(StaffPagesTest, StaffLandOnTheirQueuesCouncillorsOnTheirEnquiries) {
  Browser officer(*pipeline_);
  auto res = sign_in(officer, "officer");
  ASSERT_EQ(res.status, 303) << res.body;
  EXPECT_EQ(res.header("Location").value_or(""), "/staff");
  // Where they were going wins.
  Browser lead(*pipeline_);
  EXPECT_EQ(sign_in(lead, "lead", "/staff/cases/TST-0000001").header("Location").value_or(""), "/staff/cases/TST-0000001");
  Browser councillor(*pipeline_);
  EXPECT_EQ(sign_in(councillor, "councillor").header("Location").value_or(""), "/member/enquiries");
  Browser resident(*pipeline_);
  EXPECT_EQ(sign_in(resident, "resident").header("Location").value_or(""), "/account");

  // The navigation by role.
  auto queue = officer.get("/staff");
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_TRUE(has(queue, "href=\"/staff/contact\""));
  EXPECT_TRUE(has(queue, "href=\"/staff/customers\""));
  EXPECT_TRUE(has(queue, "href=\"/staff/reports\""));
  EXPECT_FALSE(has(queue, "href=\"/admin\""));
  EXPECT_TRUE(has(queue, "aria-current=\"page\""));
  Browser admin(*pipeline_);
  sign_in(admin, "administrator");
  EXPECT_TRUE(has(admin.get("/staff"), "href=\"/admin\""));
  auto account = councillor.get("/account");
  EXPECT_TRUE(has(account, "href=\"/member/enquiries/new\""));
  EXPECT_TRUE(has(account, "href=\"/member/ward\""));
  EXPECT_FALSE(has(account, "href=\"/staff\""));
}

TEST_P(StaffPagesTest, StaffPagesRefuseResidentsAndCouncillorsAndSendTheSignedOutToSignIn) {
  const CaseView c = new_case("1 High Street");
  Browser nobody(*pipeline_);
  for (const std::string& path : std::vector<std::string>{"/staff", "/staff/cases/" + c.c.reference}) {
    auto res = nobody.get(path);
    EXPECT_EQ(res.status, 303) << path;
    EXPECT_EQ(res.header("Location").value_or(""), "/sign-in?next=" + http::percent_encode(path));
  }
  for (const std::string role : {"resident", "councillor"}) {
    Browser b(*pipeline_);
    sign_in(b, role);
    EXPECT_EQ(b.get("/staff").status, 403) << role;
    auto page = b.get("/staff/cases/" + c.c.reference);
    EXPECT_EQ(page.status, 403) << role;
    EXPECT_FALSE(has(page, "Bin not collected")) << role;
    const size_t before = events(c.c.reference);
    auto note = b.send("POST", "/staff/cases/" + c.c.reference + "/note",
                       "csrf=" + Browser::field_value(b.get("/account").body, "csrf") +
                           "&version=1&note_text=sneaky&note_visibility=internal");
    EXPECT_EQ(note.status, 403) << role;
    EXPECT_EQ(events(c.c.reference), before) << role;
  }
}

TEST_P(StaffPagesTest, AStaffMemberWithASecondFactorEntersTheCode) {
  // Turn on TOTP for the officer through the API, as the officer.
  Browser api(*pipeline_);
  const std::vector<std::pair<std::string, std::string>> bearer{{"authorization", "Bearer " + tokens_.at(Role::kOfficer)},
                                         {"content-type", "application/json"}};
  auto begun = api.send("POST", "/api/v1/account/totp", "", bearer);
  ASSERT_EQ(begun.status, 200) << begun.body;
  const std::string secret = nlohmann::json::parse(begun.body).at("secret");
  const std::string first = crypto::totp_code(secret, clock_.now()).value();
  auto confirmed = api.send("POST", "/api/v1/account/totp/confirm",
                            nlohmann::json{{"secret", secret}, {"code", first}}.dump(), bearer);
  ASSERT_EQ(confirmed.status, 204) << confirmed.body;

  Browser b(*pipeline_);
  auto res = sign_in(b, "officer");
  ASSERT_EQ(res.status, 303) << res.body;
  const std::string code_page(res.header("Location").value_or(""));
  EXPECT_EQ(code_page.rfind("/sign-in/code", 0), 0u) << code_page;
  // Half signed in is not signed in.
  EXPECT_EQ(b.get("/staff").status, 303);

  auto page = b.get(code_page);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page, "autocomplete=\"one-time-code\""));
  auto empty = b.post(code_page, "/sign-in/code", "code=");
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(has(empty, "Enter the 6-digit code"));
  auto letters = b.post(code_page, "/sign-in/code", "code=12ab56");
  EXPECT_EQ(letters.status, 400);
  EXPECT_TRUE(has(letters, "value=\"12ab56\""));
  std::string wrong = crypto::totp_code(secret, clock_.now() + std::chrono::hours(1)).value();
  if (wrong == first) wrong = wrong == "000000" ? "111111" : "000000";
  auto refused = b.post(code_page, "/sign-in/code", "code=" + wrong);
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(has(refused, "That code is not right"));
  EXPECT_EQ(b.get("/staff").status, 303);
  // A bad token changes nothing.
  EXPECT_EQ(b.send("POST", "/sign-in/code", "csrf=nope&code=" + first).status, 403);
  EXPECT_EQ(b.get("/staff").status, 303);

  auto done = b.post(code_page, "/sign-in/code", "code=" + first.substr(0, 3) + "+" + first.substr(3));
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("Location").value_or(""), "/staff");
  EXPECT_EQ(b.get("/staff").status, 200);

  // Without a half-made session there is nothing to confirm.
  Browser fresh(*pipeline_);
  EXPECT_EQ(fresh.get("/sign-in/code").header("Location").value_or(""), "/sign-in");
}

TEST_P(StaffPagesTest, TheQueueShowsTheOfficersCasesMostUrgentFirstWithTheirSlaTags) {
  const CaseView overdue = new_case("1 Overdue Road", 30, true);
  const CaseView today = new_case("2 Today Road", 14, true);
  const CaseView fresh = new_case("3 Fresh Road", 0, true, Priority::kHigh);
  const CaseView unassigned = new_case("4 Nobody Road", 0, false);
  const CaseView highways = new_case("5 Pothole Lane", 0, false, Priority::kNormal, "pothole");
  Browser b(*pipeline_);
  sign_in(b, "officer");
  auto mine = b.get("/staff");
  ASSERT_EQ(mine.status, 200) << mine.body;
  const size_t a = mine.body.find(overdue.c.reference), t = mine.body.find(today.c.reference),
               f = mine.body.find(fresh.c.reference);
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(t, std::string::npos);
  ASSERT_NE(f, std::string::npos);
  EXPECT_LT(a, t);
  EXPECT_LT(t, f);
  EXPECT_FALSE(has(mine, unassigned.c.reference));  // not mine
  EXPECT_TRUE(has(mine, "govuk-tag--red\">Overdue by "));
  EXPECT_TRUE(has(mine, "Due in 10 days"));

  // A delivery unit's unassigned cases.
  auto unit = b.get("/staff?queue=unit&unit=street-scene&assigned=unassigned");
  EXPECT_EQ(unit.status, 200);
  EXPECT_TRUE(has(unit, unassigned.c.reference));
  EXPECT_FALSE(has(unit, overdue.c.reference));
  // Filters: priority, overdue only, status, category.
  auto high = b.get("/staff?queue=unit&unit=street-scene&priority=high");
  EXPECT_TRUE(has(high, fresh.c.reference));
  EXPECT_FALSE(has(high, unassigned.c.reference));
  auto late = b.get("/staff?queue=team&overdue=yes");
  EXPECT_TRUE(has(late, overdue.c.reference));
  EXPECT_FALSE(has(late, fresh.c.reference));
  EXPECT_TRUE(has(late, "name=\"overdue\" type=\"checkbox\" value=\"yes\" checked"));
  auto closed = b.get("/staff?queue=unit&unit=street-scene&status=closed");
  EXPECT_TRUE(has(closed, "No cases match these filters"));
  auto general = b.get("/staff?queue=unit&unit=street-scene&category=general");
  EXPECT_FALSE(has(general, overdue.c.reference));
  // Another delivery unit's cases are not the officer's to see.
  auto other = b.get("/staff?queue=unit&unit=highways");
  EXPECT_EQ(other.status, 200);
  EXPECT_FALSE(has(other, highways.c.reference));
  // Nonsense filters are ignored, never a 500; a malformed query is a 400 page.
  EXPECT_EQ(b.get("/staff?queue=x&status=y&priority=z&after=%21%21&assigned=q").status, 200);
  EXPECT_EQ(b.get("/staff?queue=%zz").status, 400);
}

TEST_P(StaffPagesTest, TheQueueIsPaged) {
  for (int i = 0; i < 30; ++i) new_case(std::to_string(i + 1) + " Long Street", i % 20, true);
  Browser b(*pipeline_);
  sign_in(b, "officer");
  auto first = b.get("/staff");
  ASSERT_EQ(first.status, 200);
  auto rows = [](const std::string& html) {
    size_t n = 0;
    for (size_t at = html.find("href=\"/staff/cases/"); at != std::string::npos; at = html.find("href=\"/staff/cases/", at + 1)) ++n;
    return n;
  };
  first.body = readable(first.body);
  EXPECT_EQ(rows(first.body), 25u);
  const std::string marker = "rel=\"next\"";
  ASSERT_TRUE(has(first, marker));
  const size_t href = first.body.rfind("href=\"", first.body.find(marker)) + 6;
  std::string next = first.body.substr(href, first.body.find('"', href) - href);
  for (size_t at = next.find("&amp;"); at != std::string::npos; at = next.find("&amp;")) next.replace(at, 5, "&");
  auto second = b.get(next);
  ASSERT_EQ(second.status, 200) << next;
  EXPECT_EQ(rows(readable(second.body)), 5u);
  EXPECT_FALSE(has(second, marker));
  EXPECT_TRUE(has(second, "rel=\"first\""));
}

TEST_P(StaffPagesTest, TheCasePageShowsTheCaseTimelineAndActions) {
  const CaseView c = new_case("1 High Street", 0, true);
  ASSERT_TRUE(services_->cases.add_note(ctx(), c.c.reference, NewNote{"Crew informed", Visibility::kInternal}));
  Browser b(*pipeline_);
  sign_in(b, "officer");
  auto page = b.get("/staff/cases/" + c.c.reference);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(has(page, "Missed bin collection"));
  EXPECT_TRUE(has(page, "Sam Street"));
  EXPECT_TRUE(has(page, "Crew informed"));
  EXPECT_TRUE(has(page, ">Internal</strong>"));
  EXPECT_TRUE(has(page, "Due in 10 days"));
  for (const char* action : {"/assign", "/note", "/respond", "/close", "/link", "/duplicate"})
    EXPECT_TRUE(has(page, "action=\"/staff/cases/" + c.c.reference + action + "\"")) << action;
  // Not offered: the service allows no extension; the rest is the Members'
  // Enquiries workflow.
  for (const char* action : {"/delay", "/send-back", "/approval", "/escalate"})
    EXPECT_FALSE(has(page, "action=\"/staff/cases/" + c.c.reference + action + "\"")) << action;
  EXPECT_EQ(b.get("/staff/cases/TST-9999999").status, 404);
  EXPECT_EQ(b.get("/staff/cases/%3Cscript%3E").status, 404);
  // Another delivery unit's case is not found for this officer.
  const CaseView pothole = new_case("5 Pothole Lane", 0, false, Priority::kNormal, "pothole");
  auto hidden = b.get("/staff/cases/" + pothole.c.reference);
  EXPECT_EQ(hidden.status, 404);
  EXPECT_FALSE(has(hidden, "Pothole Lane"));
}

TEST_P(StaffPagesTest, AnOfficerNotesAdvisesADelayAssignsRespondsAndCloses) {
  // The service allows its target date to move by up to 3 working days.
  SlaPolicy policy = *services_->catalogue.snapshot(ctx()).value()->policy("standard-10").value();
  policy.max_extension = 3;
  ASSERT_TRUE(services_->catalogue.put_sla_policy(ctx(), policy));
  const CaseView c = new_case("1 High Street", 0, false);
  const std::string page = "/staff/cases/" + c.c.reference;
  Browser b(*pipeline_);
  sign_in(b, "lead");

  // A note: the error keeps what was typed and changes nothing.
  size_t before = events(c.c.reference);
  auto empty = b.post(page, page + "/note", "note_text=+&note_visibility=public");
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(has(empty, "govuk-error-summary"));
  EXPECT_TRUE(has(empty, "href=\"#note_text\""));
  EXPECT_TRUE(has(empty, "id=\"action-note\" open"));
  EXPECT_EQ(events(c.c.reference), before);
  auto noted = b.post(page, page + "/note", "note_text=%3Cb%3ECalled%3C%2Fb%3E+the+crew&note_visibility=internal");
  ASSERT_EQ(noted.status, 303) << noted.body;
  EXPECT_EQ(noted.header("Location").value_or(""), page + "?done=note");
  auto shown = b.get(page + "?done=note");
  EXPECT_TRUE(has(shown, "Your note has been added"));
  EXPECT_TRUE(has(shown, "&lt;b&gt;Called&lt;/b&gt; the crew"));
  EXPECT_EQ(events(c.c.reference), before + 1);

  // A delay: a date before the current target is refused; a later one moves it.
  auto early = b.post(page, page + "/delay", "delay_date-day=2&delay_date-month=3&delay_date-year=2016&delay_reason=Crew+off");
  EXPECT_EQ(early.status, 400);
  EXPECT_TRUE(has(early, ">Crew off</textarea>"));
  EXPECT_EQ(current(c.c.reference).clock.resolve_by, c.c.clock.resolve_by);
  auto bad = b.post(page, page + "/delay", "delay_date-day=31&delay_date-month=2&delay_date-year=2016&delay_reason=x");
  EXPECT_EQ(bad.status, 400);
  auto too_far = b.post(page, page + "/delay", "delay_date-day=30&delay_date-month=3&delay_date-year=2016&delay_reason=Crew+off");
  EXPECT_EQ(too_far.status, 409);
  EXPECT_TRUE(has(too_far, "cannot be moved this far"));
  auto delayed = b.post(page, page + "/delay", "delay_date-day=17&delay_date-month=3&delay_date-year=2016&delay_reason=Crew+off");
  ASSERT_EQ(delayed.status, 303) << delayed.body;
  EXPECT_EQ(format_date(*current(c.c.reference).clock.resolve_by), "2016-03-17");

  // Assign: nothing chosen is an error; an officer is assigned.
  auto none = b.post(page, page + "/assign", "assign_officer=&assign_team=");
  EXPECT_EQ(none.status, 400);
  auto assigned = b.post(page, page + "/assign",
                         "assign_officer=" + std::to_string(council_.officer_street) + "&assign_team=&assign_reason=Round+7");
  ASSERT_EQ(assigned.status, 303) << assigned.body;
  EXPECT_EQ(current(c.c.reference).assignee_id, council_.officer_street);

  // Respond (a public note for a service request).
  auto responded = b.post(page, page + "/respond", "respond_text=We+will+collect+it+tomorrow");
  ASSERT_EQ(responded.status, 303) << responded.body;
  EXPECT_TRUE(current(c.c.reference).clock.responded_on.has_value());

  // Close: an outcome is needed; complaint outcomes are not offered here.
  auto no_outcome = b.post(page, page + "/close", "close_notes=Done");
  EXPECT_EQ(no_outcome.status, 400);
  EXPECT_TRUE(has(no_outcome, "value=\"resolved\""));
  EXPECT_FALSE(has(no_outcome, "value=\"upheld\""));
  EXPECT_TRUE(is_open(current(c.c.reference).status));
  auto closed = b.post(page, page + "/close", "close_outcome=resolved&close_notes=Collected");
  ASSERT_EQ(closed.status, 303) << closed.body;
  EXPECT_EQ(current(c.c.reference).status, CaseStatus::kClosed);
  // Closed: notes and links are still offered, closing and assigning not.
  auto after = b.get(page);
  EXPECT_FALSE(has(after, page + "/close\""));
  EXPECT_FALSE(has(after, page + "/assign\""));
  EXPECT_TRUE(has(after, page + "/note\""));
  EXPECT_TRUE(has(after, "Closed"));
}

TEST_P(StaffPagesTest, AStaleVersionChangesNothingAndSaysSo) {
  const CaseView c = new_case("1 High Street", 0, false);
  const std::string page = "/staff/cases/" + c.c.reference;
  Browser b(*pipeline_);
  sign_in(b, "officer");
  const std::string html = b.get(page).body;
  const std::string csrf = Browser::field_value(html, "csrf"), version = Browser::field_value(html, "version");
  // Someone else changes the case.
  ASSERT_TRUE(services_->cases.add_note(ctx(), c.c.reference, NewNote{"elsewhere", Visibility::kInternal}));
  const Case changed = current(c.c.reference);
  const size_t before = events(c.c.reference);
  for (const std::string action : {"note", "close", "assign"}) {
    auto res = b.send("POST", page + "/" + action,
                      "csrf=" + csrf + "&version=" + version +
                          "&note_text=hello&note_visibility=internal&close_outcome=resolved&assign_officer=none");
    EXPECT_EQ(res.status, 409) << action << res.body;
    EXPECT_TRUE(has(res, "Someone else changed this case")) << action;
    EXPECT_EQ(events(c.c.reference), before) << action;
    EXPECT_EQ(current(c.c.reference).version, changed.version) << action;
  }
  // Without a version at all it is refused the same way.
  EXPECT_EQ(b.send("POST", page + "/note", "csrf=" + csrf + "&note_text=x&note_visibility=internal").status, 409);
  // A wrong token changes nothing either.
  auto forged = b.send("POST", page + "/note", "csrf=0000&version=" + std::to_string(changed.version) +
                                                   "&note_text=x&note_visibility=internal");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(events(c.c.reference), before);
  EXPECT_EQ(b.post(page, page + "/no-such-action", "x=1").status, 404);
}

TEST_P(StaffPagesTest, LinksAndDuplicates) {
  const CaseView c = new_case("1 High Street");
  const CaseView other = new_case("3 High Street");
  const std::string page = "/staff/cases/" + c.c.reference;
  Browser lead(*pipeline_);
  sign_in(lead, "lead");
  auto unknown = lead.post(page, page + "/link", "link_case=TST-9999999");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_TRUE(has(unknown, "value=\"TST-9999999\""));
  EXPECT_TRUE(services_->cases.links(ctx(), c.c.reference).value().empty());
  ASSERT_EQ(lead.post(page, page + "/link", "link_case=" + other.c.reference).status, 303);
  EXPECT_TRUE(has(lead.get(page), "href=\"/staff/cases/" + other.c.reference + "\""));
  const std::string other_page = "/staff/cases/" + other.c.reference;
  ASSERT_EQ(lead.post(other_page, other_page + "/duplicate", "duplicate_case=" + c.c.reference).status, 303);
  EXPECT_TRUE(has(lead.get(other_page), "Duplicate of"));
}

TEST_P(StaffPagesTest, AMembersEnquiryIsEscalatedDelayedAndReclassifiedWithAManagersApproval) {
  NewCase in;
  in.type = CaseType::kMemberEnquiry;
  in.category = "missed-bin";
  in.answers = {{"bin_type", {"refuse"}}};
  in.member_id = council_.member;
  in.description = "Residents of Station Road say the bins were missed";
  in.location.address = "Station Road";
  auto made = services_->cases.create(ctx(), in);
  ASSERT_TRUE(made) << made.error().message;
  const std::string ref = made->c.reference;
  const std::string page = "/staff/cases/" + ref;
  Browser lead(*pipeline_);
  sign_in(lead, "lead");
  auto shown = lead.get(page);
  ASSERT_EQ(shown.status, 200);
  for (const char* action : {"/delay", "/respond", "/approval", "/escalate"})
    EXPECT_TRUE(has(shown, "action=\"" + page + action + "\"")) << action;
  EXPECT_TRUE(has(shown, "Cllr Wendy Hendon"));

  // No escalation officer is named for Street Scene yet: said on the form.
  size_t before = events(ref);
  auto refused = lead.post(page, page + "/escalate", "escalate_reason=Third+time");
  EXPECT_EQ(refused.status, 409);
  EXPECT_TRUE(has(refused, "No escalation officer is named"));
  EXPECT_TRUE(has(refused, ">Third time</textarea>"));
  EXPECT_EQ(events(ref), before);
  ASSERT_TRUE(services_->enquiries.set_escalation_officers(ctx(), "street-scene", {council_.officer_street}));
  ASSERT_EQ(lead.post(page, page + "/escalate", "escalate_reason=Third+time").status, 303);
  EXPECT_TRUE(current(ref).enquiry.escalated_at.has_value());

  // A delay: the revised date, for the councillor.
  auto past = lead.post(page, page + "/delay", "delay_date-day=1&delay_date-month=2&delay_date-year=2016&delay_reason=Parts");
  EXPECT_EQ(past.status, 400);
  ASSERT_EQ(lead.post(page, page + "/delay", "delay_date-day=1&delay_date-month=4&delay_date-year=2016&delay_reason=Parts")
                .status, 303);
  EXPECT_EQ(format_date(*current(ref).enquiry.revised_due_on), "2016-04-01");

  // Reclassify: the lead asks, a manager approves.
  auto no_category = lead.post(page, page + "/approval", "approval_kind=reclassify&approval_category=&approval_reason=Wrong");
  EXPECT_EQ(no_category.status, 400);
  auto asked = lead.post(page, page + "/approval", "approval_kind=reclassify&approval_category=general&approval_reason=Not+a+bin");
  ASSERT_EQ(asked.status, 303) << readable(asked.body).substr(0, 200);
  Browser manager(*pipeline_);
  sign_in(manager, "manager");
  auto pending = manager.get(page);
  EXPECT_TRUE(has(pending, "Not a bin"));
  ASSERT_TRUE(has(pending, "action=\"" + page + "/decide\""));
  const std::string id = Browser::field_value(pending.body, "approval_id");
  auto refuse_empty = manager.post(page, page + "/decide", "approval_id=" + id + "&decision=refuse");
  EXPECT_EQ(refuse_empty.status, 400);
  EXPECT_EQ(current(ref).category, "missed-bin");
  auto approved = manager.post(page, page + "/decide", "approval_id=" + id + "&decision=approve");
  ASSERT_EQ(approved.status, 303) << approved.body;
  EXPECT_EQ(current(ref).category, "general");
}

TEST(StaffTexts, EveryValueShownHasItsText) {
  const Messages& m = Messages::embedded();
  for (auto v : {CaseStatus::kNew, CaseStatus::kInProgress, CaseStatus::kAwaitingCustomer, CaseStatus::kClosed})
    EXPECT_TRUE(m.find("en", staff_key("status", to_string(v))));
  for (auto v : {Priority::kLow, Priority::kNormal, Priority::kHigh, Priority::kUrgent})
    EXPECT_TRUE(m.find("en", staff_key("priority", to_string(v))));
  for (int i = 0; i <= static_cast<int>(CaseType::kSubjectAccessRequest); ++i)
    EXPECT_TRUE(m.find("en", staff_key("type", to_string(static_cast<CaseType>(i))))) << i;
  for (int i = 0; i <= static_cast<int>(Channel::kOpen311); ++i)
    EXPECT_TRUE(m.find("en", staff_key("channel", to_string(static_cast<Channel>(i))))) << i;
  for (int i = 0; i <= static_cast<int>(CaseOutcome::kNotUpheld); ++i)
    EXPECT_TRUE(m.find("en", staff_key("outcome", to_string(static_cast<CaseOutcome>(i))))) << i;
  for (int i = 0; i <= static_cast<int>(LinkKind::kChild); ++i)
    EXPECT_TRUE(m.find("en", staff_key("link", to_string(static_cast<LinkKind>(i))))) << i;
  for (const char* kind : {"received", "note", "status_changed", "assigned", "responded", "delay_advised", "escalated",
                           "sent_back", "approval_requested", "approval_decided", "linked", "clock_extended"})
    EXPECT_TRUE(m.find("en", staff_key("event", kind))) << kind;
  for (const char* action : {"assign", "note", "delay", "respond", "close", "send-back", "approval", "decide", "link",
                             "duplicate", "escalate"})
    EXPECT_TRUE(m.find("en", staff_key("done", action))) << action;
}

INSTANTIATE_TEST_SUITE_P(Backends, StaffPagesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::web
