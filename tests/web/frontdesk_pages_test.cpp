// The contact centre's pages (/staff/contact, /staff/customers) and the
// reports dashboards (/staff/reports) through the real request pipeline on
// every backend: each form's happy path, its validation errors (400, error
// summary, what was typed kept, nothing logged), CSRF refusals, who may see
// what (residents, councillors, advisors below reports, restricted
// categories), unknown records, and downloads with the API's bytes.
#include "domain/report_table.h"
#include "http/parse/query.h"
#include "page_fixture.h"

namespace civicdesk::web {
namespace {

class FrontdeskPagesTest : public PageFixture {
 protected:
  FrontdeskPagesTest() {
    // Ada, with a postcode and a phone number, one open case and one closed.
    Customer ada;
    ada.given_name = "Ada";
    ada.family_name = "Lovelace";
    ada.phones = {{"020 7946 0001", "home", true}};
    ada.addresses = {{"1 Station Road", "", "", "Barnet", "N3 1AB", std::nullopt, "home", true}};
    ada.preferred_channel = PreferredChannel::kTelephone;
    ada_ = services_->customers.create(ctx(), ada).value().id;
    NewCase open;
    open.category = "general";
    open.description = "Asked about the library opening hours";
    open.customer_id = ada_;
    open_ref_ = services_->cases.create(ctx(), open).value().c.reference;
  }

  void sign_in_as(Browser& b, const std::string& role) {
    auto res = b.sign_in_as(role, "/staff");
    ASSERT_EQ(res.status, 303) << res.body;
  }

  std::vector<Contact> contacts() {
    ContactFilter f;
    f.limit = 200;
    return services_->customers.list_contacts(ctx(), f).value().items;
  }

  size_t case_count() {
    CaseFilter f;
    f.limit = 200;
    return services_->cases.list(ctx(), f).value().items.size();
  }

  static bool has(const std::string& body, const std::string& text) { return body.find(text) != std::string::npos; }
  // As the templates write it into an attribute or text ({{ }} escapes "/" too).
  static std::string esc(const std::string& s) {
    std::string out;
    for (char ch : s) {
      if (ch == '/') out += "&#x2F;";
      else if (ch == '&') out += "&amp;";
      else out += ch;
    }
    return out;
  }

  Id ada_ = 0;
  std::string open_ref_;
};

TEST_P(FrontdeskPagesTest, AnAdvisorFindsACustomerByPostcodePhoneNameOrReference) {
  Browser b(*pipeline_);
  sign_in_as(b, "advisor");
  const std::string choose = "/staff/contact?customer=" + std::to_string(ada_);
  for (const std::string& q : std::vector<std::string>{"n31ab", "020+7946+0001", "Lovelace", open_ref_}) {
    auto res = b.get("/staff/contact?q=" + q);
    EXPECT_EQ(res.status, 200) << q;
    EXPECT_TRUE(has(res.body, "Ada Lovelace")) << q;
    EXPECT_TRUE(has(res.body, esc(choose))) << q;
  }
  auto none = b.get("/staff/contact?q=Nobody+Here");
  EXPECT_EQ(none.status, 200);
  EXPECT_TRUE(has(none.body, "id=\"nothing-found\""));
  EXPECT_FALSE(has(none.body, "Ada Lovelace"));

  // Choosing her shows the single view: details, the open case, the form.
  auto view = b.get(choose);
  EXPECT_EQ(view.status, 200);
  EXPECT_TRUE(has(view.body, "N3 1AB"));
  EXPECT_TRUE(has(view.body, "+442079460001"));
  EXPECT_TRUE(has(view.body, "href=\"" + esc("/staff/cases/" + open_ref_) + "\""));
  EXPECT_TRUE(has(view.body, "name=\"customer_id\" value=\"" + std::to_string(ada_) + "\""));
}

TEST_P(FrontdeskPagesTest, AContactResolvedAtFirstContactIsLoggedForTheCustomer) {
  Browser b(*pipeline_);
  sign_in_as(b, "advisor");
  const std::string page = "/staff/contact?customer=" + std::to_string(ada_);
  auto res = b.post(page, "/staff/contact",
                    "customer_id=" + std::to_string(ada_) +
                        "&reason=When+is+my+bin+day%3F&channel=telephone&outcome=resolved_at_first_contact&category=");
  ASSERT_EQ(res.status, 303) << res.body;
  EXPECT_EQ(res.header("Location").value_or(""), "/staff/contact?logged=1&customer=" + std::to_string(ada_));
  auto all = contacts();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].customer_id, ada_);
  EXPECT_EQ(all[0].outcome, ContactOutcome::kResolvedAtFirstContact);
  EXPECT_EQ(all[0].channel, Channel::kTelephone);
  EXPECT_EQ(all[0].reason, "When is my bin day?");
  auto after = b.get(std::string(res.header("Location").value_or("")));
  EXPECT_TRUE(has(after.body, "Contact logged."));
  EXPECT_TRUE(has(after.body, "When is my bin day?"));  // in her recent contacts
}

TEST_P(FrontdeskPagesTest, AContactThatBecomesACaseCreatesItAndShowsItsReference) {
  Browser b(*pipeline_);
  sign_in_as(b, "advisor");
  const size_t before = case_count();
  const std::string page = "/staff/contact?customer=" + std::to_string(ada_);
  auto res = b.post(page, "/staff/contact",
                    "customer_id=" + std::to_string(ada_) +
                        "&reason=Fly-tipping+behind+the+shops&channel=face_to_face&outcome=case_created&category=general"
                        "&case_address=Behind+the+shops&case_postcode=N3+1AB");
  ASSERT_EQ(res.status, 303) << res.body;
  EXPECT_EQ(case_count(), before + 1);
  auto all = contacts();
  ASSERT_EQ(all.size(), 1u);
  ASSERT_TRUE(all[0].case_id.has_value());
  const std::string location(res.header("Location").value_or(""));
  EXPECT_TRUE(has(location, "&case=" + all[0].case_reference)) << location;
  auto made = services_->cases.get(ctx(), all[0].case_reference).value();
  EXPECT_EQ(made.c.customer_id, ada_);
  EXPECT_EQ(made.c.channel, Channel::kFaceToFace);
  EXPECT_EQ(made.c.description, "Fly-tipping behind the shops");
  auto after = b.get(location);
  EXPECT_TRUE(has(after.body, "href=\"" + esc("/staff/cases/" + all[0].case_reference) + "\""));
}

TEST_P(FrontdeskPagesTest, AnAnonymousCallerCanBeLogged) {
  Browser b(*pipeline_);
  sign_in_as(b, "advisor");
  auto form = b.get("/staff/contact");
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(has(form.body, "Log a contact without a customer"));
  EXPECT_FALSE(has(form.body, "name=\"customer_id\""));
  auto res = b.post("/staff/contact", "/staff/contact",
                    "reason=Where+is+the+tip%3F&channel=telephone&outcome=signposted&signposted_to=Recycling+centre");
  ASSERT_EQ(res.status, 303) << res.body;
  auto all = contacts();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_FALSE(all[0].customer_id.has_value());
  EXPECT_EQ(all[0].outcome, ContactOutcome::kSignposted);
  EXPECT_EQ(all[0].signposted_to, "Recycling centre");
}

TEST_P(FrontdeskPagesTest, ValidationErrorsKeepEverythingTypedAndLogNothing) {
  Browser b(*pipeline_);
  sign_in_as(b, "advisor");
  const std::string page = "/staff/contact?customer=" + std::to_string(ada_);
  const std::string id = std::to_string(ada_);
  auto missing = b.post(page, "/staff/contact",
                        "customer_id=" + id + "&reason=&channel=letter&outcome=signposted&notes=Called+twice+%3Cb%3E");
  EXPECT_EQ(missing.status, 400);
  EXPECT_TRUE(has(missing.body, "govuk-error-summary"));
  EXPECT_TRUE(has(missing.body, "<title>Error: "));
  EXPECT_TRUE(has(missing.body, "href=\"#reason\""));
  EXPECT_TRUE(has(missing.body, "href=\"#signposted_to\""));
  EXPECT_TRUE(has(missing.body, "Called twice &lt;b&gt;"));
  EXPECT_TRUE(has(missing.body, "value=\"letter\" checked"));
  EXPECT_TRUE(has(missing.body, "value=\"signposted\" checked"));
  EXPECT_TRUE(has(missing.body, "Ada Lovelace"));  // still her single view

  auto no_service = b.post(page, "/staff/contact",
                           "customer_id=" + id + "&reason=Pothole+outside&channel=telephone&outcome=case_created&category=");
  EXPECT_EQ(no_service.status, 400);
  EXPECT_TRUE(has(no_service.body, "href=\"#category\""));
  EXPECT_TRUE(has(no_service.body, "value=\"Pothole outside\""));

  auto no_place = b.post(page, "/staff/contact",
                         "customer_id=" + id + "&reason=Pothole+outside&channel=telephone&outcome=case_created&category=pothole");
  EXPECT_EQ(no_place.status, 400) << no_place.body.substr(0, 500);
  EXPECT_TRUE(has(no_place.body, "href=\"#case_address\""));

  auto bad_choice = b.post(page, "/staff/contact", "customer_id=" + id + "&reason=x&channel=pigeon&outcome=maybe");
  EXPECT_EQ(bad_choice.status, 400);
  EXPECT_TRUE(has(bad_choice.body, "href=\"#channel\""));
  EXPECT_TRUE(has(bad_choice.body, "href=\"#outcome\""));

  auto unknown = b.post(page, "/staff/contact", "customer_id=999999&reason=x&channel=telephone&outcome=transferred");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_TRUE(has(unknown.body, "href=\"#q\""));
  EXPECT_EQ(contacts().size(), 0u);
}

TEST_P(FrontdeskPagesTest, FormsWithoutTheRightTokenLogNothing) {
  Browser b(*pipeline_);
  sign_in_as(b, "advisor");
  b.get("/staff/contact");
  auto forged = b.send("POST", "/staff/contact", "csrf=0000&reason=x&channel=telephone&outcome=transferred");
  EXPECT_EQ(forged.status, 403);
  auto missing = b.send("POST", "/staff/contact", "reason=x&channel=telephone&outcome=transferred");
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(contacts().size(), 0u);
}

TEST_P(FrontdeskPagesTest, ResidentsAndCouncillorsCannotUseTheStaffPages) {
  for (std::string role : {"resident", "councillor"}) {
    Browser b(*pipeline_);
    sign_in_as(b, role);
    for (const std::string& path : std::vector<std::string>{"/staff/contact", "/staff/customers", "/staff/customers/" + std::to_string(ada_),
                             "/staff/reports", "/staff/reports/me-monthly/csv"}) {
      auto res = b.get(path);
      EXPECT_EQ(res.status, 403) << role << " " << path;
      EXPECT_FALSE(has(res.body, "Lovelace")) << role << " " << path;
    }
    auto posted = b.post("/account", "/staff/contact", "reason=x&channel=telephone&outcome=transferred");
    EXPECT_EQ(posted.status, 403) << role;
  }
  EXPECT_EQ(contacts().size(), 0u);
  Browser nobody(*pipeline_);
  auto res = nobody.get("/staff/contact");
  EXPECT_EQ(res.status, 303);
  EXPECT_EQ(res.header("Location").value_or(""), "/sign-in?next=" + http::percent_encode("/staff/contact"));
  // Reports are for leads and above: an advisor cannot see them.
  Browser advisor(*pipeline_);
  sign_in_as(advisor, "advisor");
  EXPECT_EQ(advisor.get("/staff/reports").status, 403);
  EXPECT_EQ(advisor.get("/staff/reports/me-monthly/csv").status, 403);
}

TEST_P(FrontdeskPagesTest, TheCustomerPageIsTheSingleViewWithoutRestrictedCategories) {
  Category safeguarding;
  safeguarding.code = "safeguarding";
  safeguarding.name = "Safeguarding concern";
  safeguarding.delivery_unit = "highways";
  safeguarding.sla_policy = "standard-10";
  safeguarding.restricted = true;
  safeguarding.visible_to_teams = {"roads"};
  ASSERT_TRUE(services_->catalogue.put_category(ctx(), safeguarding));
  NewCase hidden;
  hidden.category = "safeguarding";
  hidden.description = "A confidential concern";
  hidden.customer_id = ada_;
  const std::string hidden_ref = services_->cases.create(ctx(), hidden).value().c.reference;
  NewContact secret;
  secret.contact.customer_id = ada_;
  secret.contact.category = "safeguarding";
  secret.contact.reason = "Secret worry";
  ASSERT_TRUE(services_->customers.log_contact(ctx(), secret));
  NewContact plain;
  plain.contact.customer_id = ada_;
  plain.contact.reason = "Asked about parking permits";
  ASSERT_TRUE(services_->customers.log_contact(ctx(), plain));

  Browser b(*pipeline_);
  sign_in_as(b, "advisor");
  auto res = b.get("/staff/customers/" + std::to_string(ada_));
  EXPECT_EQ(res.status, 200);
  EXPECT_TRUE(has(res.body, "Ada Lovelace"));
  EXPECT_TRUE(has(res.body, "Telephone"));  // her contact preference
  EXPECT_TRUE(has(res.body, "href=\"" + esc("/staff/cases/" + open_ref_) + "\""));
  EXPECT_TRUE(has(res.body, "Asked about parking permits"));
  EXPECT_FALSE(has(res.body, hidden_ref));
  EXPECT_FALSE(has(res.body, "Secret worry"));

  EXPECT_EQ(b.get("/staff/customers/999999").status, 404);
  EXPECT_EQ(b.get("/staff/customers/abc").status, 404);
  EXPECT_EQ(b.get("/staff/customers/-1").status, 404);
  auto search = b.get("/staff/customers?q=N3+1AB");
  EXPECT_EQ(search.status, 200);
  EXPECT_TRUE(has(search.body, esc("/staff/customers/" + std::to_string(ada_))));
  auto too_long = b.get("/staff/customers?q=" + std::string(300, 'a'));
  EXPECT_EQ(too_long.status, 400);
  EXPECT_TRUE(has(too_long.body, "govuk-error-summary"));
  EXPECT_EQ(b.get("/staff/contact?customer=abc").status, 400);
}

TEST_P(FrontdeskPagesTest, AManagerSeesTheDashboardsAsTablesAndCharts) {
  Browser b(*pipeline_);
  sign_in_as(b, "manager");
  auto res = b.get("/staff/reports");
  ASSERT_EQ(res.status, 200) << res.body.substr(0, 1000);
  EXPECT_TRUE(has(res.body, "value=\"2015-04\""));  // the last twelve months by default
  EXPECT_TRUE(has(res.body, "value=\"2016-03\""));
  for (std::string id : {"me_monthly", "me_quarterly", "me_ageing", "contacts", "complaints", "satisfaction"})
    EXPECT_TRUE(has(res.body, "id=\"" + id + "\"")) << id;
  EXPECT_TRUE(has(res.body, "role=\"img\""));
  EXPECT_TRUE(has(res.body, "Contacts by channel"));
  EXPECT_TRUE(has(res.body, "<title id=\"me_monthly-chart-title\">"));
  EXPECT_TRUE(has(res.body, "<th scope=\"col\" class=\"govuk-table__header\">Month</th>"));
  EXPECT_TRUE(has(res.body, "<th scope=\"row\" class=\"govuk-table__header\">2015-09</th>"));
  EXPECT_TRUE(has(res.body, esc("/staff/reports/me-monthly/csv?from=2015-04&to=2016-03")));

  auto one_unit = b.get("/staff/reports?from=2015-06&to=2015-08&unit=highways");
  EXPECT_EQ(one_unit.status, 200);
  EXPECT_TRUE(has(one_unit.body, "From 2015-06 to 2015-08, Highways"));
  EXPECT_TRUE(has(one_unit.body, "unit=highways"));

  for (std::string bad : {"from=April&to=2016-03", "from=2016-03&to=2015-04", "from=2000-01&to=2016-03",
                          "from=2015-04&to=2016-03&unit=nowhere",
                          "from=2011-05&to=2016-04"}) {  // 60 months, but 63 once widened to quarters
    auto refused = b.get("/staff/reports?" + bad);
    EXPECT_EQ(refused.status, 400) << bad;
    EXPECT_TRUE(has(refused.body, "govuk-error-summary")) << bad;
    EXPECT_FALSE(has(refused.body, "role=\"img\"")) << bad;
  }
  EXPECT_TRUE(has(b.get("/staff/reports?from=April&to=2016-03").body, "value=\"April\""));
}

TEST_P(FrontdeskPagesTest, DownloadsAreTheSameBytesAsTheExports) {
  Browser b(*pipeline_);
  sign_in_as(b, "manager");
  RequestContext as_manager = ctx();
  ReportRequest rr{"me-monthly", {{"from", "2015-04"}, {"to", "2016-03"}}};
  const std::string expected = report::render_csv(services_->reports.run(as_manager, rr).value());
  auto csv = b.get("/staff/reports/me-monthly/csv?from=2015-04&to=2016-03");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body, expected);
  EXPECT_EQ(csv.header("Content-Type").value_or(""), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.header("Content-Disposition").value_or(""),
            "attachment; filename=\"me-monthly_2015-04_2016-03.csv\"");
  auto xlsx = b.get("/staff/reports/satisfaction/xlsx?from=2015-04&to=2016-03");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_TRUE(has(std::string(xlsx.header("Content-Disposition").value_or("")), ".xlsx\""));
  auto ageing = b.get("/staff/reports/me-ageing/csv?from=2015-04&to=2015-06&unit=highways");
  EXPECT_EQ(ageing.status, 200);
  EXPECT_TRUE(has(ageing.body, "Delivery unit,"));
  EXPECT_FALSE(has(ageing.body, "\r\nTotal,"));  // one unit: no Total row
  EXPECT_EQ(b.get("/staff/reports/me-overdue/csv").status, 404);
  EXPECT_EQ(b.get("/staff/reports/me-monthly/pdf").status, 404);
  EXPECT_EQ(b.get("/staff/reports/me-monthly/csv?from=2016-03&to=2015-04").status, 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, FrontdeskPagesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::web
