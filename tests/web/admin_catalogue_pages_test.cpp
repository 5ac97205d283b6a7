// The service catalogue's administration pages on every backend: adding a
// service, changing, reordering and removing its questions (existing cases'
// answers stay readable), service levels, and a service's own message
// wording. Each form: the happy path, errors keeping what was typed and
// changing nothing, a bad token changing nothing, unknown references 404.
#include "admin_fixture.h"
#include "app/notifications.h"

namespace civicdesk::web {
namespace {

class AdminCataloguePagesTest : public AdminPagesTest {
 protected:
  // A resident's missed-bin case with both questions answered.
  std::string bin_case(const std::string& bin) {
    NewCase n;
    n.category = "missed-bin";
    n.description = "Not collected";
    n.customer_id = resident_;
    n.answers = {{"bin_type", {bin}}, {"notes", {"By the gate"}}};
    auto made = services_->cases.create(ctx(), n);
    EXPECT_TRUE(made) << made.error().message;
    return made ? made->c.reference : "";
  }
  Answers answers(const std::string& reference) { return services_->cases.get(ctx(), reference).value().c.answers; }
};

TEST_P(AdminCataloguePagesTest, AnAdministratorAddsAService) {
  Browser b(*pipeline_);
  sign_in(b, "administrator");
  const std::string path = "/admin/services/new";
  auto form = b.get(path);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(has(form.body, "name=\"code\""));
  // The long list of teams is folded away until needed.
  EXPECT_TRUE(has(form.body, "<details class=\"govuk-details\">"));
  EXPECT_LT(form.body.find("<details class=\"govuk-details\">"), form.body.find("name=\"teams\""));
  EXPECT_TRUE(has(b.get("/admin/services").body, "href=\"/admin/services/new\""));
  const size_t before = snapshot()->categories.size();

  auto bad = b.post(path, path, "name=&code=Bad+Code%21&description=&parent=nope&delivery_unit=nope&sla_policy=nope"
                                "&active=yes&location_required=maybe");
  EXPECT_EQ(bad.status, 400);
  for (auto message : {"Enter a name", "Enter a code of lower-case letters", "Select a service from the list",
                       "Select who deals with it", "Select a service level", "Select whether residents must say where",
                       "Select whether the service is restricted"})
    EXPECT_TRUE(has(bad.body, message)) << message;
  EXPECT_TRUE(has(bad.body, "value=\"Bad Code!\""));
  EXPECT_TRUE(has(bad.body, "href=\"#location_required\""));
  auto taken = b.post(path, path, "name=Bins&code=missed-bin&delivery_unit=street-scene&sla_policy=standard-10"
                                  "&active=yes&location_required=no&restricted=no");
  EXPECT_EQ(taken.status, 400);
  EXPECT_TRUE(has(taken.body, "There is already a service with this code"));
  auto reserved = b.post(path, path, "name=New&delivery_unit=street-scene&sla_policy=standard-10"
                                     "&active=yes&location_required=no&restricted=no");
  EXPECT_EQ(reserved.status, 400);
  EXPECT_TRUE(has(reserved.body, "is the name of the page for adding one"));
  auto no_teams = b.post(path, path, "name=Safeguarding&delivery_unit=street-scene&sla_policy=standard-10"
                                     "&active=yes&location_required=no&restricted=yes");
  EXPECT_EQ(no_teams.status, 400);
  EXPECT_TRUE(has(no_teams.body, "Select the teams who can see its cases"));
  EXPECT_TRUE(has(no_teams.body, "<details class=\"govuk-details\" open>"));
  auto forged = b.send("POST", path, "csrf=nope&name=Graffiti&delivery_unit=highways&sla_policy=standard-10"
                                     "&active=yes&location_required=yes&restricted=no");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(snapshot()->categories.size(), before);

  auto made = b.post(path, path, "name=Graffiti+%3Cremoval%3E&code=&description=Paint+on+walls&parent=&delivery_unit=highways"
                                 "&sla_policy=complaint&active=yes&location_required=yes&restricted=no");
  ASSERT_EQ(made.status, 303) << made.body;
  EXPECT_EQ(made.header("Location").value_or(""), "/admin/services/graffiti-removal?done=service_created");
  const Category c = category("graffiti-removal");
  EXPECT_EQ(c.name, "Graffiti <removal>");
  EXPECT_EQ(c.description, "Paint on walls");
  EXPECT_EQ(c.delivery_unit, "highways");
  EXPECT_EQ(c.sla_policy, "complaint");
  EXPECT_TRUE(c.active);
  EXPECT_TRUE(c.location_required);
  EXPECT_FALSE(c.restricted);
  auto page = b.get("/admin/services/graffiti-removal?done=service_created");
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, "The service has been added"));
  EXPECT_TRUE(has(page.body, "Graffiti &lt;removal&gt;"));

  auto restricted = b.post(path, path, "name=Safeguarding&code=safeguarding&delivery_unit=street-scene"
                                       "&sla_policy=standard-10&active=yes&location_required=no&restricted=yes&teams=waste");
  ASSERT_EQ(restricted.status, 303) << restricted.body;
  EXPECT_TRUE(category("safeguarding").restricted);
  EXPECT_EQ(category("safeguarding").visible_to_teams, std::vector<std::string>{"waste"});
  // Editing it keeps what the form leaves out (the existing form's fields).
  auto renamed = b.post("/admin/services/safeguarding", "/admin/services/safeguarding",
                        "name=Safeguarding+adults&active=yes&sla_policy=standard-10&delivery_unit=street-scene");
  EXPECT_EQ(renamed.status, 303) << renamed.body;
  EXPECT_EQ(category("safeguarding").name, "Safeguarding adults");
  EXPECT_TRUE(category("safeguarding").restricted);
}

TEST_P(AdminCataloguePagesTest, ChangingAQuestionKeepsExistingAnswersReadable) {
  const std::string ref = bin_case("recycling");
  Browser b(*pipeline_);
  sign_in(b, "administrator");
  const std::string service = "/admin/services/missed-bin";
  const std::string path = service + "/questions/bin_type";
  auto listed = b.get(service);
  EXPECT_TRUE(has(listed.body, "href=\"&#x2F;admin&#x2F;services&#x2F;missed-bin&#x2F;questions&#x2F;bin_type\""))
      << listed.body;
  auto form = b.get(path);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(has(form.body, "value=\"Which bin was missed?\""));
  EXPECT_TRUE(has(form.body, "General waste\nRecycling</textarea>"));
  const Category before = category("missed-bin");

  // A kind whose answers read differently, no choices, nothing required: errors.
  auto bad = b.post(path, path, "q_prompt=&q_type=number&q_options=&q_required=");
  EXPECT_EQ(bad.status, 400);
  for (auto message : {"Enter the question", "Choose a kind of answer that reads the same",
                       "Select whether residents must answer it"})
    EXPECT_TRUE(has(bad.body, message)) << message;
  auto no_choices = b.post(path, path, "q_prompt=Which+bin%3F&q_type=multivaluelist&q_options=+%0A&q_required=yes");
  EXPECT_EQ(no_choices.status, 400);
  EXPECT_TRUE(has(no_choices.body, "Enter the choices"));
  EXPECT_TRUE(has(no_choices.body, "value=\"Which bin?\""));
  auto forged = b.send("POST", path, "csrf=nope&q_prompt=X&q_type=singlevaluelist&q_options=A&q_required=no");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(category("missed-bin").questions, before.questions);

  // Recycling keeps its key; "General waste" goes, and a new "refuse" may
  // not take its old key.
  auto saved = b.post(path, path, "q_prompt=Which+bins+were+missed%3F&q_type=multivaluelist"
                                  "&q_options=Recycling%0Arefuse%0AGarden+waste&q_required=no");
  ASSERT_EQ(saved.status, 303) << saved.body;
  const Question q = category("missed-bin").questions.front();
  EXPECT_EQ(q.code, "bin_type");
  EXPECT_EQ(q.prompt, "Which bins were missed?");
  EXPECT_EQ(q.type, QuestionType::kMultiValueList);
  EXPECT_FALSE(q.required);
  ASSERT_EQ(q.options.size(), 3u);
  EXPECT_EQ(q.options[0].key, "recycling");
  EXPECT_EQ(q.options[1].key, "refuse_2");
  EXPECT_EQ(q.options[2].key, "garden_waste");
  // The case reported before still reads "Recycling".
  EXPECT_EQ(answers(ref).at("bin_type"), std::vector<std::string>{"recycling"});

  // Reorder: "Anything else?" goes first.
  auto forged_move = b.send("POST", service + "/questions/notes/move", "csrf=nope&direction=up");
  EXPECT_EQ(forged_move.status, 403);
  auto moved = b.post(service, service + "/questions/notes/move", "direction=up");
  ASSERT_EQ(moved.status, 303) << moved.body;
  EXPECT_EQ(moved.header("Location").value_or(""), service + "?done=question_moved#questions");
  EXPECT_TRUE(has(b.get(service + "?done=question_moved").body, "The question has been moved"));
  auto qs = category("missed-bin").questions;
  std::sort(qs.begin(), qs.end(), [](const Question& a, const Question& z) { return a.order < z.order; });
  ASSERT_EQ(qs.size(), 2u);
  EXPECT_EQ(qs[0].code, "notes");
  EXPECT_EQ(qs[1].code, "bin_type");
  EXPECT_EQ(b.post(service, service + "/questions/notes/move", "direction=sideways").status, 400);

  // Remove: residents are no longer asked; the case keeps its answer.
  auto forged_remove = b.send("POST", service + "/questions/notes/remove", "csrf=nope");
  EXPECT_EQ(forged_remove.status, 403);
  EXPECT_EQ(category("missed-bin").questions.size(), 2u);
  auto removed = b.post(service + "/questions/notes", service + "/questions/notes/remove", "");
  ASSERT_EQ(removed.status, 303) << removed.body;
  ASSERT_EQ(category("missed-bin").questions.size(), 1u);
  EXPECT_EQ(answers(ref).at("notes"), std::vector<std::string>{"By the gate"});
  Browser r(*pipeline_);
  ASSERT_EQ(r.post("/sign-in", "/sign-in", "email=resident%40testshire.gov.uk&password=correct+horse+battery+resident").status,
            303);
  auto asked = r.post("/report", "/report", "step=category&category=missed-bin");
  EXPECT_TRUE(has(asked.body, "Which bins were missed?"));
  EXPECT_FALSE(has(asked.body, "Anything else?"));

  EXPECT_EQ(b.get(service + "/questions/notes").status, 404);
  EXPECT_EQ(b.post(service, service + "/questions/notes/remove", "").status, 404);
  EXPECT_EQ(b.get("/admin/services/nope/questions/bin_type").status, 404);
}

TEST_P(AdminCataloguePagesTest, AnAdministratorAddsAndChangesAServiceLevel) {
  Browser b(*pipeline_);
  sign_in(b, "administrator");
  auto list = b.get("/admin/service-levels");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(has(list.body, "href=\"&#x2F;admin&#x2F;service-levels&#x2F;standard-10\""));
  const std::string path = "/admin/service-levels/new";
  ASSERT_EQ(b.get(path).status, 200);
  const size_t before = snapshot()->policies.size();
  const std::string rest = "&clock=working_days&resolve_from=receipt&counting=from_next_working_day&holidays=council&pausable=yes";

  auto bad = b.post(path, path, "name=&code=&respond_days=five&resolve_days=400&max_extension=-1&clock=weekly");
  EXPECT_EQ(bad.status, 400);
  for (auto message : {"Enter a name", "Enter a whole number of working days", "Select one"})
    EXPECT_TRUE(has(bad.body, message)) << message;
  EXPECT_TRUE(has(bad.body, "value=\"five\""));
  auto shorter = b.post(path, path, "name=Quick&respond_days=10&resolve_days=5&max_extension=0" + rest);
  EXPECT_EQ(shorter.status, 400);
  EXPECT_TRUE(has(shorter.body, "cannot be shorter than the first-response target"));
  auto forged = b.send("POST", path, "csrf=nope&name=Quick&respond_days=1&resolve_days=5&max_extension=0" + rest);
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(snapshot()->policies.size(), before);

  auto made = b.post(path, path, "name=Urgent+%285+days%29&code=&respond_days=1&resolve_days=5&max_extension=2" + rest);
  ASSERT_EQ(made.status, 303) << made.body;
  const SlaPolicy p = snapshot()->policies.at("urgent-5-days");
  EXPECT_EQ(p.name, "Urgent (5 days)");
  EXPECT_EQ(p.respond_days, 1);
  EXPECT_EQ(p.resolve_days, 5);
  EXPECT_EQ(p.max_extension, 2);
  EXPECT_TRUE(p.pausable);
  EXPECT_TRUE(has(b.get("/admin/service-levels?done=level_created").body, "The service level has been added"));

  const std::string edit = "/admin/service-levels/urgent-5-days";
  EXPECT_TRUE(has(b.get(edit).body, "Used by 0 service(s)"));
  auto changed = b.post(edit, edit, "name=Urgent&respond_days=2&resolve_days=3&max_extension=0&clock=working_days"
                                    "&resolve_from=response&counting=after_receipt&holidays=all_uk&pausable=no");
  ASSERT_EQ(changed.status, 303) << changed.body;
  const SlaPolicy q = snapshot()->policies.at("urgent-5-days");
  EXPECT_EQ(q.name, "Urgent");
  EXPECT_EQ(q.resolve_from, ResolveFrom::kResponse);
  EXPECT_EQ(q.counting, CountingRule::kAfterReceipt);
  EXPECT_EQ(q.holidays, HolidaySet::kAllUk);
  EXPECT_FALSE(q.pausable);
  auto needs_respond = b.post(edit, edit, "name=Urgent&respond_days=0&resolve_days=3&max_extension=0&clock=working_days"
                                          "&resolve_from=response&counting=after_receipt&holidays=all_uk&pausable=no");
  EXPECT_EQ(needs_respond.status, 400);
  EXPECT_TRUE(has(needs_respond.body, "needs a first-response target"));
  EXPECT_EQ(snapshot()->policies.at("urgent-5-days").respond_days, 2);
  EXPECT_EQ(b.get("/admin/service-levels/nope").status, 404);
  EXPECT_EQ(b.post(edit, "/admin/service-levels/nope", "name=X").status, 404);
}

TEST_P(AdminCataloguePagesTest, AServiceHasItsOwnWordingUntilItIsReset) {
  Browser b(*pipeline_);
  sign_in(b, "administrator");
  auto view = [&](const std::string& category) {
    return services_->notifications.get_template(ctx(), "case_acknowledgement", category).value();
  };
  const std::string list = "/admin/services/missed-bin/messages";
  auto page = b.get(list);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(has(page.body, "own wording for 0 message(s)"));
  const std::string path = list + "/case_acknowledgement";
  auto form = b.get(path);
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(has(form.body, "uses the council&#39;s wording") || has(form.body, "uses the council's wording"));
  EXPECT_FALSE(has(form.body, "/reset"));

  auto preview = b.post(path, path, "action=preview&subject=Bins+((reference))&body=About+your+bin.&sms=Bin+((reference))");
  EXPECT_EQ(preview.status, 200);
  EXPECT_TRUE(has(preview.body, "How the message will look"));
  EXPECT_EQ(view("missed-bin").source, "default");
  auto bad = b.post(path, path, "action=save&subject=Bins+((nonsense))&body=B&sms=S");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(has(bad.body, "value=\"Bins ((nonsense))\""));
  auto forged = b.send("POST", path, "csrf=nope&action=save&subject=S&body=B&sms=S");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(view("missed-bin").source, "default");

  auto saved = b.post(path, path, "action=save&subject=Bins+((reference))&body=About+your+bin.&sms=Bin+((reference))");
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.header("Location").value_or(""), list + "?saved=1");
  EXPECT_EQ(view("missed-bin").source, "category");
  EXPECT_EQ(view("missed-bin").text.subject, "Bins ((reference))");
  EXPECT_EQ(view("").source, "default");   // the council's is untouched
  EXPECT_EQ(view("pothole").source, "default");  // and other services'
  EXPECT_TRUE(has(b.get(list).body, "own wording for 1 message(s)"));
  auto own = b.get(path);
  EXPECT_TRUE(has(own.body, "has its own wording"));
  EXPECT_TRUE(has(own.body, "case_acknowledgement&#x2F;reset"));

  auto forged_reset = b.send("POST", path + "/reset", "csrf=nope");
  EXPECT_EQ(forged_reset.status, 403);
  EXPECT_EQ(view("missed-bin").source, "category");
  auto reset = b.post(path, path + "/reset", "");
  ASSERT_EQ(reset.status, 303) << reset.body;
  EXPECT_EQ(view("missed-bin").source, "default");
  EXPECT_EQ(view("missed-bin").text, view("").text);
  EXPECT_TRUE(has(b.get(list + "?done=template_reset").body, "council&#39;s wording for that message"));
  // The council's own wording is what a reset service then gets.
  auto council = b.post("/admin/templates/case_acknowledgement", "/admin/templates/case_acknowledgement",
                        "action=save&subject=Council+((reference))&body=From+the+council.&sms=Council+((reference))");
  ASSERT_EQ(council.status, 303);
  EXPECT_EQ(view("missed-bin").text.subject, "Council ((reference))");
  EXPECT_EQ(view("missed-bin").source, "council");

  EXPECT_EQ(b.get("/admin/services/nope/messages").status, 404);
  EXPECT_EQ(b.get(list + "/no_such_message").status, 404);
  EXPECT_EQ(b.post(path, "/admin/services/nope/messages/case_acknowledgement/reset", "").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminCataloguePagesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::web
