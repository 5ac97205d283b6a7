// Record-level access beyond the permission matrix: residents guessing other
// people's references and ids (IDOR), councils kept apart, restricted
// categories invisible outside their teams everywhere they could show, API
// tokens that expire or are revoked, and API clients held to their scopes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "domain/reference.h"
#include "security/security_world.h"
#include "support/fixtures.h"

namespace civicdesk::security {
namespace {

using testing::HttpResult;

class AccessOn : public ::testing::TestWithParam<std::string> {};

// A problem body with `text` replaced by "…", to compare two denials that
// name what was asked for.
std::string problem_shape(const std::string& body, const std::string& text) {
  std::string out = problem_without_request_id(body);
  for (size_t at; !text.empty() && (at = out.find(text)) != std::string::npos;) out.replace(at, text.size(), "…");
  return out;
}

bool mentions(const HttpResult& r, const std::string& text) { return r.body.find(text) != std::string::npos; }

int item_count(const HttpResult& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("items")) return -1;
  return static_cast<int>(j["items"].size());
}

std::string prefix_of(const std::string& reference) { return reference.substr(0, reference.find('-')); }

// ---- IDOR --------------------------------------------------------------------

TEST_P(AccessOn, ResidentsGuessingReferencesFindNothing) {
  World w(GetParam());
  const std::string prefix = prefix_of(w.street);
  const std::string missing = format_reference(prefix, 999999);
  const HttpResult absent = w.request(Who::kResident, "GET", "/api/v1/cases/" + missing);
  ASSERT_EQ(absent.status, 404);
  const std::string totals = w.render_totals();

  // Walk every reference the council has issued, and a few beyond.
  const HttpResult mine = w.request(Who::kResident, "GET", "/api/v1/cases?limit=200");
  ASSERT_EQ(mine.status, 200);
  int seen = 0;
  for (int n = 1; n <= 40; ++n) {
    const std::string ref = format_reference(prefix, n);
    SCOPED_TRACE(ref);
    const HttpResult r = w.request(Who::kResident, "GET", "/api/v1/cases/" + ref);
    if (ref == w.own) {
      EXPECT_EQ(r.status, 200);
      ++seen;
      continue;
    }
    if (r.status == 200) {
      // Only the resident's own cases (say, one they reported through the API).
      EXPECT_TRUE(mentions(mine, ref)) << "the resident read someone else's case";
      continue;
    }
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(problem_shape(r.body, ref), problem_shape(absent.body, missing))
        << "a hidden case must look exactly like a missing one";
    const HttpResult timeline = w.request(Who::kResident, "GET", "/api/v1/cases/" + ref + "/timeline");
    EXPECT_EQ(timeline.status, 404);
  }
  EXPECT_EQ(seen, 1);

  // Acting on someone else's case: 404, and nothing changes.
  for (const std::string& ref : {w.street, w.highways, w.restricted, w.me}) {
    SCOPED_TRACE(ref);
    const std::string before = w.render_case(ref);
    EXPECT_EQ(w.request(Who::kResident, "PATCH", "/api/v1/cases/" + ref, R"({"title": "Mine now"})", {"If-Match: *"})
                  .status,
              404);
    EXPECT_EQ(w.request(Who::kResident, "POST", "/api/v1/cases/" + ref + "/notes",
                        R"({"text": "Hello", "visibility": "public"})")
                  .status,
              404);
    EXPECT_EQ(w.request(Who::kResident, "POST", "/api/v1/cases/" + ref + "/transitions",
                        R"({"to": "closed", "outcome": "resolved"})")
                  .status,
              404);
    EXPECT_EQ(w.request(Who::kResident, "GET", "/api/v1/cases/" + ref + "/links").status, 404);
    EXPECT_EQ(w.render_case(ref), before);
  }
  // Nor by reporting "for" them.
  const HttpResult for_colin = w.request(Who::kResident, "POST", "/api/v1/cases",
                                         nlohmann::json{{"category", "general"},
                                                        {"description", "On Colin's behalf"},
                                                        {"customer_id", w.customer}}
                                             .dump());
  EXPECT_EQ(for_colin.status / 100, 4) << for_colin.body;
  EXPECT_EQ(w.render_totals(), totals);
}

TEST_P(AccessOn, ResidentsGuessingCustomerIdsFindNothing) {
  World w(GetParam());
  const Id missing = 987654321;
  const std::string totals = w.render_totals();
  const std::string suffixes[] = {"", "/cases", "/contacts", "/preferences", "/subject-access"};
  std::map<std::string, std::string> absent;
  for (const auto& s : suffixes) {
    const HttpResult r = w.request(Who::kResident, "GET", "/api/v1/customers/" + std::to_string(missing) + s);
    ASSERT_EQ(r.status, 404) << s << ": " << r.body;
    absent[s] = problem_without_request_id(r.body);
  }
  const Id highest = std::max(w.customer, w.own_customer) + 3;
  for (Id id = 1; id <= highest; ++id) {
    for (const auto& s : suffixes) {
      const std::string target = "/api/v1/customers/" + std::to_string(id) + s;
      SCOPED_TRACE(target);
      const HttpResult r = w.request(Who::kResident, "GET", target);
      if (id == w.own_customer) {
        EXPECT_EQ(r.status, 200) << r.body;
        continue;
      }
      EXPECT_EQ(r.status, 404) << r.body;
      EXPECT_EQ(problem_without_request_id(r.body), absent[s]) << "a hidden customer must look like a missing one";
    }
  }
  const HttpResult contacts = w.request(Who::kResident, "GET", "/api/v1/contacts?customer_id=" + std::to_string(w.customer));
  EXPECT_EQ(contacts.status, 404) << contacts.body;
  const HttpResult all_contacts = w.request(Who::kResident, "GET", "/api/v1/contacts?limit=200");
  ASSERT_EQ(all_contacts.status, 200);
  EXPECT_FALSE(mentions(all_contacts, "Colin's private notes"));
  EXPECT_EQ(w.request(Who::kResident, "GET", "/api/v1/contacts/" + std::to_string(w.contact)).status, 404);
  EXPECT_EQ(w.request(Who::kResident, "GET", "/api/v1/contacts/" + std::to_string(w.own_contact)).status, 200);

  // Changing someone else's record: 404, nothing changes.
  const std::string colin = w.render_customer(w.customer);
  EXPECT_EQ(w.request(Who::kResident, "PUT", "/api/v1/customers/" + std::to_string(w.customer),
                      R"({"given_name": "Hijacked", "family_name": "Customer"})", {"If-Match: *"})
                .status,
            404);
  EXPECT_EQ(w.request(Who::kResident, "PUT", "/api/v1/customers/" + std::to_string(w.customer) + "/preferences",
                      R"({"consent_surveys": true, "preferred_channel": "email"})")
                .status,
            404);
  EXPECT_EQ(w.render_customer(w.customer), colin);
  EXPECT_EQ(w.render_totals(), totals);
}

// ---- councils ----------------------------------------------------------------------

void set_hostname(World& w, TenantId tenant, const std::string& host) {
  ASSERT_TRUE(w.services().store.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto tenants, tx.list_tenants());
    for (auto t : tenants)
      if (t.id == tenant) {
        t.hostnames = {host};
        return tx.update_tenant(t);
      }
    return not_found("tenant");
  }).ok());
}

TEST_P(AccessOn, CouncilsAreKeptApart) {
  World w(GetParam());
  const testing::SmallCouncil other = testing::seed_small_council(w.services(), "othershire", "OTH");
  Id other_resident = 0;
  const std::map<Role, std::string> other_tokens = testing::seed_users(w.services(), other, &other_resident);
  set_hostname(w, w.tenant(), "testshire.example");
  set_hostname(w, other.tenant, "othershire.example");
  w.server().clock().advance(std::chrono::seconds(10));  // the council directory re-reads
  const std::string here = "Host: testshire.example";
  const std::string there = "Host: othershire.example";
  auto as_other = [&](Role role, const std::string& method, const std::string& target, const std::string& body = "",
                      std::vector<std::string> headers = {}) {
    headers.push_back(there);
    headers.push_back("Authorization: Bearer " + other_tokens.at(role));
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    return testing::http_request(w.server().port(), method, target, body, headers);
  };

  // Each council's own staff work as usual (controls for what follows).
  const HttpResult home = w.request(Who::kAdministrator, "GET", "/api/v1/cases?limit=200", "", {here});
  ASSERT_EQ(home.status, 200) << home.body;
  EXPECT_TRUE(mentions(home, w.street));
  const HttpResult away = as_other(Role::kAdministrator, "GET", "/api/v1/cases?limit=200");
  ASSERT_EQ(away.status, 200) << away.body;
  EXPECT_EQ(item_count(away), 0);

  // A token from one council is refused outright in the other, both ways.
  for (Who who : {Who::kAdministrator, Who::kOfficer, Who::kResident, Who::kClientCasesRead, Who::kClientReports}) {
    SCOPED_TRACE(std::string(column_name(who)));
    const HttpResult r = w.request(who, "GET", "/api/v1/session", "", {there});
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(json_field(r.body, "code"), "unauthenticated");
    EXPECT_EQ(w.request(who, "GET", "/api/v1/cases", "", {there}).status, 401);
  }
  for (Role role : {Role::kAdministrator, Role::kResident}) {
    std::vector<std::string> h = {here, "Authorization: Bearer " + other_tokens.at(role)};
    EXPECT_EQ(testing::http_request(w.server().port(), "GET", "/api/v1/session", "", h).status, 401);
  }
  // So is a session.
  const SignInResult s =
      sign_in(w.server().port(), "safeguarding@testshire.gov.uk", "correct horse battery safeguarding", {here});
  ASSERT_EQ(s.http.status, 201) << s.http.body;
  EXPECT_EQ(testing::http_request(w.server().port(), "GET", "/api/v1/session", "", {there, cookie(s.session)}).status,
            401);
  EXPECT_EQ(
      sign_in(w.server().port(), "safeguarding@testshire.gov.uk", "correct horse battery safeguarding", {there}).http.status,
      401)
      << "an account of one council signed in to the other";
  // A host no council serves is not quietly given one.
  EXPECT_EQ(w.request(Who::kAdministrator, "GET", "/api/v1/cases", "", {"Host: nowhere.example"}).status, 404);

  // The other council's administrator, with every permission there, finds
  // nothing of this council's by reference, id, search, listing or export.
  auto ours = [&] {
    const std::string totals = w.render_totals();
    return totals.substr(0, totals.find("council othershire")) + w.render_case(w.street) +
           w.render_customer(w.customer) + w.render_contact(w.contact);
  };
  const std::string before = ours();
  EXPECT_EQ(as_other(Role::kAdministrator, "GET", "/api/v1/cases/" + w.street).status, 404);
  EXPECT_EQ(as_other(Role::kAdministrator, "GET", "/api/v1/cases/" + w.street + "/timeline").status, 404);
  EXPECT_EQ(as_other(Role::kAdministrator, "GET", "/api/v1/customers/" + std::to_string(w.customer)).status, 404);
  EXPECT_EQ(as_other(Role::kAdministrator, "GET", "/api/v1/customers/" + std::to_string(w.customer) + "/subject-access")
                .status,
            404);
  EXPECT_EQ(as_other(Role::kAdministrator, "GET", "/api/v1/contacts/" + std::to_string(w.contact)).status, 404);
  EXPECT_EQ(as_other(Role::kAdministrator, "GET", "/api/v1/users/" + std::to_string(w.user_id(Role::kOfficer))).status,
            404);
  for (const std::string& target : {std::string("/api/v1/search?q=litter"), std::string("/api/v1/search?q=Colin"),
                                    std::string("/api/v1/customers?q=Colin"), std::string("/api/v1/contacts?limit=200"),
                                    std::string("/api/v1/exports/cases.csv"), std::string("/api/v1/audit?limit=500"),
                                    std::string("/api/v1/users"), std::string("/api/v1/api-tokens")}) {
    SCOPED_TRACE(target);
    const HttpResult r = as_other(Role::kAdministrator, "GET", target);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_FALSE(mentions(r, w.street)) << r.body.substr(0, 300);
    EXPECT_FALSE(mentions(r, "Colin"));
    EXPECT_FALSE(mentions(r, "Litter") || mentions(r, "litter bin"));
    EXPECT_FALSE(mentions(r, "safeguarding"));
    EXPECT_FALSE(mentions(r, "client-cr"));
  }
  // ...and changes nothing of it.
  EXPECT_EQ(as_other(Role::kAdministrator, "PATCH", "/api/v1/cases/" + w.street, R"({"title": "Ours now"})",
                     {"If-Match: *"})
                .status,
            404);
  EXPECT_EQ(as_other(Role::kAdministrator, "POST", "/api/v1/cases/" + w.street + "/notes", R"({"text": "Hello"})").status,
            404);
  EXPECT_EQ(as_other(Role::kAdministrator, "POST", "/api/v1/customers/" + std::to_string(w.customer) + "/erasure",
                     R"({"dry_run": false})")
                .status,
            404);
  EXPECT_EQ(as_other(Role::kAdministrator, "PUT", "/api/v1/customers/" + std::to_string(w.customer) + "/preferences",
                     R"({"consent_surveys": true})")
                .status,
            404);
  EXPECT_EQ(as_other(Role::kAdministrator, "PATCH", "/api/v1/users/" + std::to_string(w.user_id(Role::kOfficer)),
                     R"({"active": false})")
                .status,
            404);
  const HttpResult made = as_other(Role::kAdministrator, "POST", "/api/v1/cases",
                                   R"({"category": "general", "description": "Othershire's own case"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string theirs = json_field(made.body, "reference");
  ASSERT_EQ(prefix_of(theirs), "OTH");
  const HttpResult link = as_other(Role::kAdministrator, "POST", "/api/v1/cases/" + theirs + "/links",
                                   nlohmann::json{{"kind", "related"}, {"case", w.street}}.dump());
  EXPECT_EQ(link.status / 100, 4) << link.body;
  // Same token name in both councils: revoking theirs leaves ours alone.
  EXPECT_EQ(as_other(Role::kAdministrator, "DELETE", "/api/v1/api-tokens/test-officer").status, 204);
  EXPECT_EQ(w.request(Who::kOfficer, "GET", "/api/v1/session", "", {here}).status, 200);
  EXPECT_EQ(as_other(Role::kOfficer, "GET", "/api/v1/session").status, 401);

  // Othershire's new case and revoked token are its own business; nothing
  // of ours changed.
  EXPECT_EQ(ours(), before);
}

// ---- restricted categories ----------------------------------------------------------

TEST_P(AccessOn, RestrictedCasesAreInvisibleOutsideTheirTeam) {
  World w(GetParam());
  const std::string secret_words = "vulnerable adult";
  // The safeguarding officer links a Street Scene case to the concern (the
  // only one who may: it is their team's).
  const HttpResult linked = w.request(Who::kSafeguarding, "POST", "/api/v1/cases/" + w.street + "/links",
                                      nlohmann::json{{"kind", "related"}, {"case", w.restricted}}.dump());
  ASSERT_EQ(linked.status, 201) << linked.body;

  const std::vector<std::string> listings = {
      "/api/v1/cases?limit=200",
      "/api/v1/cases?category=safeguarding-concern",
      "/api/v1/cases?q=vulnerable",
      "/api/v1/cases?customer_id=" + std::to_string(w.customer),
      "/api/v1/customers/" + std::to_string(w.customer) + "/cases",
      "/api/v1/search?q=vulnerable",
      "/api/v1/search?q=" + url_encode(w.restricted),
      "/api/v1/exports/cases.csv",
      "/api/v1/exports/cases.csv?category=safeguarding-concern",
      "/api/v1/cases/" + w.street + "/links",
      "/api/v1/cases/" + w.street + "/timeline",
  };
  const Who outsiders[] = {Who::kAdvisor,       Who::kOfficer,          Who::kLead,
                           Who::kManager,       Who::kAdministrator,    Who::kClientCasesRead,
                           Who::kClientCasesWrite, Who::kClientReports, Who::kCouncillor,
                           Who::kResident};
  int answered = 0;
  for (Who who : outsiders) {
    for (const auto& target : listings) {
      SCOPED_TRACE(std::string(column_name(who)) + " " + target);
      const HttpResult r = w.request(who, "GET", target);
      if (r.status != 200) continue;  // not theirs to call at all (the matrix checks that)
      ++answered;
      EXPECT_FALSE(mentions(r, w.restricted)) << r.body.substr(0, 400);
      EXPECT_FALSE(mentions(r, secret_words));
      EXPECT_FALSE(mentions(r, "safeguarding-concern"));
    }
    EXPECT_EQ(w.request(who, "GET", "/api/v1/cases/" + w.restricted).status / 100, 4);
  }
  EXPECT_GT(answered, 30);

  // Counts follow: Colin has three cases (street, highways, restricted);
  // those who see every unrestricted case count two.
  for (Who who : {Who::kAdvisor, Who::kManager, Who::kAdministrator}) {
    const HttpResult r = w.request(who, "GET", "/api/v1/customers/" + std::to_string(w.customer) + "/cases");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(item_count(r), 2) << column_name(who);
  }
  // The team itself sees it everywhere (so the absences above are real).
  for (const std::string& target :
       {std::string("/api/v1/cases?limit=200"), std::string("/api/v1/cases?category=safeguarding-concern"),
        std::string("/api/v1/search?q=vulnerable"), "/api/v1/customers/" + std::to_string(w.customer) + "/cases",
        "/api/v1/cases/" + w.street + "/links", "/api/v1/cases/" + w.restricted}) {
    SCOPED_TRACE(target);
    const HttpResult r = w.request(Who::kSafeguarding, "GET", target);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(mentions(r, w.restricted));
  }
}

// ---- API tokens ---------------------------------------------------------------------

TEST_P(AccessOn, ExpiredRevokedAndOrphanedTokensAreRefused) {
  World w(GetParam());
  const Instant now = w.server().clock().now();
  auto token = w.services().accounts.create_token(
      w.system(), {"short-lived", {"cases:read"}, std::nullopt, now + std::chrono::hours(1)});
  ASSERT_TRUE(token.ok());
  const std::string bearer = "Authorization: Bearer " + *token;
  auto get = [&](const std::string& header) {
    return testing::http_request(w.server().port(), "GET", "/api/v1/cases", "", {header});
  };
  EXPECT_EQ(get(bearer).status, 200);
  w.server().clock().advance(std::chrono::minutes(59));
  EXPECT_EQ(get(bearer).status, 200);
  w.server().clock().advance(std::chrono::minutes(1));
  const HttpResult expired = get(bearer);
  EXPECT_EQ(expired.status, 401) << expired.body;
  EXPECT_EQ(json_field(expired.body, "code"), "unauthenticated");
  EXPECT_EQ(expired.header("www-authenticate"), "Bearer realm=\"civicdesk\"");

  // Revoked by an administrator: refused at once; other tokens unaffected.
  ASSERT_EQ(w.request(Who::kClientCasesRead, "GET", "/api/v1/cases").status, 200);
  ASSERT_EQ(w.request(Who::kAdministrator, "DELETE", "/api/v1/api-tokens/client-cr").status, 204);
  const HttpResult revoked = w.request(Who::kClientCasesRead, "GET", "/api/v1/cases");
  EXPECT_EQ(revoked.status, 401) << revoked.body;
  EXPECT_EQ(json_field(revoked.body, "code"), "unauthenticated");
  EXPECT_EQ(w.request(Who::kClientCasesRead, "GET", "/api/v1/services").status, 401)
      << "a revoked token is refused even where anonymous callers are welcome";
  EXPECT_EQ(w.request(Who::kClientCasesWrite, "GET", "/api/v1/cases").status, 200);

  // A person's token dies with their account.
  ASSERT_EQ(w.request(Who::kAdministrator, "PATCH", "/api/v1/users/" + std::to_string(w.user_id(Role::kAdvisor)),
                      R"({"active": false})")
                .status,
            200);
  EXPECT_EQ(w.request(Who::kAdvisor, "GET", "/api/v1/cases").status, 401);

  // Made-up tokens, and one that differs from a real one by a character.
  std::string near = w.token(Who::kOfficer);
  near.back() = near.back() == 'A' ? 'B' : 'A';
  for (const std::string& fake : {std::string("cdk_madeup"), near, w.token(Who::kOfficer) + "x"}) {
    const HttpResult r = get("Authorization: Bearer " + fake);
    EXPECT_EQ(r.status, 401) << fake;
  }
}

TEST_P(AccessOn, ApiClientsGetOnlyTheirScopes) {
  World w(GetParam());
  // Who the client is, as the server sees it.
  const HttpResult me = w.request(Who::kClientCatalogue, "GET", "/api/v1/session");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json_field(me.body, "scopes"), R"(["catalogue:read"])");
  EXPECT_EQ(json_field(me.body, "role"), "");

  const std::string totals = w.render_totals();
  const std::string street = w.render_case(w.street);
  struct Attempt {
    Who who;
    std::string method, target, body;
  };
  const Attempt attempts[] = {
      // reading outside the scope
      {Who::kClientCatalogue, "GET", "/api/v1/cases", ""},
      {Who::kClientCasesRead, "GET", "/api/v1/customers/" + std::to_string(w.customer), ""},
      {Who::kClientPeople, "GET", "/api/v1/cases/" + w.street, ""},
      {Who::kClientReports, "GET", "/api/v1/customers?q=colin", ""},
      // writing with a read scope
      {Who::kClientCasesRead, "POST", "/api/v1/cases", R"({"category": "general", "description": "From a reader"})"},
      {Who::kClientCasesRead, "POST", "/api/v1/cases/" + w.street + "/notes", R"({"text": "From a reader"})"},
      {Who::kClientPeople, "POST", "/api/v1/cases/" + w.street + "/transitions", R"({"to": "in_progress"})"},
      // escalating: tokens, accounts, administration, data protection
      {Who::kClientCasesWrite, "POST", "/api/v1/api-tokens",
       R"({"name": "escalated", "scopes": ["cases:read", "customers:read", "reports:read"]})"},
      {Who::kClientPeople, "POST", "/api/v1/users",
       R"({"email": "x@testshire.gov.uk", "name": "X", "role": "administrator", "password": "a long and unguessable password"})"},
      {Who::kClientPeople, "POST", "/api/v1/customers/" + std::to_string(w.customer) + "/erasure", R"({"dry_run": false})"},
      {Who::kClientReports, "GET", "/api/v1/audit", ""},
      {Who::kClientCasesWrite, "DELETE", "/api/v1/api-tokens/client-cr", ""},
      {Who::kClientCatalogue, "POST", "/api/v1/account/totp", ""},
  };
  for (const Attempt& a : attempts) {
    SCOPED_TRACE(std::string(column_name(a.who)) + " " + a.method + " " + a.target);
    const HttpResult r = w.request(a.who, a.method, a.target, a.body);
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(json_field(r.body, "code"), "permission_denied");
  }
  EXPECT_EQ(w.render_totals(), totals);
  EXPECT_EQ(w.render_case(w.street), street);

  // A client with a scope for other systems only reads the public catalogue.
  auto open311 = w.services().accounts.create_token(w.system(), {"open311-only", {"open311"}, std::nullopt, std::nullopt});
  ASSERT_TRUE(open311.ok());
  const std::string bearer = "Authorization: Bearer " + *open311;
  EXPECT_EQ(testing::http_request(w.server().port(), "GET", "/api/v1/services", "", {bearer}).status, 200);
  EXPECT_EQ(testing::http_request(w.server().port(), "GET", "/api/v1/cases", "", {bearer}).status, 403);
  EXPECT_EQ(testing::http_request(w.server().port(), "GET", "/api/v1/customers?q=colin", "", {bearer}).status, 403);
  // And the scopes that are granted work (so the refusals are about scope).
  EXPECT_EQ(w.request(Who::kClientCasesWrite, "POST", "/api/v1/cases/" + w.street + "/notes", R"({"text": "Synced"})")
                .status,
            201);
  EXPECT_EQ(w.request(Who::kClientPeople, "GET", "/api/v1/customers/" + std::to_string(w.customer)).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessOn, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk::security
