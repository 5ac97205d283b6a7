// The links residents follow from their messages, through the real server on
// each backend: a case created over the API queues an acknowledgement whose
// unsubscribe link works without signing in; closing it queues a survey whose
// one-click rating is echoed by GET and recorded once by POST; bad tokens,
// ratings and repeats are refused clearly and change nothing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

#include "support/test_server.h"

namespace civicdesk::testing {
namespace {

using nlohmann::json;

const std::string kAnonymous = "X-Anonymous: 1";

class NotificationsHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  NotificationsHttpTest() : server_(GetParam()) {}

  // A case for a new customer with an email address; its reference.
  std::string new_case() {
    HttpResult c = server_.post("/api/v1/customers",
                                json{{"given_name", "Ada"}, {"family_name", "Lovelace"},
                                     {"emails", {{{"address", "ada@example.org"}}}}}
                                    .dump());
    EXPECT_EQ(c.status, 201) << c.body;
    customer_ = json::parse(c.body)["id"].get<Id>();
    HttpResult r = server_.post(
        "/api/v1/cases",
        json{{"category", "general"}, {"description", "Broken bench"}, {"customer_id", customer_}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["reference"].get<std::string>();
  }

  // The bodies queued for the customer, oldest first.
  std::vector<OutboxMessage> messages() {
    OutboxFilter f;
    f.recipients = {"ada@example.org"};
    auto m = server_.db().store().read_value<std::vector<OutboxMessage>>(
        [&](ReadTx& tx) { return tx.list_outbox(server_.council().tenant, f); });
    EXPECT_TRUE(m.ok());
    std::vector<OutboxMessage> out = m.ok() ? *m : std::vector<OutboxMessage>{};
    std::reverse(out.begin(), out.end());
    return out;
  }

  static std::string token_in(const std::string& body, const std::string& path) {
    std::smatch m;
    const std::regex re(path + "\\?token=([A-Za-z0-9_-]+)");
    return std::regex_search(body, m, re) ? m[1].str() : "";
  }

  static std::string code_of(const HttpResult& r) {
    json j = json::parse(r.body, nullptr, false);
    return j.is_object() ? j.value("code", "") + "/" + j.value("field", "") : "";
  }

  TestServer server_;
  Id customer_ = 0;
};

TEST_P(NotificationsHttpTest, UnsubscribeLinkFromAnAcknowledgement) {
  new_case();
  const auto msgs = messages();
  ASSERT_EQ(msgs.size(), 1u);
  const std::string token = token_in(msgs[0].body, "/unsubscribe");
  ASSERT_FALSE(token.empty()) << msgs[0].body;

  HttpResult shown = server_.get("/api/v1/unsubscribe?token=" + token, {kAnonymous});
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(json::parse(shown.body)["preference"], "consent_updates");
  EXPECT_EQ(json::parse(shown.body)["unsubscribed"], false);
  EXPECT_EQ(shown.header("cache-control"), "no-store");

  HttpResult bad = server_.post("/api/v1/unsubscribe", json{{"token", token + "x"}}.dump(), {kAnonymous});
  EXPECT_EQ(bad.status, 404);
  EXPECT_EQ(code_of(bad), "not_found/token");

  HttpResult done = server_.post("/api/v1/unsubscribe", json{{"token", token}}.dump(), {kAnonymous});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(json::parse(done.body)["unsubscribed"], true);

  // The preference history shows it, once.
  HttpResult prefs = server_.get("/api/v1/customers/" + std::to_string(customer_) + "/preferences");
  ASSERT_EQ(prefs.status, 200) << prefs.body;
  const json p = json::parse(prefs.body);
  EXPECT_EQ(p["current"]["consent_updates"], false) << p.dump();
  ASSERT_EQ(p["history"].size(), 1u) << p.dump();
  EXPECT_EQ(p["history"][0]["changed_by"], "unsubscribe-link");
  EXPECT_EQ(server_.post("/api/v1/unsubscribe", json{{"token", token}}.dump(), {kAnonymous}).status, 200);
  EXPECT_EQ(json::parse(server_.get("/api/v1/customers/" + std::to_string(customer_) + "/preferences").body)["history"]
                .size(),
            1u);
}

TEST_P(NotificationsHttpTest, SurveyLinkAfterClosure) {
  const std::string ref = new_case();
  HttpResult closed =
      server_.post("/api/v1/cases/" + ref + "/transitions", json{{"to", "closed"}, {"outcome", "resolved"}}.dump());
  ASSERT_EQ(closed.status, 200) << closed.body;
  const auto msgs = messages();
  ASSERT_EQ(msgs.size(), 3u);  // acknowledgement, closure, survey
  EXPECT_EQ(msgs[1].template_name, "case_closed");
  EXPECT_EQ(msgs[2].template_name, "case_survey");
  EXPECT_EQ(msgs[2].next_attempt_at, at("2016-03-03T10:00:00Z"));  // 48 hours after closure
  const std::string token = token_in(msgs[2].body, "/survey");
  ASSERT_FALSE(token.empty()) << msgs[2].body;

  // The one-click link: the rating is checked and echoed, nothing recorded.
  HttpResult shown = server_.get("/api/v1/survey?token=" + token + "&rating=5", {kAnonymous});
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(json::parse(shown.body)["reference"], ref);
  EXPECT_EQ(json::parse(shown.body)["rating"], 5);
  EXPECT_EQ(json::parse(shown.body)["answered"], false);
  EXPECT_EQ(code_of(server_.get("/api/v1/survey?token=" + token + "&rating=6", {kAnonymous})),
            "invalid_query/rating");
  EXPECT_EQ(code_of(server_.get("/api/v1/survey?token=wrong&rating=5", {kAnonymous})), "not_found/token");

  // Bad answers change nothing.
  EXPECT_EQ(code_of(server_.post("/api/v1/survey", json{{"token", token}, {"rating", 0}}.dump(), {kAnonymous})),
            "invalid_field/rating");
  EXPECT_EQ(code_of(server_.post("/api/v1/survey", json{{"token", token}}.dump(), {kAnonymous})),
            "missing_field/rating");
  EXPECT_EQ(json::parse(server_.get("/api/v1/survey?token=" + token, {kAnonymous}).body)["answered"], false);

  HttpResult answered = server_.post(
      "/api/v1/survey", json{{"token", token}, {"rating", 5}, {"comment", "Fixed in a day"}}.dump(), {kAnonymous});
  ASSERT_EQ(answered.status, 201) << answered.body;
  EXPECT_EQ(json::parse(answered.body)["answered"], true);
  HttpResult again = server_.post("/api/v1/survey", json{{"token", token}, {"rating", 1}}.dump(), {kAnonymous});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(code_of(again), "failed_precondition/");

  // The satisfaction report has it.
  HttpResult report = server_.get("/api/v1/reports/satisfaction?from=2016-03&to=2016-03&format=csv");
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_NE(report.body.find("2016-03,email,General enquiry,Street Scene,1,1,100.0,5.0"), std::string::npos)
      << report.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, NotificationsHttpTest, ::testing::ValuesIn(test_backends()));

}  // namespace
}  // namespace civicdesk::testing
