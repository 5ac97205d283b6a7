// The administrators' pages (/admin) through the real request pipeline on
// every backend: only administrators see or change anything (others get a
// 403 page and nothing changes), forms refuse bad tokens and bad input
// keeping what was typed, and each change is the use case's (audited).
#include "admin_fixture.h"
#include "app/notifications.h"
#include "http/parse/query.h"

namespace civicdesk::web {
namespace {

TEST_P(AdminPagesTest, OnlyAdministratorsSeeOrChangeAnything) {
  const Id officer = user("officer").id;
  const size_t before = days().size();
  for (const std::string role : {"resident", "councillor", "advisor", "officer", "lead", "manager"}) {
    Browser b(*pipeline_);
    sign_in(b, role);
    for (const std::string& path : std::vector<std::string>{"/admin", "/admin/users", "/admin/users/" + std::to_string(officer), "/admin/calendar",
                                                            "/admin/services", "/admin/services/missed-bin",
                                                            "/admin/templates", "/admin/templates/case_acknowledgement",
                                                            "/admin/users/new", "/admin/integrations"}) {
      auto res = b.get(path);
      EXPECT_EQ(res.status, 403) << role << " " << path;
      EXPECT_TRUE(has(res.body, "Only the council&#39;s administrators") || has(res.body, "Only the council's administrators"))
          << res.body.substr(0, 300);
    }
    // A form token from a page they may see.
    auto changed = b.post("/account", "/admin/users/" + std::to_string(officer), "role=administrator&active=yes");
    EXPECT_EQ(changed.status, 403) << role;
    auto added = b.post("/account", "/admin/calendar", "date-day=27&date-month=12&date-year=2016&title=Closed");
    EXPECT_EQ(added.status, 403) << role;
    auto renamed = b.post("/account", "/admin/services/missed-bin", "name=Renamed&active=no");
    EXPECT_EQ(renamed.status, 403) << role;
    auto invited = b.post("/account", "/admin/users/new", "name=Eve&email=eve%40testshire.gov.uk&role=administrator");
    EXPECT_EQ(invited.status, 403) << role;
  }
  EXPECT_EQ(user("officer").role, Role::kOfficer);
  EXPECT_EQ(days().size(), before);
  EXPECT_EQ(category("missed-bin").name, original_bin_name_);
  EXPECT_EQ(user("eve").id, 0);
  Browser anonymous(*pipeline_);
  auto res = anonymous.get("/admin/users");
  EXPECT_EQ(res.status, 303);
  EXPECT_EQ(res.header("Location").value_or(""), "/sign-in?next=%2Fadmin%2Fusers");
}

TEST_P(AdminPagesTest, AnAdministratorChangesARoleAndDeactivatesAnAccount) {
  Browser b(*pipeline_);
  sign_in(b, "administrator");
  auto index = b.get("/admin");
  EXPECT_EQ(index.status, 200);
  EXPECT_TRUE(has(index.body, "href=\"/admin/users\""));
  auto list = b.get("/admin/users");
  EXPECT_EQ(list.status, 200);
  const User officer = user("officer");
  EXPECT_TRUE(has(list.body, "officer@testshire.gov.uk"));
  EXPECT_TRUE(has(list.body, "href=\"&#x2F;admin&#x2F;users&#x2F;" + std::to_string(officer.id) + "\""));
  const std::string path = "/admin/users/" + std::to_string(officer.id);
  auto form = b.get(path);
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(has(form.body, "value=\"officer\" checked"));

  // Nothing chosen, or a role from outside the staff: errors, nothing changed.
  auto empty = b.post(path, path, "role=councillor");
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(has(empty.body, "Select a staff role"));
  EXPECT_TRUE(has(empty.body, "Select whether this person can sign in"));
  EXPECT_TRUE(has(empty.body, "href=\"#role\""));
  EXPECT_EQ(user("officer").role, Role::kOfficer);

  auto saved = b.post(path, path, "role=lead&active=no");
  EXPECT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.header("Location").value_or(""), "/admin/users?saved=1");
  EXPECT_EQ(user("officer").role, Role::kLead);
  EXPECT_FALSE(user("officer").active);
  EXPECT_TRUE(has(b.get("/admin/users?saved=1").body, "The changes have been saved"));
  // The deactivated officer can no longer sign in.
  Browser o(*pipeline_);
  auto refused = o.post("/sign-in", "/sign-in", "email=officer%40testshire.gov.uk&password=correct+horse+battery+officer");
  EXPECT_EQ(refused.status, 400);

  // A resident's account has no role to choose, only whether it is active.
  const std::string resident = "/admin/users/" + std::to_string(user("resident").id);
  auto r = b.get(resident);
  EXPECT_FALSE(has(r.body, "name=\"role\""));
  auto bad = b.post(resident, resident, "active=maybe");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(user("resident").active);

  // Without the right token: nothing changed.
  auto forged = b.send("POST", path, "csrf=nope&role=administrator&active=yes");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(user("officer").role, Role::kLead);
  // Unknown users.
  EXPECT_EQ(b.get("/admin/users/999999").status, 404);
  EXPECT_EQ(b.get("/admin/users/abc").status, 404);
  EXPECT_EQ(b.post(path, "/admin/users/999999", "role=lead&active=yes").status, 404);
}

TEST_P(AdminPagesTest, AnAdministratorAddsAndRemovesANonWorkingDay) {
  Browser b(*pipeline_);
  sign_in(b, "administrator");
  const size_t before = days().size();
  auto page = b.get("/admin/calendar");
  EXPECT_EQ(page.status, 200);

  auto bad = b.post("/admin/calendar", "/admin/calendar", "date-day=31&date-month=2&date-year=2016&title=");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(has(bad.body, "Enter a real date"));
  EXPECT_TRUE(has(bad.body, "Enter a name for the day"));
  EXPECT_TRUE(has(bad.body, "name=\"date-day\" type=\"text\" inputmode=\"numeric\" value=\"31\""));
  EXPECT_EQ(days().size(), before);

  auto added = b.post("/admin/calendar", "/admin/calendar",
                      "date-day=29&date-month=12&date-year=2016&title=Council+%3Cclosure%3E+day");
  EXPECT_EQ(added.status, 303) << added.body;
  EXPECT_EQ(days().size(), before + 1);
  auto listed = b.get("/admin/calendar?added=1");
  EXPECT_TRUE(has(listed.body, "29 December 2016"));
  EXPECT_TRUE(has(listed.body, "Council &lt;closure&gt; day"));
  EXPECT_TRUE(has(listed.body, "The day has been added"));
  // The calendar deadlines use is the changed one.
  const auto snap = services_->catalogue.snapshot(council_.ctx(clock_.now())).value();
  EXPECT_FALSE(snap->council_calendar.is_working_day(*parse_date("2016-12-29")));

  auto twice = b.post("/admin/calendar", "/admin/calendar", "date-day=29&date-month=12&date-year=2016&title=Again");
  EXPECT_EQ(twice.status, 409);
  EXPECT_TRUE(has(twice.body, "already a non-working day"));
  EXPECT_EQ(days().size(), before + 1);

  auto forged = b.send("POST", "/admin/calendar/remove", "csrf=nope&date=2016-12-29");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(days().size(), before + 1);
  auto removed = b.post("/admin/calendar", "/admin/calendar/remove", "date=2016-12-29");
  EXPECT_EQ(removed.status, 303);
  EXPECT_EQ(days().size(), before);
  EXPECT_EQ(b.post("/admin/calendar", "/admin/calendar/remove", "date=2016-12-29").status, 404);
  EXPECT_EQ(b.post("/admin/calendar", "/admin/calendar/remove", "date=nonsense").status, 404);
}

TEST_P(AdminPagesTest, AnAdministratorRenamesAServiceClosesItAndMovesIt) {
  Browser b(*pipeline_);
  sign_in(b, "administrator");
  const auto snap = services_->catalogue.snapshot(council_.ctx(clock_.now())).value();
  const Category before = category("missed-bin");
  std::string other_unit, other_policy;
  for (const auto& [code, _] : snap->delivery_units)
    if (code != before.delivery_unit) other_unit = code;
  for (const auto& [code, _] : snap->policies)
    if (code != before.sla_policy) other_policy = code;
  ASSERT_FALSE(other_unit.empty());
  ASSERT_FALSE(other_policy.empty());

  auto list = b.get("/admin/services");
  EXPECT_EQ(list.status, 200);
  EXPECT_TRUE(has(list.body, before.name));
  const std::string path = "/admin/services/missed-bin";
  auto form = b.get(path);
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(has(form.body, "value=\"" + before.sla_policy + "\" selected"));

  auto bad = b.post(path, path, "name=+&active=maybe&sla_policy=nope&delivery_unit=nope");
  EXPECT_EQ(bad.status, 400);
  for (auto message : {"Enter a name", "Select whether new reports can be made", "Select a service level",
                       "Select who deals with it"})
    EXPECT_TRUE(has(bad.body, message)) << message;
  EXPECT_EQ(category("missed-bin").name, before.name);

  auto saved = b.post(path, path, "name=Bin+not+collected+%3Cb%3E&active=no&sla_policy=" + other_policy +
                                      "&delivery_unit=" + other_unit);
  EXPECT_EQ(saved.status, 303) << saved.body;
  const Category after = category("missed-bin");
  EXPECT_EQ(after.name, "Bin not collected <b>");
  EXPECT_FALSE(after.active);
  EXPECT_EQ(after.sla_policy, other_policy);
  EXPECT_EQ(after.delivery_unit, other_unit);
  EXPECT_EQ(after.questions.size(), before.questions.size());  // untouched
  EXPECT_TRUE(has(b.get("/admin/services?saved=1").body, "Bin not collected &lt;b&gt;"));

  auto forged = b.send("POST", path, "csrf=nope&name=Other&active=yes&sla_policy=" + before.sla_policy +
                                         "&delivery_unit=" + before.delivery_unit);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(category("missed-bin").name, "Bin not collected <b>");
  EXPECT_EQ(b.get("/admin/services/no-such-thing").status, 404);
}

TEST_P(AdminPagesTest, AnAdministratorAddsAQuestionThatResidentsAreThenAsked) {
  Browser b(*pipeline_);
  sign_in(b, "administrator");
  const std::string path = "/admin/services/missed-bin";
  const size_t before = category("missed-bin").questions.size();
  auto bad = b.post(path, path + "/questions", "q_prompt=Which+colour%3F&q_type=singlevaluelist&q_options=%0A+%0A");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(has(bad.body, "Enter the choices, one on each line"));
  EXPECT_TRUE(has(bad.body, "Select whether residents must answer it"));
  EXPECT_TRUE(has(bad.body, "value=\"Which colour?\""));
  auto none = b.post(path, path + "/questions", "q_prompt=&q_type=datetime&q_required=no");
  EXPECT_EQ(none.status, 400);
  EXPECT_TRUE(has(none.body, "Enter the question"));
  EXPECT_TRUE(has(none.body, "Select the kind of answer"));
  EXPECT_EQ(category("missed-bin").questions.size(), before);
  auto forged = b.send("POST", path + "/questions", "csrf=nope&q_prompt=X&q_type=string&q_required=no");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(category("missed-bin").questions.size(), before);

  auto added = b.post(path, path + "/questions",
                      "q_prompt=Which+colour+is+the+lid%3F&q_type=singlevaluelist&q_options=Green%0ABlue%0ABlue&q_required=yes");
  EXPECT_EQ(added.status, 303) << added.body;
  const Category after = category("missed-bin");
  ASSERT_EQ(after.questions.size(), before + 1);
  const Question& q = after.questions.back();
  EXPECT_EQ(q.code, "which_colour_is_the_lid");
  EXPECT_EQ(q.type, QuestionType::kSingleValueList);
  EXPECT_TRUE(q.required);
  ASSERT_EQ(q.options.size(), 2u);  // the same words twice are one choice
  EXPECT_EQ(q.options[0].key, "green");
  EXPECT_EQ(q.options[1].key, "blue");
  EXPECT_TRUE(has(b.get(path + "?added=1").body, "The question has been added"));
  // A resident reporting a missed bin is asked it.
  Browser r(*pipeline_);
  auto signed_in = r.post("/sign-in", "/sign-in", "email=resident%40testshire.gov.uk&password=correct+horse+battery+resident");
  ASSERT_EQ(signed_in.status, 303);
  auto questions = r.post("/report", "/report", "step=category&category=missed-bin");
  EXPECT_TRUE(has(questions.body, "Which colour is the lid?")) << questions.body.substr(0, 500);
}

TEST_P(AdminPagesTest, AnAdministratorPreviewsAndSavesANotificationTemplate) {
  Browser b(*pipeline_);
  sign_in(b, "administrator");
  auto current = [&] {
    return services_->notifications.get_template(council_.ctx(clock_.now()), "case_acknowledgement", "").value();
  };
  const TemplateView before = current();
  EXPECT_EQ(before.source, "default");
  auto list = b.get("/admin/templates");
  EXPECT_EQ(list.status, 200);
  EXPECT_TRUE(has(list.body, "case_acknowledgement"));
  const std::string path = "/admin/templates/case_acknowledgement";
  auto form = b.get(path);
  EXPECT_EQ(form.status, 200);
  EXPECT_TRUE(has(form.body, "((reference))"));

  // Preview: the sample values filled in, nothing saved.
  auto preview = b.post(path, path, "action=preview&subject=We+have+your+report+((reference))"
                                    "&body=Thank+you.%0AYour+reference+is+((reference)).&sms=Ref+((reference))");
  EXPECT_EQ(preview.status, 200) << preview.body;
  EXPECT_TRUE(has(preview.body, "How the message will look"));
  // The text as typed, line by line, placeholders shown where the details go.
  EXPECT_TRUE(has(preview.body, "<p class=\"govuk-body govuk-!-font-weight-bold\">We have your report ((reference))</p>"));
  EXPECT_TRUE(has(preview.body, "<p class=\"govuk-body\">Your reference is ((reference)).</p>"));
  EXPECT_TRUE(has(preview.body, "value=\"We have your report ((reference))\""));  // the form keeps the text
  EXPECT_EQ(current().text, before.text);

  // An unknown placeholder: a field error, the text kept, nothing saved.
  auto bad = b.post(path, path, "action=save&subject=Hello+((nonsense))&body=Body&sms=Hi");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(has(bad.body, "use only the placeholders listed"));
  EXPECT_TRUE(has(bad.body, "value=\"Hello ((nonsense))\""));
  auto empty = b.post(path, path, "action=save&subject=&body=&sms=");
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(has(empty.body, "Enter a subject"));
  EXPECT_TRUE(has(empty.body, "Enter the text message"));
  EXPECT_EQ(current().text, before.text);

  auto forged = b.send("POST", path, "csrf=nope&action=save&subject=S&body=B&sms=");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(current().text, before.text);

  auto saved = b.post(path, path, "action=save&subject=We+have+your+report+((reference))&body=Thank+you.&sms=Ref+((reference))");
  EXPECT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(current().text.subject, "We have your report ((reference))");
  EXPECT_EQ(current().source, "council");
  EXPECT_EQ(b.get("/admin/templates/no_such_message").status, 404);
}

TEST_P(AdminPagesTest, AnAdministratorInvitesAMemberOfStaff) {
  Browser b(*pipeline_);
  sign_in(b, "administrator");
  const std::string path = "/admin/users/new";
  EXPECT_EQ(b.get(path).status, 200);
  auto bad = b.post(path, path, "name=&email=not-an-email&role=councillor&officer=999999");
  EXPECT_EQ(bad.status, 400);
  for (auto message : {"Enter their full name", "Enter an email address in the correct format", "Select a staff role",
                       "Select an officer from the list"})
    EXPECT_TRUE(has(bad.body, message)) << message;
  EXPECT_TRUE(has(bad.body, "value=\"not-an-email\""));
  auto taken = b.post(path, path, "name=Someone&email=officer%40testshire.gov.uk&role=officer");
  EXPECT_EQ(taken.status, 409);
  EXPECT_TRUE(has(taken.body, "already an account"));
  EXPECT_EQ(user("eve").id, 0);

  auto made = b.post(path, path, "name=Eve+Example&email=eve%40testshire.gov.uk&role=advisor");
  EXPECT_EQ(made.status, 303) << made.body;
  EXPECT_EQ(made.header("Location").value_or(""), "/admin/users?invited=1");
  const User eve = user("eve");
  EXPECT_EQ(eve.name, "Eve Example");
  EXPECT_EQ(eve.role, Role::kAdvisor);
  EXPECT_TRUE(eve.active);
  EXPECT_TRUE(has(b.get("/admin/users?invited=1").body, "an invitation sent"));
}

TEST_P(AdminPagesTest, IntegrationsAreShownWithoutTheirSecrets) {
  auto secret = services_->messages.put_endpoint(council_.ctx(clock_.now()), "highways-system",
                                                 "https://highways.example/civicdesk", true, false);
  ASSERT_TRUE(secret) << secret.error().message;
  Browser b(*pipeline_);
  sign_in(b, "administrator");
  auto page = b.get("/admin/integrations");
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, "highways-system"));
  EXPECT_TRUE(has(page.body, "highways.example"));
  const std::string& key = secret->endpoint.secret;
  ASSERT_GE(key.size(), 16u);
  EXPECT_FALSE(has(page.body, key)) << "the secret is never shown";
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminPagesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::web
