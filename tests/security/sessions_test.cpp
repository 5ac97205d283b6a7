// Sessions: the cookie's attributes, idle and absolute expiry (on the test
// server's fake clock), signing out, session fixation, and CSRF protection
// of state-changing requests made with the cookie.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "security/security_world.h"

namespace civicdesk::security {
namespace {

using testing::HttpResult;
using testing::TestServer;

constexpr const char* kOfficer = "officer@testshire.gov.uk";
constexpr const char* kOfficerPassword = "correct horse battery officer";

class SessionsOn : public ::testing::TestWithParam<std::string> {
 protected:
  SessionsOn() : server_(GetParam()) {}

  HttpResult who_am_i(const std::string& session) { return server_.get("/api/v1/session", {cookie(session)}); }

  // A Street Scene case the officer may work on, made by the system.
  std::string street_case() {
    NewCase in;
    in.category = "general";
    in.title = "Graffiti on the bridge";
    in.description = "Made for a session test";
    auto v = server_.services().cases.create(server_.council().ctx(server_.clock().now()), in);
    EXPECT_TRUE(v.ok());
    return v ? v->c.reference : "";
  }

  // The case's version and the number of events on its timeline.
  std::string case_state(const std::string& reference) {
    std::string out;
    const TenantId t = server_.council().tenant;
    Status s = server_.services().store.read([&](ReadTx& tx) -> Status {
      ASSIGN_OR_RETURN(Case c, tx.get_case_by_reference(t, reference));
      ASSIGN_OR_RETURN(auto events, tx.list_events(t, c.id, std::nullopt));
      out = "v" + std::to_string(c.version) + " status=" + std::string(to_string(c.status)) + " title=" + c.title +
            " events=" + std::to_string(events.size());
      return {};
    });
    return s ? out : "error: " + s.error().message;
  }

  HttpResult send(const std::string& method, const std::string& target, const std::string& body,
                  std::vector<std::string> headers) {
    if (!body.empty()) headers.push_back("Content-Type: application/json");
    return testing::http_request(server_.port(), method, target, body, headers);
  }

  TestServer server_;
};

TEST_P(SessionsOn, SignInSetsAHardenedCookie) {
  const SignInResult s = sign_in(server_.port(), kOfficer, kOfficerPassword);
  ASSERT_EQ(s.http.status, 201) << s.http.body;
  ASSERT_FALSE(s.session.empty()) << s.set_cookie;
  EXPECT_GE(s.session.size(), 32u) << "a session id must be long and random";
  EXPECT_NE(s.set_cookie.find("; HttpOnly"), std::string::npos) << s.set_cookie;
  EXPECT_NE(s.set_cookie.find("; Secure"), std::string::npos) << s.set_cookie;
  EXPECT_NE(s.set_cookie.find("; SameSite=Lax"), std::string::npos) << s.set_cookie;
  EXPECT_NE(s.set_cookie.find("; Path=/"), std::string::npos) << s.set_cookie;
  EXPECT_EQ(s.set_cookie.find("Domain="), std::string::npos) << "a host-only cookie: " << s.set_cookie;
  // The secret is in the cookie only, never in the body (where scripts read it).
  EXPECT_EQ(s.http.body.find(s.session), std::string::npos);
  EXPECT_FALSE(s.csrf.empty());
  EXPECT_NE(s.csrf, s.session);
  EXPECT_EQ(json_field(s.http.body, "second_factor_required"), "false");
  EXPECT_EQ(s.http.header("cache-control"), "no-store");

  const HttpResult me = who_am_i(s.session);
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json_field(me.body, "role"), "officer");

  // Two sign-ins are two different sessions.
  const SignInResult again = sign_in(server_.port(), kOfficer, kOfficerPassword);
  ASSERT_EQ(again.http.status, 201);
  EXPECT_NE(again.session, s.session);
  EXPECT_NE(again.csrf, s.csrf);
}

TEST_P(SessionsOn, IdleSessionsExpireAndUseExtendsThem) {
  const SignInResult s = sign_in(server_.port(), kOfficer, kOfficerPassword);
  ASSERT_EQ(s.http.status, 201);
  // Used every 29 minutes, the session lives on past the 30-minute idle limit.
  for (int i = 0; i < 4; ++i) {
    server_.clock().advance(std::chrono::minutes(29));
    EXPECT_EQ(who_am_i(s.session).status, 200) << "after " << (i + 1) * 29 << " minutes of steady use";
  }
  // Left alone for 30 minutes, it ends.
  server_.clock().advance(std::chrono::minutes(30));
  const HttpResult r = who_am_i(s.session);
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_EQ(json_field(r.body, "code"), "unauthenticated");
  // A refused request does not revive it.
  server_.clock().advance(std::chrono::minutes(1));
  EXPECT_EQ(server_.get("/api/v1/cases", {cookie(s.session)}).status, 401)
      << "an idle-expired session must stay ended";
}

TEST_P(SessionsOn, SessionsEndAtTheAbsoluteExpiryHoweverBusy) {
  const SignInResult s = sign_in(server_.port(), kOfficer, kOfficerPassword);
  ASSERT_EQ(s.http.status, 201);
  // Used every 20 minutes for 11 h 40 min: still signed in.
  for (int i = 0; i < 35; ++i) {
    server_.clock().advance(std::chrono::minutes(20));
    ASSERT_EQ(who_am_i(s.session).status, 200) << "after " << (i + 1) * 20 << " minutes";
  }
  // At 12 hours, it ends, however recently it was used.
  server_.clock().advance(std::chrono::minutes(20));
  EXPECT_EQ(who_am_i(s.session).status, 401);
  EXPECT_EQ(server_.get("/api/v1/cases", {cookie(s.session)}).status, 401);
}

TEST_P(SessionsOn, SigningOutRevokesTheSession) {
  const SignInResult s = sign_in(server_.port(), kOfficer, kOfficerPassword);
  ASSERT_EQ(s.http.status, 201);
  const SignInResult other = sign_in(server_.port(), kOfficer, kOfficerPassword);  // another device
  ASSERT_EQ(other.http.status, 201);
  ASSERT_EQ(who_am_i(s.session).status, 200);

  const HttpResult out = send("DELETE", "/api/v1/session", "", {cookie(s.session), "X-CSRF-Token: " + s.csrf});
  EXPECT_EQ(out.status, 204) << out.body;
  const std::string cleared = out.header("set-cookie");
  EXPECT_EQ(cleared.rfind("civicdesk_session=;", 0), 0u) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;

  // The old cookie no longer works, for reading or writing (a copy kept by
  // an attacker is as dead as the browser's).
  EXPECT_EQ(who_am_i(s.session).status, 401);
  const std::string ref = street_case();
  const HttpResult note = send("POST", "/api/v1/cases/" + ref + "/notes", R"({"text": "after sign-out"})",
                               {cookie(s.session), "X-CSRF-Token: " + s.csrf});
  EXPECT_EQ(note.status, 401) << note.body;
  // Signing out again is harmless.
  EXPECT_EQ(send("DELETE", "/api/v1/session", "", {cookie(s.session), "X-CSRF-Token: " + s.csrf}).status / 100, 2);
  // The other device's session is its own.
  EXPECT_EQ(who_am_i(other.session).status, 200);
}

TEST_P(SessionsOn, SignOutNeedsTheCsrfToken) {
  // A forged cross-site DELETE must not end someone's session.
  const SignInResult s = sign_in(server_.port(), kOfficer, kOfficerPassword);
  ASSERT_EQ(s.http.status, 201);
  const HttpResult forged = send("DELETE", "/api/v1/session", "", {cookie(s.session)});
  EXPECT_EQ(forged.status, 403) << forged.body;
  const HttpResult wrong = send("DELETE", "/api/v1/session", "", {cookie(s.session), "X-CSRF-Token: not-the-token"});
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  EXPECT_EQ(who_am_i(s.session).status, 200) << "a forged sign-out ended the session";
}

TEST_P(SessionsOn, NoSessionFixation) {
  // A session id planted before sign-in (made up, or the attacker's own) is
  // never the one the victim gets.
  const std::string planted = "attacker-chosen-session-id-0123456789abcdef";
  const SignInResult s = sign_in(server_.port(), kOfficer, kOfficerPassword, {cookie(planted)});
  ASSERT_EQ(s.http.status, 201) << s.http.body;
  EXPECT_NE(s.session, planted);
  EXPECT_EQ(who_am_i(planted).status, 401) << "a made-up cookie must be refused";
  EXPECT_EQ(who_am_i(s.session).status, 200);

  const SignInResult attacker = sign_in(server_.port(), "advisor@testshire.gov.uk", "correct horse battery advisor");
  ASSERT_EQ(attacker.http.status, 201);
  const SignInResult victim =
      sign_in(server_.port(), "lead@testshire.gov.uk", "correct horse battery lead", {cookie(attacker.session)});
  ASSERT_EQ(victim.http.status, 201);
  EXPECT_NE(victim.session, attacker.session);
  // The planted session is still the attacker's, not upgraded to the victim.
  const HttpResult planted_me = who_am_i(attacker.session);
  ASSERT_EQ(planted_me.status, 200);
  EXPECT_EQ(json_field(planted_me.body, "role"), "advisor");
  EXPECT_EQ(json_field(who_am_i(victim.session).body, "role"), "lead");
}

TEST_P(SessionsOn, MadeUpAndMangledCookiesAreRefused) {
  const SignInResult s = sign_in(server_.port(), kOfficer, kOfficerPassword);
  ASSERT_EQ(s.http.status, 201);
  std::string flipped = s.session;
  flipped.back() = flipped.back() == 'a' ? 'b' : 'a';
  for (const std::string& bad : {std::string("0000000000000000000000000000000000000000000"), flipped,
                                 s.session.substr(0, s.session.size() - 1), s.session + "x", s.csrf}) {
    SCOPED_TRACE(bad);
    const HttpResult r = server_.get("/api/v1/cases", {cookie(bad)});
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(json_field(r.body, "code"), "unauthenticated");
    EXPECT_EQ(r.header("www-authenticate"), "Bearer realm=\"civicdesk\"");
  }
  // Another cookie with the right name elsewhere in the header does not help.
  EXPECT_EQ(server_.get("/api/v1/session", {"Cookie: other=" + s.session}).status, 401);
}

TEST_P(SessionsOn, StateChangingRequestsNeedTheCsrfToken) {
  const SignInResult s = sign_in(server_.port(), kOfficer, kOfficerPassword);
  ASSERT_EQ(s.http.status, 201);
  const SignInResult other = sign_in(server_.port(), "lead@testshire.gov.uk", "correct horse battery lead");
  ASSERT_EQ(other.http.status, 201);
  const std::string ref = street_case();
  const std::string before = case_state(ref);

  struct Attempt {
    std::string method, target, body;
  };
  const Attempt attempts[] = {
      {"POST", "/api/v1/cases/" + ref + "/notes", R"({"text": "Forged note", "visibility": "public"})"},
      {"PATCH", "/api/v1/cases/" + ref, R"({"title": "Forged title"})"},
      {"POST", "/api/v1/cases/" + ref + "/transitions", R"({"to": "in_progress"})"},
      {"POST", "/api/v1/cases", R"({"category": "general", "description": "Forged case"})"},
  };
  const std::vector<std::string> bad_tokens[] = {
      {},                                              // none
      {"X-CSRF-Token: "},                              // empty
      {"X-CSRF-Token: " + s.csrf.substr(1)},           // nearly
      {"X-CSRF-Token: " + other.csrf},                 // another session's
      {"X-CSRF-Token: " + s.session},                  // the cookie itself
  };
  int cases_before = 0;
  ASSERT_TRUE(server_.services().store.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto counts, tx.count_cases_by_status(server_.council().tenant));
    for (const auto& c : counts) cases_before += static_cast<int>(c.count);
    return {};
  }).ok());
  for (const Attempt& a : attempts) {
    for (const auto& token : bad_tokens) {
      SCOPED_TRACE(a.method + " " + a.target + " with " + (token.empty() ? "no token" : token.front()));
      std::vector<std::string> headers = token;
      headers.push_back(cookie(s.session));
      headers.push_back("If-Match: *");
      const HttpResult r = send(a.method, a.target, a.body, headers);
      EXPECT_EQ(r.status, 403) << r.body;
      EXPECT_EQ(json_field(r.body, "code"), "permission_denied") << r.body;
      EXPECT_EQ(case_state(ref), before) << "a forged request changed the case";
    }
  }
  int cases_after = 0;
  ASSERT_TRUE(server_.services().store.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto counts, tx.count_cases_by_status(server_.council().tenant));
    for (const auto& c : counts) cases_after += static_cast<int>(c.count);
    return {};
  }).ok());
  EXPECT_EQ(cases_after, cases_before) << "a forged POST /api/v1/cases made a case";

  // Reading needs no token.
  EXPECT_EQ(server_.get("/api/v1/cases/" + ref, {cookie(s.session)}).status, 200);
  EXPECT_EQ(server_.get("/api/v1/cases", {cookie(s.session)}).status, 200);
  // With the session's own token the same request works (so the refusals
  // above were about the token, nothing else).
  const HttpResult ok = send("POST", "/api/v1/cases/" + ref + "/notes", R"({"text": "Real note"})",
                             {cookie(s.session), "X-CSRF-Token: " + s.csrf});
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_NE(case_state(ref), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionsOn, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk::security
