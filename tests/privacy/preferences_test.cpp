// GET/PUT /api/v1/customers/{id}/preferences: contact preferences, consent
// and their history.
#include "privacy_world.h"

namespace civicdesk::privacy_test {
namespace {

class PreferencesTest : public PrivacyTest {
 protected:
  void SetUp() override { ada = new_customer("Ada", "Lovelace", "ada@example.com"); }
  std::string target(Id id) const { return "/api/v1/customers/" + std::to_string(id) + "/preferences"; }
  Id ada = 0;
};

TEST_P(PreferencesTest, PutThenGetKeepsHistory) {
  auto fresh = get(target(ada));
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  json j = body_json(fresh);
  EXPECT_EQ(j["customer_id"], ada);
  EXPECT_TRUE(j["current"]["consent_updates"].is_null());  // never asked: unknown
  EXPECT_TRUE(j["current"]["preferred_channel"].is_null());
  EXPECT_EQ(j["current"]["language"], "en");
  EXPECT_TRUE(j["history"].empty());

  auto first = put(target(ada), R"({"preferred_channel":"email","consent_updates":true,"consent_surveys":false})");
  ASSERT_EQ(first.status, 200) << first.body;
  j = body_json(first);
  EXPECT_EQ(j["current"]["preferred_channel"], "email");
  EXPECT_EQ(j["current"]["consent_updates"], true);
  EXPECT_EQ(j["current"]["consent_surveys"], false);
  EXPECT_EQ(j["history"].size(), 3u);

  // A day later, the officer records that she withdrew consent to updates
  // and wants Welsh.
  server().clock().advance(std::chrono::hours(24));
  auto second = put(target(ada), R"({"consent_updates":false,"language":"cy"})", {as(Role::kOfficer)});
  ASSERT_EQ(second.status, 200) << second.body;

  auto now = get(target(ada));
  ASSERT_EQ(now.status, 200);
  j = body_json(now);
  EXPECT_EQ(j["current"]["preferred_channel"], "email");
  EXPECT_EQ(j["current"]["consent_updates"], false);
  EXPECT_EQ(j["current"]["consent_surveys"], false);
  EXPECT_EQ(j["current"]["language"], "cy");
  ASSERT_EQ(j["history"].size(), 5u);
  // Oldest first, with who and when.
  EXPECT_EQ(j["history"][0]["changed_at"], "2016-03-01T10:00:00Z");
  EXPECT_EQ(j["history"][4]["changed_at"], "2016-03-02T10:00:00Z");
  std::map<std::string, std::vector<std::string>> values;
  for (const auto& h : j["history"]) values[h["name"]].push_back(h["value"]);
  EXPECT_EQ(values["consent_updates"], (std::vector<std::string>{"true", "false"}));
  EXPECT_EQ(values["language"], (std::vector<std::string>{"cy"}));
  bool by_officer = false;
  for (const auto& h : j["history"])
    if (h["name"] == "language") by_officer = h["changed_by"].get<std::string>().rfind("officer:", 0) == 0;
  EXPECT_TRUE(by_officer) << j["history"].dump();

  // The record where staff read them agrees.
  const Customer c = read_customer(ada);
  EXPECT_EQ(c.language, "cy");
  EXPECT_EQ(c.preferred_channel, PreferredChannel::kEmail);

  // Setting what is already set records nothing.
  server().clock().advance(std::chrono::hours(1));
  ASSERT_EQ(put(target(ada), R"({"consent_updates":false})").status, 200);
  EXPECT_EQ(body_json(get(target(ada)))["history"].size(), 5u);

  // Changes are audited (field names, not values); so are looks.
  auto changes = audit_entries("customer.preferences");
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].details.at("changed"), "language,consent_updates");
  EXPECT_EQ(changes[0].entity_id, std::to_string(ada));
  EXPECT_GE(audit_entries("customer.view").size(), 3u);
}

TEST_P(PreferencesTest, BadInputIsRefusedAndChangesNothing) {
  ASSERT_EQ(put(target(ada), R"({"consent_updates":true})").status, 200);
  const std::string before = fingerprint(ada, {});
  const size_t audit_before = audit_entries("customer.preferences").size();
  struct Bad {
    std::string body;
    std::string code;
    std::string field;
  };
  const std::vector<Bad> bad = {
      {R"({})", "missing_field", ""},
      {R"({"preferred_channel":"pigeon"})", "invalid_field", "preferred_channel"},
      {R"({"preferred_channel":"sms"})", "invalid_field", "preferred_channel"},  // no phone number held
      {R"({"language":"not a tag!"})", "invalid_field", "language"},
      {R"({"consent_updates":"yes"})", "", "consent_updates"},
      {R"({"consent_updates":false,"favourite_colour":"blue"})", "", ""},
      {R"({"consent_updates":false,"language":""})", "invalid_field", "language"},  // nothing half-applied
      {R"([true])", "", ""},
      {R"({"consent_updates":)", "", ""},
  };
  for (const Bad& b : bad) {
    auto r = put(target(ada), b.body);
    EXPECT_EQ(r.status, 400) << b.body << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << b.body;
    const json p = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(p.is_object()) << r.body;
    EXPECT_FALSE(p.value("code", "").empty()) << r.body;
    if (!b.code.empty()) EXPECT_EQ(p.value("code", ""), b.code) << b.body << ": " << r.body;
    if (!b.field.empty()) EXPECT_EQ(p.value("field", ""), b.field) << b.body << ": " << r.body;
  }
  EXPECT_EQ(put(target(999999), R"({"consent_updates":false})").status, 404);
  EXPECT_EQ(fingerprint(ada, {}), before);
  EXPECT_EQ(audit_entries("customer.preferences").size(), audit_before);
}

TEST_P(PreferencesTest, WhoMayReadAndChange) {
  const std::string body = R"({"consent_surveys":true})";
  EXPECT_EQ(put(target(ada), body, {as(Role::kCouncillor)}).status, 403);
  EXPECT_EQ(get(target(ada), {as(Role::kCouncillor)}).status, 403);
  EXPECT_EQ(put(target(ada), body, {"X-Anonymous: 1"}).status, 401);
  // A resident: not someone else's (as if they did not exist)...
  EXPECT_EQ(get(target(ada), {as(Role::kResident)}).status, 404);
  EXPECT_EQ(put(target(ada), body, {as(Role::kResident)}).status, 404);
  EXPECT_TRUE(body_json(get(target(ada)))["history"].empty());
  // ... but their own.
  const Id rita = server().resident_customer();
  auto own = put(target(rita), body, {as(Role::kResident)});
  ASSERT_EQ(own.status, 200) << own.body;
  const json j = body_json(own);
  EXPECT_EQ(j["current"]["consent_surveys"], true);
  EXPECT_EQ(j["history"][0]["changed_by"], "customer:" + std::to_string(rita));
  EXPECT_EQ(put(target(ada), body, {as(Role::kAdvisor)}).status, 200);
}

TEST_P(PreferencesTest, ChangesInTheSameSecondAreAllKeptInOrder) {
  // The history is the record of consent: three changes within one second
  // (the test server's clock does not move between requests) are three
  // entries, in the order they were made, and the current value is the last.
  for (const char* body : {R"({"consent_updates":true})", R"({"consent_updates":false})",
                           R"({"consent_updates":true})"}) {
    auto r = put(target(ada), body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  const json j = body_json(get(target(ada)));
  EXPECT_EQ(j["current"]["consent_updates"], true);
  std::vector<std::string> values;
  for (const json& h : j["history"])
    if (h["name"] == "consent_updates") values.push_back(h["value"]);
  EXPECT_EQ(values, (std::vector<std::string>{"true", "false", "true"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, PreferencesTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::privacy_test
