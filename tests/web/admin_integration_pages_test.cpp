// Integrations on the administration pages on every backend: a webhook is
// added with its secret shown once, changed, switched off, given a new
// secret and deleted; a service's new cases are forwarded to it and then
// not. Also: nobody but an administrator (of this council) sees or changes
// any of the administration pages added with them.
#include "admin_fixture.h"
#include "app/notifications.h"

namespace civicdesk::web {
namespace {

class AdminIntegrationPagesTest : public AdminPagesTest {};

TEST_P(AdminIntegrationPagesTest, AWebhookIsAddedWithItsSecretShownOnceAndAServiceForwardedToIt) {
  Browser b(*pipeline_);
  sign_in(b, "administrator");
  auto empty = b.get("/admin/integrations");
  ASSERT_EQ(empty.status, 200);
  EXPECT_FALSE(has(empty.body, "name=\"endpoint\""));  // nothing to forward to yet
  const std::string path = "/admin/integrations/webhooks/new";
  ASSERT_EQ(b.get(path).status, 200);

  auto bad = b.post(path, path, "name=Bad+Name&url=ftp%3A%2F%2Fhighways.example&client=");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(has(bad.body, "Enter a name of lower-case letters"));
  EXPECT_TRUE(has(bad.body, "Enter the full address"));
  EXPECT_TRUE(has(bad.body, "value=\"ftp:&#x2F;&#x2F;highways.example\""));
  auto reserved = b.post(path, path, "name=new&url=https%3A%2F%2Fhighways.example%2Fin");
  EXPECT_EQ(reserved.status, 400);
  EXPECT_TRUE(has(reserved.body, "is the name of the page for adding one"));
  auto forged = b.send("POST", path, "csrf=nope&name=highways&url=https%3A%2F%2Fhighways.example%2Fin");
  EXPECT_EQ(forged.status, 403);
  EXPECT_TRUE(services_->messages.endpoints(ctx()).value().empty());

  auto made = b.post(path, path, "name=highways&url=https%3A%2F%2Fhighways.example%2Fin&client=highways-client");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto stored = endpoint("highways");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->url, "https://highways.example/in");
  EXPECT_EQ(stored->client, "highways-client");
  EXPECT_TRUE(has(made.body, "value=\"" + stored->secret + "\""));  // shown once...
  EXPECT_TRUE(has(made.body, "It will not be shown again"));
  EXPECT_EQ(made.header("Cache-Control").value_or(""), "no-store");
  const std::string hook = "/admin/integrations/webhooks/highways";
  EXPECT_FALSE(has(b.get("/admin/integrations").body, stored->secret));  // ...and never again
  EXPECT_FALSE(has(b.get(hook).body, stored->secret));
  auto again = b.post(path, path, "name=highways&url=https%3A%2F%2Fother.example");
  EXPECT_EQ(again.status, 400);
  EXPECT_TRUE(has(again.body, "There is already a webhook with this name"));
  EXPECT_EQ(endpoint("highways")->url, "https://highways.example/in");

  // Change it and switch it off.
  auto bad_edit = b.post(hook, hook, "url=nonsense&client=&active=maybe");
  EXPECT_EQ(bad_edit.status, 400);
  EXPECT_TRUE(has(bad_edit.body, "Select whether it is on"));
  auto off = b.post(hook, hook, "url=https%3A%2F%2Fhighways.example%2Fv2&client=&active=no");
  ASSERT_EQ(off.status, 303) << off.body;
  EXPECT_FALSE(endpoint("highways")->active);
  EXPECT_EQ(endpoint("highways")->url, "https://highways.example/v2");
  EXPECT_EQ(endpoint("highways")->client, "");
  EXPECT_EQ(endpoint("highways")->secret, stored->secret);

  // A new secret, shown once.
  EXPECT_EQ(b.send("POST", hook + "/rotate", "csrf=nope").status, 403);
  EXPECT_EQ(endpoint("highways")->secret, stored->secret);
  auto rotated = b.post(hook, hook + "/rotate", "");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string fresh = endpoint("highways")->secret;
  EXPECT_NE(fresh, stored->secret);
  EXPECT_TRUE(has(rotated.body, "value=\"" + fresh + "\""));

  // Forward the missed-bin service to it; a restricted service cannot be.
  const std::string integrations = "/admin/integrations";
  auto page = b.get(integrations);
  EXPECT_TRUE(has(page.body, "name=\"endpoint\""));
  EXPECT_EQ(b.send("POST", integrations + "/forwarding", "csrf=nope&category=missed-bin&endpoint=highways").status, 403);
  auto unknown = b.post(integrations, integrations + "/forwarding", "category=missed-bin&endpoint=nope");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_TRUE(has(unknown.body, "Select a webhook from the list"));
  auto nothing = b.post(integrations, integrations + "/forwarding", "category=nope&endpoint=highways");
  EXPECT_EQ(nothing.status, 400);
  EXPECT_TRUE(has(nothing.body, "Select a service from the list"));
  EXPECT_EQ(category("missed-bin").forward_to, "");
  auto forwarded = b.post(integrations, integrations + "/forwarding", "category=missed-bin&endpoint=highways");
  ASSERT_EQ(forwarded.status, 303) << forwarded.body;
  EXPECT_EQ(category("missed-bin").forward_to, "highways");
  EXPECT_TRUE(has(b.get(integrations + "?done=forwarding_set").body, "will be forwarded"));

  // Not deleted while a service forwards to it.
  auto in_use = b.post(hook, hook + "/delete", "");
  EXPECT_EQ(in_use.status, 409);
  EXPECT_TRUE(has(in_use.body, "stop that first"));
  EXPECT_TRUE(endpoint("highways"));
  auto stopped = b.post(integrations, integrations + "/forwarding", "category=missed-bin&endpoint=");
  ASSERT_EQ(stopped.status, 303);
  EXPECT_EQ(category("missed-bin").forward_to, "");
  EXPECT_EQ(b.send("POST", hook + "/delete", "csrf=nope").status, 403);
  EXPECT_TRUE(endpoint("highways"));
  auto deleted = b.post(hook, hook + "/delete", "");
  ASSERT_EQ(deleted.status, 303) << deleted.body;
  EXPECT_FALSE(endpoint("highways"));
  EXPECT_EQ(b.get(hook).status, 404);
  EXPECT_EQ(b.post("/admin/calendar", hook + "/rotate", "").status, 404);
}

TEST_P(AdminIntegrationPagesTest, OnlyThisCouncilsAdministratorsSeeOrChangeTheNewPages) {
  ASSERT_TRUE(services_->messages.put_endpoint(ctx(), "highways", "https://highways.example/in", true, false));
  const Category bin = category("missed-bin");
  const auto policy = snapshot()->policies.at("standard-10");
  const std::vector<std::string> pages = {
      "/admin/services/new",         "/admin/services/missed-bin/questions/bin_type", "/admin/service-levels",
      "/admin/service-levels/new",   "/admin/service-levels/standard-10",             "/admin/services/missed-bin/messages",
      "/admin/services/missed-bin/messages/case_acknowledgement", "/admin/integrations/webhooks/new",
      "/admin/integrations/webhooks/highways"};
  const std::vector<std::pair<std::string, std::string>> posts = {
      {"/admin/services/new", "name=X&delivery_unit=highways&sla_policy=standard-10&active=yes&location_required=no&restricted=no"},
      {"/admin/services/missed-bin/questions/bin_type", "q_prompt=X&q_type=singlevaluelist&q_options=A&q_required=no"},
      {"/admin/services/missed-bin/questions/notes/remove", ""},
      {"/admin/services/missed-bin/questions/notes/move", "direction=up"},
      {"/admin/service-levels/standard-10", "name=X&respond_days=1&resolve_days=2&max_extension=0&clock=working_days"
                                            "&resolve_from=receipt&counting=after_receipt&holidays=council&pausable=yes"},
      {"/admin/services/missed-bin/messages/case_acknowledgement", "action=save&subject=S&body=B&sms=S"},
      {"/admin/integrations/webhooks/new", "name=other&url=https%3A%2F%2Fx.example"},
      {"/admin/integrations/webhooks/highways", "url=https%3A%2F%2Fx.example&active=no"},
      {"/admin/integrations/webhooks/highways/rotate", ""},
      {"/admin/integrations/webhooks/highways/delete", ""},
      {"/admin/integrations/forwarding", "category=missed-bin&endpoint=highways"}};
  const std::string secret = endpoint("highways")->secret;
  for (const std::string role : {"resident", "councillor", "advisor", "officer", "lead", "manager"}) {
    Browser b(*pipeline_);
    sign_in(b, role);
    for (const auto& path : pages) EXPECT_EQ(b.get(path).status, 403) << role << " " << path;
    for (const auto& [path, fields] : posts) {
      auto res = b.post("/account", path, fields);
      EXPECT_EQ(res.status, 403) << role << " " << path;
      EXPECT_FALSE(has(res.body, secret));
    }
  }
  EXPECT_EQ(category("missed-bin").questions, bin.questions);
  EXPECT_EQ(category("missed-bin").forward_to, "");
  EXPECT_EQ(snapshot()->policies.at("standard-10"), policy);
  EXPECT_EQ(snapshot()->categories.size(), 3u);
  EXPECT_EQ(endpoint("highways")->secret, secret);
  EXPECT_TRUE(endpoint("highways")->active);
  EXPECT_FALSE(endpoint("other"));
  EXPECT_EQ(services_->notifications.get_template(ctx(), "case_acknowledgement", "missed-bin").value().source, "default");
  Browser anonymous(*pipeline_);
  auto res = anonymous.get("/admin/service-levels");
  EXPECT_EQ(res.status, 303);
  EXPECT_EQ(res.header("Location").value_or(""), "/sign-in?next=%2Fadmin%2Fservice-levels");

  // Another council's service, service level and webhook are not found here.
  const testing::SmallCouncil other = testing::seed_small_council(*services_, "otherton", "OTH");
  const RequestContext there = other.ctx(clock_.now());
  Category theirs = bin;
  theirs.code = "otherton-only";
  ASSERT_TRUE(services_->catalogue.put_category(there, theirs));
  SlaPolicy their_policy = policy;
  their_policy.code = "otherton-level";
  ASSERT_TRUE(services_->catalogue.put_sla_policy(there, their_policy));
  ASSERT_TRUE(services_->messages.put_endpoint(there, "otherton-hook", "https://otherton.example", true, false));
  Browser admin(*pipeline_);
  sign_in(admin, "administrator");
  for (const std::string path : {"/admin/services/otherton-only", "/admin/services/otherton-only/messages",
                                 "/admin/services/otherton-only/questions/bin_type", "/admin/service-levels/otherton-level",
                                 "/admin/integrations/webhooks/otherton-hook"})
    EXPECT_EQ(admin.get(path).status, 404) << path;
  EXPECT_EQ(admin.post("/admin/calendar", "/admin/integrations/webhooks/otherton-hook/delete", "").status, 404);
  EXPECT_EQ(admin.post("/admin/calendar", "/admin/services/otherton-only/questions/bin_type/remove", "").status, 404);
  auto forward = admin.post("/admin/integrations", "/admin/integrations/forwarding", "category=missed-bin&endpoint=otherton-hook");
  EXPECT_EQ(forward.status, 400);
  EXPECT_EQ(category("missed-bin").forward_to, "");
  const auto still = services_->messages.endpoints(there).value();
  ASSERT_EQ(still.size(), 1u);
  EXPECT_EQ(services_->catalogue.snapshot(there).value()->categories.at("otherton-only").questions.size(),
            bin.questions.size());
}

INSTANTIATE_TEST_SUITE_P(Backends, AdminIntegrationPagesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::web
