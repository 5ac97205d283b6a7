// POST /api/v1/customers/{id}/erasure: anonymising a customer, honouring the
// retention rules.
#include "http/api/json_out.h"
#include "privacy_world.h"
#include "support/images.h"

namespace civicdesk::privacy_test {
namespace {

constexpr std::string_view kRemoved = "[removed under the council's retention policy]";

class ErasureTest : public PrivacyTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(services()
                    .privacy.set_retention_rules(system(), {{CaseType::kComplaint, 6}, {CaseType::kServiceRequest, 2}})
                    .ok());
    // 2016-03-01: Ada's service request, closed the same day (its two years
    // are over by the time she asks to be erased).
    ada = new_customer("Ada", "Lovelace", "ada@example.com", "07700 900982");
    old_request = new_case(ada, "Ada's old request about her drive");
    add_note(old_request, "Ada's neighbour is Mr Smith at number 14");
    close_case(old_request);

    // 2019-06-01: the rest.
    server().clock().set(at("2019-06-01T09:00:00Z"));
    open_request = new_case(ada, "Ada's open request: broken bench");
    complaint = new_case(ada, "Ada complains about the crew", CaseType::kComplaint);
    close_case(complaint);  // kept: six years from 2019-06-01
    comment = new_case(ada, "Ada's comment about the park", CaseType::kComment);
    close_case(comment);  // no rule: an erasure anonymises it
    contact = log_contact(ada, "Ada rang about the bench", "Ada sounded unwell");
    ASSERT_EQ(put(prefs(ada), R"({"consent_updates":true,"language":"cy"})").status, 200);

    NewUser account;
    account.email = "ada.account@example.com";
    account.name = "Ada Lovelace";
    account.role = Role::kResident;
    account.password = "correct horse battery ada";
    account.customer_id = ada;
    auto u = services().accounts.create_user(system(), account);
    ASSERT_TRUE(u.ok()) << u.error().message;
    ada_user = u->id;
    auto token = services().accounts.create_token(system(), NewToken{"ada-token", {}, ada_user, {}});
    ASSERT_TRUE(token.ok()) << token.error().message;
    ada_token = *token;

    // Bob's case copies Ada in by email.
    bob = new_customer("Bob", "Other", "bob@example.com");
    NewCase in;
    in.category = "general";
    in.title = "Bob's case";
    in.description = "Bob's own description";
    in.customer_id = bob;
    in.watchers = {Watcher{WatcherKind::kEmail, std::nullopt, "ada@example.com", "Ada Lovelace", {}}};
    auto made = services().cases.create(system(), in);
    ASSERT_TRUE(made.ok()) << made.error().message;
    bob_case = made->c.reference;

    server().clock().set(at("2019-07-01T09:00:00Z"));
  }

  static std::string prefs(Id id) { return "/api/v1/customers/" + std::to_string(id) + "/preferences"; }
  std::string erasure(Id id) { return "/api/v1/customers/" + std::to_string(id) + "/erasure"; }
  std::vector<std::string> ada_cases() const { return {old_request, open_request, complaint, comment}; }

  static const json* find_case(const json& report, const std::string& ref) {
    for (const auto& c : report["cases"])
      if (c["reference"] == ref) return &c;
    return nullptr;
  }

  void expect_plan(const json& r) {
    EXPECT_EQ(r["customer_id"], ada);
    EXPECT_EQ(r["erased"]["emails"], 1);
    EXPECT_EQ(r["erased"]["phones"], 1);
    EXPECT_EQ(r["erased"]["addresses"], 1);
    EXPECT_EQ(r["erased"]["preference_changes"], 2);
    EXPECT_EQ(r["erased"]["contact_notes"], 1);
    EXPECT_EQ(r["erased"]["watching"], 1);
    EXPECT_EQ(r["erased"]["accounts"], 1);
    EXPECT_EQ(r["cases_anonymised"], 2);
    EXPECT_EQ(r["cases_kept"], 2);
    ASSERT_EQ(r["cases"].size(), 4u);
    const json* old = find_case(r, old_request);
    const json* open = find_case(r, open_request);
    const json* kept = find_case(r, complaint);
    const json* none = find_case(r, comment);
    ASSERT_TRUE(old && open && kept && none);
    EXPECT_EQ((*old)["action"], "anonymise");
    EXPECT_EQ((*old)["reason"], "retention_period_over");
    EXPECT_EQ((*old)["retention_ends"], "2018-03-01");
    EXPECT_EQ((*open)["action"], "keep");
    EXPECT_EQ((*open)["reason"], "open");
    EXPECT_EQ((*kept)["action"], "keep");
    EXPECT_EQ((*kept)["reason"], "within_retention_period");
    EXPECT_EQ((*kept)["keep_years"], 6);
    EXPECT_EQ((*kept)["retention_ends"], "2025-06-01");
    EXPECT_EQ((*none)["action"], "anonymise");
    EXPECT_EQ((*none)["reason"], "no_retention_rule");
    EXPECT_TRUE((*none)["keep_years"].is_null());
    for (const auto& c : r["cases"]) EXPECT_FALSE(c["explanation"].get<std::string>().empty());
  }

  Id ada = 0, bob = 0, contact = 0, ada_user = 0;
  std::string ada_token;
  std::string old_request, open_request, complaint, comment, bob_case;
};

TEST_P(ErasureTest, DryRunReportsThePlanAndChangesNothing) {
  const std::string before = fingerprint(ada, ada_cases());
  const std::string bob_before = fingerprint(bob, {bob_case});
  auto r = post(erasure(ada), R"({"dry_run":true})");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = body_json(r);
  EXPECT_EQ(j["dry_run"], true);
  EXPECT_EQ(j["at"], "2019-07-01T09:00:00Z");
  expect_plan(j);
  EXPECT_EQ(fingerprint(ada, ada_cases()), before);
  EXPECT_EQ(fingerprint(bob, {bob_case}), bob_before);
  EXPECT_EQ(audit_entries("customer.erase_dry_run").size(), 1u);
  EXPECT_TRUE(audit_entries("customer.erase").empty());
  // Ada can still sign in.
  EXPECT_EQ(get("/api/v1/customers/" + std::to_string(ada) + "/preferences",
                {"Authorization: Bearer " + ada_token})
                .status,
            200);
}

TEST_P(ErasureTest, ErasesPersonalDataEverywhereAndKeepsWhatRetentionRequires) {
  auto r = post(erasure(ada), R"({"dry_run":false})");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = body_json(r);
  EXPECT_EQ(j["dry_run"], false);
  expect_plan(j);

  // The customer record stays, without personal data.
  const Customer c = read_customer(ada);
  EXPECT_EQ(c.given_name, "");
  EXPECT_EQ(c.family_name, "Erased customer");
  EXPECT_TRUE(c.emails.empty());
  EXPECT_TRUE(c.phones.empty());
  EXPECT_TRUE(c.addresses.empty());
  EXPECT_EQ(c.support_notes, "");
  EXPECT_FALSE(c.needs_support);
  EXPECT_FALSE(c.preferred_channel.has_value());
  // Nobody finds her by name, address or number any more.
  for (const char* q : {"Lovelace", "ada@example.com"}) {
    auto found = get(std::string("/api/v1/customers?q=") + q);
    if (found.status == 200) EXPECT_EQ(found.body.find("\"id\":" + std::to_string(ada) + ","), std::string::npos) << q;
  }
  auto prefs_now = body_json(get(prefs(ada)));
  EXPECT_TRUE(prefs_now["history"].empty());
  EXPECT_TRUE(prefs_now["current"]["consent_updates"].is_null());

  // Her contact keeps its structure, not its text.
  auto k = services().store.read_value<Contact>([&](ReadTx& tx) { return tx.get_contact(tenant(), contact); });
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->reason, "");
  EXPECT_EQ(k->notes, "");

  // Anonymised: the old request (period over) and the comment (no rule).
  for (const std::string& ref : {old_request, comment}) {
    const Case a = read_case(ref);
    EXPECT_EQ(a.description, kRemoved) << ref;
    EXPECT_EQ(a.title, "") << ref;
    EXPECT_EQ(a.location.address, "") << ref;
    EXPECT_FALSE(a.customer_id.has_value()) << ref;
    EXPECT_EQ(a.outcome_notes, "") << ref;
    EXPECT_EQ(a.status, CaseStatus::kClosed) << ref;  // structure kept for statistics
  }
  const std::string old_trail = fingerprint(0, {old_request});
  EXPECT_EQ(old_trail.find("Mr Smith"), std::string::npos) << old_trail;

  // Kept: the open request and the complaint, unlinked, with a note of why.
  for (const std::string& ref : {open_request, complaint}) {
    const Case kept = read_case(ref);
    EXPECT_FALSE(kept.customer_id.has_value()) << ref;
    EXPECT_NE(kept.description, kRemoved) << ref;
    auto events = services().store.read_value<std::vector<CaseEvent>>(
        [&](ReadTx& tx) { return tx.list_events(tenant(), kept.id, std::nullopt); });
    ASSERT_TRUE(events.ok());
    ASSERT_FALSE(events->empty());
    const CaseEvent& last = events->back();
    EXPECT_EQ(last.kind, "customer_erased") << ref;
    EXPECT_EQ(last.visibility, Visibility::kInternal);
    EXPECT_EQ(last.details.at("customer"), std::to_string(ada));
    EXPECT_EQ(last.details.at("kept_because"), ref == complaint ? "within_retention_period" : "open");
    if (ref == complaint) EXPECT_EQ(last.details.at("retention_ends"), "2025-06-01");
  }

  // Her sign-in account: deactivated, stripped, signed out.
  auto u = services().store.read_value<User>([&](ReadTx& tx) { return tx.get_user(tenant(), ada_user); });
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->active);
  EXPECT_EQ(u->name, "Erased customer");
  EXPECT_EQ(u->email.find("ada"), std::string::npos);
  EXPECT_TRUE(u->password_hash.empty());
  EXPECT_EQ(get(prefs(ada), {"Authorization: Bearer " + ada_token}).status, 401);

  // Bob's case no longer copies her in; the rest of it is untouched.
  const Case b = read_case(bob_case);
  EXPECT_EQ(b.description, "Bob's own description");
  EXPECT_EQ(b.customer_id, bob);
  const std::string bob_trail = fingerprint(bob, {bob_case});
  EXPECT_EQ(bob_trail.find("ada@example.com"), std::string::npos) << bob_trail;
  EXPECT_EQ(bob_trail.find("Ada Lovelace"), std::string::npos) << bob_trail;
  EXPECT_NE(bob_trail.find("Bob"), std::string::npos);

  // What is left under her customer number holds none of her personal data.
  const std::string left = fingerprint(ada, {old_request, comment});
  for (const char* pii : {"Ada", "Lovelace", "ada@example.com", "+447700900982", "Station Road", "unwell"})
    EXPECT_EQ(left.find(pii), std::string::npos) << pii << "\n" << left;
  auto export_now = get("/api/v1/customers/" + std::to_string(ada) + "/subject-access");
  ASSERT_EQ(export_now.status, 200);
  for (const char* pii : {"Lovelace", "ada@example.com", "+447700900982", "unwell"})
    EXPECT_EQ(export_now.body.find(pii), std::string::npos) << pii;

  // Audited: the erasure, each case decision and the account.
  auto erased = audit_entries("customer.erase");
  ASSERT_EQ(erased.size(), 1u);
  EXPECT_EQ(erased[0].entity_id, std::to_string(ada));
  EXPECT_EQ(erased[0].details.at("cases_anonymised"), "2");
  EXPECT_EQ(erased[0].details.at("cases_kept"), "2");
  EXPECT_EQ(erased[0].at, at("2019-07-01T09:00:00Z"));
  EXPECT_EQ(erased[0].address, "127.0.0.1");
  EXPECT_EQ(audit_entries("case.anonymise").size(), 2u);
  EXPECT_EQ(audit_entries("case.retain").size(), 2u);
  ASSERT_EQ(audit_entries("user.erase").size(), 1u);
  EXPECT_EQ(audit_entries("user.erase")[0].entity_id, std::to_string(ada_user));
}

TEST_P(ErasureTest, SecondErasureChangesNothingMore) {
  ASSERT_EQ(post(erasure(ada), R"({"dry_run":false})").status, 200);
  // The record's version and updated_at aside (the record is written again),
  // nothing changes.
  auto data = [&] {
    std::string f = fingerprint(ada, ada_cases());
    f.erase(0, f.find('\n'));
    Customer c = read_customer(ada);
    c.version = 0;
    c.updated_at = {};
    return http::dump(http::customer_json(c)) + f;
  };
  const std::string after_first = data();
  server().clock().advance(std::chrono::hours(1));
  auto again = post(erasure(ada), R"({"dry_run":false})");
  ASSERT_EQ(again.status, 200) << again.body;
  const json j = body_json(again);
  EXPECT_TRUE(j["cases"].empty());  // none is linked to her any more
  for (const char* k : {"emails", "phones", "addresses", "preference_changes", "contact_notes", "watching", "accounts"})
    EXPECT_EQ(j["erased"][k], 0) << k;
  EXPECT_EQ(data(), after_first);
  EXPECT_EQ(audit_entries("customer.erase").size(), 2u);
  EXPECT_EQ(audit_entries("user.erase").size(), 1u);
}

// Photos (docs/media.md): an anonymised case loses all of its photos; a kept
// case loses the ones the erased customer uploaded, and keeps the staff's.
TEST_P(ErasureTest, PhotosGoWithAnonymisedCasesAndWithTheirUploader) {
  auto upload = [&](const std::string& ref, const std::string& auth) {
    HttpResult r = testing::http_request(server().port(), "POST", "/api/v1/cases/" + ref + "/attachments",
                                         test_images::phone_png(), {auth, "Content-Type: image/png"});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? body_json(r)["url"].get<std::string>() : "";
  };
  const std::string ada_auth = "Authorization: Bearer " + ada_token;
  const std::string staff_auth = as(Role::kAdministrator);
  const std::string on_old = upload(old_request, staff_auth);
  const std::string ada_on_open = upload(open_request, ada_auth);
  const std::string staff_on_open = upload(open_request, staff_auth);
  for (const auto& url : {on_old, ada_on_open, staff_on_open}) EXPECT_EQ(get(url).status, 200) << url;
  auto count = [&](const std::string& ref) {
    const Id id = read_case(ref).id;
    auto all = services().store.read_value<std::vector<Attachment>>(
        [&](ReadTx& tx) { return tx.list_attachments(tenant(), id); });
    return all ? all->size() : size_t{999};
  };
  ASSERT_EQ(post(erasure(ada), R"({"dry_run":true})").status, 200);
  EXPECT_EQ(count(old_request) + count(open_request), 3u);  // a dry run deletes nothing

  ASSERT_EQ(post(erasure(ada), R"({"dry_run":false})").status, 200);
  EXPECT_EQ(count(old_request), 0u);   // anonymised
  EXPECT_EQ(count(open_request), 1u);  // kept: the staff photo stays
  EXPECT_EQ(get(on_old).status, 404);
  EXPECT_EQ(get(ada_on_open).status, 404);
  EXPECT_EQ(get(staff_on_open).status, 200);
}

TEST_P(ErasureTest, KeptCasesAreAnonymisedWhenTheirPeriodEnds) {
  ASSERT_EQ(post(erasure(ada), R"({"dry_run":false})").status, 200);
  server().clock().set(at("2025-06-01T12:00:00Z"));
  auto run = post("/api/v1/retention/run", R"({"dry_run":false})");
  ASSERT_EQ(run.status, 200) << run.body;
  const Case c = read_case(complaint);
  EXPECT_EQ(c.description, kRemoved);
  // The erased customer's name noted on the timeline goes too.
  const std::string trail = fingerprint(0, {complaint});
  EXPECT_EQ(trail.find("Ada"), std::string::npos) << trail;
  EXPECT_NE(trail.find("customer_erased"), std::string::npos) << trail;
  // The open request is still kept (open cases always are).
  EXPECT_NE(read_case(open_request).description, kRemoved);
}

TEST_P(ErasureTest, RefusedErasuresChangeNothing) {
  const std::string before = fingerprint(ada, ada_cases());
  const std::string bob_before = fingerprint(bob, {bob_case});
  struct Attempt {
    std::string target, body;
    std::vector<std::string> headers;
    int status;
    std::string code;
  };
  const std::vector<Attempt> attempts = {
      {erasure(ada), R"({"dry_run":false})", {as(Role::kManager)}, 403, "permission_denied"},
      {erasure(ada), R"({"dry_run":false})", {as(Role::kAdvisor)}, 403, "permission_denied"},
      {erasure(ada), R"({"dry_run":false})", {"Authorization: Bearer " + ada_token}, 403, "permission_denied"},
      {erasure(ada), R"({"dry_run":false})", {"X-Anonymous: 1"}, 401, ""},
      {erasure(999999), R"({"dry_run":false})", {}, 404, ""},
      {erasure(ada), R"({})", {}, 400, "missing_field"},
      {erasure(ada), R"({"dry_run":"yes"})", {}, 400, ""},
      {erasure(ada), R"({"dry_run":false,"force":true})", {}, 400, ""},
      {erasure(ada), R"(not json)", {}, 400, ""},
      {erasure(ada) + "?dry_run=false", R"({"dry_run":false})", {}, 400, ""},
  };
  for (const Attempt& a : attempts) {
    auto r = post(a.target, a.body, a.headers);
    EXPECT_EQ(r.status, a.status) << a.target << " " << a.body << ": " << r.body;
    if (!a.code.empty()) EXPECT_EQ(problem_code(r), a.code) << r.body;
  }
  // No JSON content type.
  auto plain = testing::http_request(server().port(), "POST", erasure(ada), R"({"dry_run":false})",
                                     server().with_default_auth({"Content-Type: text/plain"}));
  EXPECT_EQ(plain.status, 415) << plain.body;

  EXPECT_EQ(fingerprint(ada, ada_cases()), before);
  EXPECT_EQ(fingerprint(bob, {bob_case}), bob_before);
  EXPECT_TRUE(audit_entries("customer.erase").empty());
  EXPECT_TRUE(audit_entries("case.anonymise").empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ErasureTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::privacy_test
