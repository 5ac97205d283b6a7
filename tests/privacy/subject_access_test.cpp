// GET /api/v1/customers/{id}/subject-access: JSON and the printable page.
#include "privacy_world.h"

namespace civicdesk::privacy_test {
namespace {

class SubjectAccessTest : public PrivacyTest {
 protected:
  void SetUp() override {
    ada = new_customer("Ada", "Lovelace", "ada@example.com", "07700 900982");
    open_case = new_case(ada, "Ada's bin was missed again");
    closed_case = new_case(ada, "Ada reported fly-tipping");
    add_note(open_case, "Ada called, very upset about the bin");
    add_note(open_case, "We will collect tomorrow", Visibility::kPublic);
    close_case(closed_case);
    contact = log_contact(ada, "Ada asked about her bin", "Ada's private contact notes");
    ASSERT_EQ(put("/api/v1/customers/" + std::to_string(ada) + "/preferences",
                  R"({"preferred_channel":"sms","consent_updates":true})")
                  .status,
              200);
    // Someone else, who must not appear.
    bob = new_customer("Bob", "Other", "bob@example.com");
    bob_case = new_case(bob, "Bob's secret complaint text");
    log_contact(bob, "Bob's contact reason", "Bob's private notes");
  }
  std::string target(Id id, const std::string& query = "") {
    return "/api/v1/customers/" + std::to_string(id) + "/subject-access" + query;
  }

  Id ada = 0, bob = 0, contact = 0;
  std::string open_case, closed_case, bob_case;
};

TEST_P(SubjectAccessTest, JsonHoldsEverythingAboutTheCustomerAndNothingElse) {
  auto r = get(target(ada));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos);
  EXPECT_EQ(r.header("cache-control"), "no-store");
  EXPECT_NE(r.header("content-disposition").find("subject-access-" + std::to_string(ada) + ".json"),
            std::string::npos);
  const json j = body_json(r);
  EXPECT_EQ(j["export"]["scope"], "full");
  EXPECT_EQ(j["export"]["council"]["name"], "Testshire Council");
  EXPECT_FALSE(j["export"]["left_out"].empty());
  EXPECT_EQ(j["customer"]["id"], ada);
  EXPECT_EQ(j["customer"]["given_name"], "Ada");
  EXPECT_EQ(j["customer"]["emails"][0]["address"], "ada@example.com");
  EXPECT_EQ(j["customer"]["phones"][0]["number"], "+447700900982");
  EXPECT_EQ(j["customer"]["addresses"][0]["line1"], "12 Station Road");
  EXPECT_EQ(j["customer"]["support_notes"], "Hard of hearing: Ada");

  EXPECT_EQ(j["preferences"]["current"]["preferred_channel"], "sms");
  EXPECT_EQ(j["preferences"]["current"]["consent_updates"], true);
  EXPECT_TRUE(j["preferences"]["current"]["consent_surveys"].is_null());
  EXPECT_EQ(j["preferences"]["history"].size(), 2u);

  ASSERT_EQ(j["contacts"].size(), 1u);
  EXPECT_EQ(j["contacts"][0]["id"], contact);
  EXPECT_EQ(j["contacts"][0]["notes"], "Ada's private contact notes");

  ASSERT_EQ(j["cases"].size(), 2u);
  std::set<std::string> refs;
  for (const auto& c : j["cases"]) refs.insert(c["reference"].get<std::string>());
  EXPECT_EQ(refs, (std::set<std::string>{open_case, closed_case}));
  // A full export has the internal notes on the timelines too.
  bool internal_note = false;
  for (const auto& c : j["cases"])
    for (const auto& e : c["timeline"])
      if (e["details"].value("text", "") == "Ada called, very upset about the bin") internal_note = true;
  EXPECT_TRUE(internal_note);
  EXPECT_TRUE(j.contains("watching"));
  EXPECT_TRUE(j.contains("messages"));
  ASSERT_TRUE(j["audit"].is_array());
  bool created = false;
  for (const auto& e : j["audit"])
    if (e["action"] == "customer.create" && e["entity_id"] == std::to_string(ada)) created = true;
  EXPECT_TRUE(created);

  // Nothing of Bob's.
  for (const char* bobs : {"Bob", "bob@example.com", "Bob's secret complaint text", "Bob's private notes"})
    EXPECT_EQ(r.body.find(bobs), std::string::npos) << bobs;
  EXPECT_EQ(r.body.find(bob_case), std::string::npos);
}

TEST_P(SubjectAccessTest, ResidentsGetTheirOwnCopyOnly) {
  const Id rita = server().resident_customer();
  const std::string own = new_case(rita, "Rita's own report");
  add_note(own, "Internal: Rita is a frequent caller");
  add_note(own, "Shared update for Rita", Visibility::kPublic);
  auto r = get(target(rita), {as(Role::kResident)});
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = body_json(r);
  EXPECT_EQ(j["export"]["scope"], "self_service");
  EXPECT_EQ(j["cases"].size(), 1u);
  EXPECT_NE(r.body.find("Shared update for Rita"), std::string::npos);
  EXPECT_EQ(r.body.find("frequent caller"), std::string::npos);
  EXPECT_FALSE(j.contains("audit"));
  EXPECT_FALSE(j.contains("messages"));
  ASSERT_EQ(j["accounts"].size(), 1u);
  EXPECT_EQ(j["accounts"][0]["email"], "resident@testshire.gov.uk");
  EXPECT_EQ(r.body.find("password"), std::string::npos);

  // Someone else's export: not found, as if they did not exist.
  auto other = get(target(ada), {as(Role::kResident)});
  EXPECT_EQ(other.status, 404) << other.body;
  EXPECT_EQ(other.body.find("Ada"), std::string::npos);
}

TEST_P(SubjectAccessTest, OnlyDataProtectionStaffMayExport) {
  const size_t before = audit_entries("customer.subject_access").size();
  for (Role r : {Role::kCouncillor, Role::kAdvisor, Role::kOfficer, Role::kLead, Role::kManager}) {
    auto res = get(target(ada), {as(r)});
    EXPECT_EQ(res.status, 403) << to_string(r) << ": " << res.body;
    EXPECT_EQ(res.body.find("Lovelace"), std::string::npos);
  }
  EXPECT_EQ(get(target(ada), {"X-Anonymous: 1"}).status, 401);
  EXPECT_EQ(audit_entries("customer.subject_access").size(), before);  // refusals export nothing

  auto unknown = get(target(999999));
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(get(target(ada, "?format=pdf")).status, 400);
  EXPECT_EQ(problem_code(get(target(ada, "?format=pdf"))), "invalid_query");
  EXPECT_EQ(get(target(ada, "?colour=blue")).status, 400);
}

TEST_P(SubjectAccessTest, EveryExportIsAudited) {
  server().clock().advance(std::chrono::hours(1));
  ASSERT_EQ(get(target(ada)).status, 200);
  ASSERT_EQ(get(target(ada, "?format=html")).status, 200);
  auto entries = audit_entries("customer.subject_access");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].details.at("format"), "html");  // newest first
  EXPECT_EQ(entries[1].details.at("format"), "json");
  for (const auto& e : entries) {
    EXPECT_EQ(e.entity, "customer");
    EXPECT_EQ(e.entity_id, std::to_string(ada));
    EXPECT_EQ(e.details.at("scope"), "full");
    EXPECT_EQ(e.details.at("cases"), "2");
    EXPECT_EQ(e.address, "127.0.0.1");
    EXPECT_EQ(e.at, at("2016-03-01T11:00:00Z"));
    EXPECT_EQ(e.actor.rfind("user:", 0), 0u) << e.actor;
    // Identifiers only, never the personal data itself.
    for (const auto& [k, v] : e.details) EXPECT_EQ(v.find("Ada"), std::string::npos);
  }
}

TEST_P(SubjectAccessTest, HtmlPageIsCompleteEscapedAndReadable) {
  const Id evil = new_customer("<script>alert(1)</script>", "O'Brien & \"Sons\"", "evil@example.com");
  const std::string ref = new_case(evil, "<img src=x onerror=alert(2)> my bin", CaseType::kServiceRequest,
                                   "<b>bold</b> title");
  add_note(ref, "</td></tr><script>alert(3)</script>");
  log_contact(evil, "<iframe src=evil>", "notes & <more>");

  auto r = get(target(evil, "?format=html"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(r.header("content-security-policy").find("default-src 'none'"), std::string::npos);
  EXPECT_NE(r.header("content-disposition").find(".html"), std::string::npos);
  EXPECT_EQ(r.header("cache-control"), "no-store");
  const std::string& h = r.body;

  // A complete document.
  EXPECT_EQ(h.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(h.find("<html lang=\"en-GB\">"), std::string::npos);
  EXPECT_NE(h.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(h.find("<title>"), std::string::npos);
  EXPECT_NE(h.find("</body>\n</html>\n"), std::string::npos);
  EXPECT_NE(h.find("Testshire Council"), std::string::npos);
  for (const char* section : {"id=\"about\"", "id=\"record\"", "id=\"preferences\"", "id=\"accounts\"",
                              "id=\"contacts\"", "id=\"cases\"", "id=\"watching\"", "id=\"messages\"", "id=\"audit\""})
    EXPECT_NE(h.find(section), std::string::npos) << section;
  EXPECT_NE(h.find(ref), std::string::npos);
  EXPECT_NE(h.find("evil@example.com"), std::string::npos);

  // Nothing the customer or staff typed comes out as markup.
  for (const char* raw : {"<script", "<img", "<iframe", "<b>bold", "</td></tr><script", "onerror=alert(2)>"})
    EXPECT_EQ(h.find(raw), std::string::npos) << raw;
  EXPECT_NE(h.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(h.find("O&#39;Brien &amp; &quot;Sons&quot;"), std::string::npos);
  EXPECT_NE(h.find("&lt;img src=x onerror=alert(2)&gt; my bin"), std::string::npos);
  EXPECT_NE(h.find("&lt;iframe src=evil&gt;"), std::string::npos);
  EXPECT_NE(h.find("notes &amp; &lt;more&gt;"), std::string::npos);
  // Nothing loads from elsewhere. (Messages to the customer may quote links
  // as text, such as an unsubscribe link: text loads nothing.)
  EXPECT_EQ(h.find("src=\""), std::string::npos);
  EXPECT_EQ(h.find("=\"http"), std::string::npos);
  EXPECT_EQ(h.find("=\"//"), std::string::npos);

  // The JSON export of the same customer carries the text unchanged.
  const json j = body_json(get(target(evil)));
  EXPECT_EQ(j["customer"]["given_name"], "<script>alert(1)</script>");
}

TEST_P(SubjectAccessTest, ResidentPageLeavesOutTheCouncilsSections) {
  server().clock().set(at("2016-06-01T09:00:00Z"));  // 10:00 in London (BST)
  auto r = get(target(server().resident_customer(), "?format=html"), {as(Role::kResident)});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("Rita"), std::string::npos);
  EXPECT_NE(r.body.find("Prepared on 1 June 2016 at 10:00"), std::string::npos);
  EXPECT_NE(r.body.find("the copy your account shows"), std::string::npos);
  EXPECT_EQ(r.body.find("id=\"audit\""), std::string::npos);
  EXPECT_EQ(r.body.find("id=\"messages\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, SubjectAccessTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::privacy_test
