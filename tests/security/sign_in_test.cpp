// Signing in: brute force (exponential backoff per account and per client
// address, on the fake clock), no account enumeration, the second factor,
// password reset and resident registration by one-time links read from the
// outbox.
#include <gtest/gtest.h>

#include <set>

#include "app/crypto.h"
#include <nlohmann/json.hpp>

#include "security/security_world.h"

namespace civicdesk::security {
namespace {

using testing::HttpResult;
using testing::TestServer;

constexpr const char* kOfficer = "officer@testshire.gov.uk";
constexpr const char* kOfficerPassword = "correct horse battery officer";
constexpr const char* kWrong = "not the password at all";

class SignInOn : public ::testing::TestWithParam<std::string> {
 protected:
  SignInOn() : server_(GetParam()) {}

  SignInResult attempt(const std::string& email, const std::string& password) {
    return sign_in(server_.port(), email, password);
  }
  // The app's sign-in as if from `address` (the HTTP tests all come from
  // 127.0.0.1, so this is how per-account and per-address limits are told
  // apart).
  Result<SignedIn> from(const std::string& address, const std::string& email, const std::string& password) {
    RequestContext ctx = server_.council().ctx(server_.clock().now());
    ctx.principal = Principal{};
    ctx.address = address;
    return server_.services().accounts.sign_in(ctx, email, password, "test");
  }
  HttpResult post(const std::string& target, const std::string& body, std::vector<std::string> headers = {}) {
    headers.push_back("Content-Type: application/json");
    return testing::http_request(server_.port(), "POST", target, body, headers);
  }
  void advance(int seconds) { server_.clock().advance(std::chrono::seconds(seconds)); }

  TestServer server_;
};

// ---- brute force -----------------------------------------------------------------

TEST_P(SignInOn, RepeatedFailuresWaitLongerEachTime) {
  // The first four failures cost nothing but a 401.
  for (int i = 0; i < 4; ++i) {
    const SignInResult r = attempt(kOfficer, kWrong);
    ASSERT_EQ(r.http.status, 401) << "failure " << i + 1 << ": " << r.http.body;
    EXPECT_TRUE(r.session.empty());
  }
  // The fifth starts the waits: 1, 2, 4, 8 seconds. Inside each wait every
  // attempt is refused with 429, even with the right password, and does not
  // extend the wait; at its end one more attempt is heard.
  ASSERT_EQ(attempt(kOfficer, kWrong).http.status, 401);
  for (int wait : {1, 2, 4, 8}) {
    SCOPED_TRACE("waiting " + std::to_string(wait) + " s");
    const SignInResult locked = attempt(kOfficer, kOfficerPassword);
    EXPECT_EQ(locked.http.status, 429) << locked.http.body;
    EXPECT_EQ(json_field(locked.http.body, "code"), "too_many_requests");
    EXPECT_EQ(locked.http.header("retry-after"), std::to_string(wait));
    EXPECT_TRUE(locked.session.empty()) << "the right password during the lockout must not sign in";
    if (wait > 1) {
      advance(wait - 1);
      EXPECT_EQ(attempt(kOfficer, kOfficerPassword).http.status, 429) << "one second before the wait ends";
      advance(1);
    } else {
      advance(1);
    }
    if (wait < 8) ASSERT_EQ(attempt(kOfficer, kWrong).http.status, 401) << "heard again after the wait";
  }
  // After the wait, the right password works, and clears the account's count.
  const SignInResult ok = attempt(kOfficer, kOfficerPassword);
  ASSERT_EQ(ok.http.status, 201) << ok.http.body;
  EXPECT_FALSE(ok.session.empty());
  EXPECT_EQ(server_.get("/api/v1/session", {cookie(ok.session)}).status, 200);
}

TEST_P(SignInOn, AccountsAreThrottledWhereverTheAttemptsComeFrom) {
  // Five failures for one account, each from a different address.
  for (int i = 1; i <= 5; ++i) {
    auto r = from("192.0.2." + std::to_string(i), kOfficer, kWrong);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  }
  // A sixth address with the right password is still refused...
  auto locked = from("192.0.2.6", kOfficer, kOfficerPassword);
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::kTooManyRequests);
  // ...while other accounts from fresh addresses are unaffected.
  EXPECT_TRUE(from("192.0.2.7", "lead@testshire.gov.uk", "correct horse battery lead").ok());
  // After the wait, the owner gets in.
  advance(1);
  EXPECT_TRUE(from("192.0.2.6", kOfficer, kOfficerPassword).ok());
}

TEST_P(SignInOn, AddressesAreThrottledAcrossAccounts) {
  // Password spraying: one guess each at many accounts from one address.
  const char* victims[] = {"advisor@testshire.gov.uk", "officer@testshire.gov.uk", "lead@testshire.gov.uk",
                           "manager@testshire.gov.uk", "administrator@testshire.gov.uk"};
  for (const char* v : victims) ASSERT_EQ(attempt(v, kWrong).http.status, 401) << v;
  // The address now waits, whichever account it tries next (and even with
  // a right password).
  const SignInResult next = attempt("councillor@testshire.gov.uk", "correct horse battery councillor");
  EXPECT_EQ(next.http.status, 429) << next.http.body;
  EXPECT_TRUE(next.session.empty());
  // Another address is not held up by this one.
  EXPECT_TRUE(from("198.51.100.1", "councillor@testshire.gov.uk", "correct horse battery councillor").ok());

  // Signing in to an account of one's own must not wipe the address's
  // record: otherwise a sprayer with one account gets four free guesses
  // after every sign-in of their own.
  advance(1);
  ASSERT_EQ(attempt("resident@testshire.gov.uk", "correct horse battery resident").http.status, 201);
  ASSERT_EQ(attempt("councillor@testshire.gov.uk", kWrong).http.status, 401);
  const SignInResult after = attempt("councillor@testshire.gov.uk", kWrong);
  EXPECT_EQ(after.http.status, 429) << "the address's failures were forgotten after an unrelated sign-in";
}

TEST_P(SignInOn, FailuresAreForgottenAfterAQuietDay) {
  // An office behind one address must not wait after every typo for good
  // (the address's count is not cleared by its users' successful sign-ins).
  for (int i = 0; i < 5; ++i) ASSERT_EQ(attempt("ghost@testshire.gov.uk", kWrong).http.status, 401);
  advance(23 * 3600);
  ASSERT_EQ(attempt("ghost@testshire.gov.uk", kWrong).http.status, 401);  // the sixth within a day
  EXPECT_EQ(attempt(kOfficer, kOfficerPassword).http.status, 429) << "a day is not over: still waiting";
  advance(24 * 3600);
  ASSERT_EQ(attempt("ghost@testshire.gov.uk", kWrong).http.status, 401);  // the first of a new day
  const SignInResult ok = attempt(kOfficer, kOfficerPassword);
  EXPECT_EQ(ok.http.status, 201) << ok.http.body;
}

// ---- no account enumeration ---------------------------------------------------------

TEST_P(SignInOn, UnknownEmailAndWrongPasswordLookTheSame) {
  // The manager's account is switched off; the right password must not tell.
  Id manager = 0;
  auto users = server_.services().store.read_value<std::vector<User>>(
      [&](ReadTx& tx) { return tx.list_users(server_.council().tenant); });
  ASSERT_TRUE(users.ok());
  for (const auto& u : *users)
    if (u.role == Role::kManager) manager = u.id;
  ASSERT_TRUE(server_.services()
                  .accounts.update_user(server_.council().ctx(server_.clock().now()), manager, std::nullopt, false,
                                        std::nullopt)
                  .ok());
  const SignInResult wrong = attempt(kOfficer, kWrong);
  const SignInResult unknown = attempt("nobody.here@testshire.gov.uk", kWrong);
  const SignInResult malformed = attempt("not an email address", kWrong);
  const SignInResult inactive = attempt("manager@testshire.gov.uk", "correct horse battery manager");
  for (const SignInResult* r : {&wrong, &unknown, &malformed, &inactive}) {
    EXPECT_EQ(r->http.status, 401) << r->http.body;
    EXPECT_TRUE(r->session.empty());
    EXPECT_EQ(problem_without_request_id(r->http.body), problem_without_request_id(wrong.http.body));
    EXPECT_EQ(r->http.header("www-authenticate"), wrong.http.header("www-authenticate"));
  }
}

TEST_P(SignInOn, UnknownEmailsAreThrottledLikeRealOnes) {
  // Otherwise the 429 would tell which addresses have accounts.
  for (int i = 1; i <= 5; ++i) {
    ASSERT_FALSE(from("203.0.113." + std::to_string(i), kOfficer, kWrong).ok());
    ASSERT_FALSE(from("203.0.113." + std::to_string(i), "ghost@testshire.gov.uk", kWrong).ok());
  }
  auto real = from("203.0.113.50", kOfficer, kWrong);
  auto ghost = from("203.0.113.51", "ghost@testshire.gov.uk", kWrong);
  ASSERT_FALSE(real.ok());
  ASSERT_FALSE(ghost.ok());
  EXPECT_EQ(real.error().code, ErrorCode::kTooManyRequests);
  EXPECT_EQ(ghost.error().code, real.error().code);
  EXPECT_EQ(ghost.error().message, real.error().message);
}

TEST_P(SignInOn, ResetAndRegistrationDoNotRevealAccounts) {
  const HttpResult known = post("/api/v1/password-resets", R"({"email": "officer@testshire.gov.uk"})");
  const HttpResult unknown = post("/api/v1/password-resets", R"({"email": "ghost@testshire.gov.uk"})");
  EXPECT_EQ(known.status, 202);
  EXPECT_EQ(unknown.status, known.status);
  EXPECT_EQ(unknown.body, known.body);
  EXPECT_EQ(outbox_count(server_, "officer@testshire.gov.uk", "reset_password"), 1);
  EXPECT_EQ(outbox_count(server_, "ghost@testshire.gov.uk"), 0);

  const std::string form = R"({"name": "Someone", "email": "%s", "password": "a long and unguessable password"})";
  auto registration = [&](const std::string& email) {
    std::string body = form;
    body.replace(body.find("%s"), 2, email);
    return post("/api/v1/registrations", body);
  };
  const HttpResult taken = registration("resident@testshire.gov.uk");
  const HttpResult fresh = registration("fresh@example.com");
  EXPECT_EQ(taken.status, 202);
  EXPECT_EQ(fresh.status, 202);
  EXPECT_EQ(taken.body, fresh.body);
}

// ---- the second factor ---------------------------------------------------------------

std::string wrong_code(const std::string& secret, Instant now) {
  std::set<std::string> valid;
  for (int step = -3; step <= 3; ++step)
    valid.insert(crypto::totp_code(secret, now + std::chrono::seconds(30 * step)).value_or(""));
  for (int n = 123456;; n = (n + 111111) % 1000000) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%06d", n);
    if (!valid.count(buf)) return buf;
  }
}

TEST_P(SignInOn, SecondFactorIsNeededOnceEnabled) {
  const std::string bearer = server_.auth(Role::kOfficer);
  const HttpResult setup = post("/api/v1/account/totp", "", {bearer});
  ASSERT_EQ(setup.status, 200) << setup.body;
  const std::string secret = json_field(setup.body, "secret");
  ASSERT_EQ(secret.size(), 32u);
  EXPECT_NE(json_field(setup.body, "uri").find("otpauth://totp/"), std::string::npos);
  // Nothing is switched on until a code proves the app has the secret.
  const Instant now = server_.clock().now();
  const HttpResult bad_confirm = post("/api/v1/account/totp/confirm",
                                      nlohmann::json{{"secret", secret}, {"code", wrong_code(secret, now)}}.dump(),
                                      {bearer});
  EXPECT_EQ(bad_confirm.status / 100, 4) << bad_confirm.body;
  {
    const SignInResult plain = attempt(kOfficer, kOfficerPassword);
    ASSERT_EQ(plain.http.status, 201);
    EXPECT_EQ(json_field(plain.http.body, "second_factor_required"), "false");
  }
  const HttpResult confirm = post("/api/v1/account/totp/confirm",
                                  nlohmann::json{{"secret", secret}, {"code", *crypto::totp_code(secret, now)}}.dump(),
                                  {bearer});
  ASSERT_EQ(confirm.status, 204) << confirm.body;

  // Now the password alone gives a session that can do nothing.
  const SignInResult s = attempt(kOfficer, kOfficerPassword);
  ASSERT_EQ(s.http.status, 201) << s.http.body;
  EXPECT_EQ(json_field(s.http.body, "second_factor_required"), "true");
  ASSERT_FALSE(s.session.empty());
  EXPECT_EQ(server_.get("/api/v1/session", {cookie(s.session)}).status, 401);
  EXPECT_EQ(server_.get("/api/v1/cases", {cookie(s.session)}).status, 401);

  const std::vector<std::string> session = {cookie(s.session), "X-CSRF-Token: " + s.csrf};
  const HttpResult wrong = post("/api/v1/session/second-factor",
                                nlohmann::json{{"code", wrong_code(secret, server_.clock().now())}}.dump(), session);
  EXPECT_EQ(wrong.status, 401) << wrong.body;
  EXPECT_EQ(server_.get("/api/v1/cases", {cookie(s.session)}).status, 401) << "a wrong code must not finish sign-in";

  const HttpResult right = post("/api/v1/session/second-factor",
                                nlohmann::json{{"code", *crypto::totp_code(secret, server_.clock().now())}}.dump(),
                                session);
  EXPECT_EQ(right.status, 204) << right.body;
  const HttpResult me = server_.get("/api/v1/session", {cookie(s.session)});
  EXPECT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json_field(me.body, "role"), "officer");
}

TEST_P(SignInOn, WrongSecondFactorCodesAreThrottled) {
  const Instant now = server_.clock().now();
  const std::string secret = crypto::new_totp_secret();
  // Enable through the API, as the officer.
  const std::string bearer = server_.auth(Role::kOfficer);
  ASSERT_EQ(post("/api/v1/account/totp/confirm",
                 nlohmann::json{{"secret", secret}, {"code", *crypto::totp_code(secret, now)}}.dump(), {bearer})
                .status,
            204);
  const SignInResult s = attempt(kOfficer, kOfficerPassword);
  ASSERT_EQ(s.http.status, 201);
  const std::vector<std::string> session = {cookie(s.session), "X-CSRF-Token: " + s.csrf};
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(post("/api/v1/session/second-factor",
                   nlohmann::json{{"code", wrong_code(secret, server_.clock().now())}}.dump(), session)
                  .status,
              401);
  // Guessing has to wait: the right code is refused inside the wait.
  const HttpResult locked = post("/api/v1/session/second-factor",
                                 nlohmann::json{{"code", *crypto::totp_code(secret, server_.clock().now())}}.dump(),
                                 session);
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(server_.get("/api/v1/cases", {cookie(s.session)}).status, 401);
}

// ---- password reset ---------------------------------------------------------------------

TEST_P(SignInOn, PasswordResetLinksWorkOnceAndRevokeSessionsAndPersonalTokens) {
  const SignInResult before = attempt(kOfficer, kOfficerPassword);
  ASSERT_EQ(before.http.status, 201);
  ASSERT_EQ(server_.get("/api/v1/session", {cookie(before.session)}).status, 200);
  // The officer's personal API token (made with the old password, perhaps by
  // whoever stole it).
  ASSERT_EQ(server_.get("/api/v1/session", {server_.auth(Role::kOfficer)}).status, 200);

  ASSERT_EQ(post("/api/v1/password-resets", R"({"email": "officer@testshire.gov.uk"})").status, 202);
  const std::string token = emailed_token(server_, kOfficer, "reset_password");
  ASSERT_FALSE(token.empty()) << "no reset link in the outbox";
  EXPECT_GE(token.size(), 32u);
  // A reset link is not a verification link.
  EXPECT_EQ(post("/api/v1/email-verifications", nlohmann::json{{"token", token}}.dump()).status, 404);

  const std::string fresh = "a brand new and long password";
  const HttpResult done =
      post("/api/v1/password-resets/complete", nlohmann::json{{"token", token}, {"password", fresh}}.dump());
  ASSERT_EQ(done.status, 204) << done.body;

  // Sessions and personal tokens from before the reset (perhaps the
  // attacker's) are over; other people's tokens are untouched.
  EXPECT_EQ(server_.get("/api/v1/session", {cookie(before.session)}).status, 401);
  EXPECT_EQ(server_.get("/api/v1/session", {server_.auth(Role::kOfficer)}).status, 401);
  EXPECT_EQ(server_.get("/api/v1/session", {server_.auth(Role::kLead)}).status, 200);
  EXPECT_EQ(attempt(kOfficer, kOfficerPassword).http.status, 401) << "the old password still works";
  const SignInResult after = attempt(kOfficer, fresh);
  EXPECT_EQ(after.http.status, 201) << after.http.body;

  // The link works once.
  const HttpResult again = post("/api/v1/password-resets/complete",
                                nlohmann::json{{"token", token}, {"password", "yet another long password"}}.dump());
  EXPECT_EQ(again.status, 404) << again.body;
  EXPECT_EQ(attempt(kOfficer, "yet another long password").http.status, 401);
  EXPECT_EQ(attempt(kOfficer, fresh).http.status, 201);
  // A made-up token does nothing.
  EXPECT_EQ(post("/api/v1/password-resets/complete",
                 nlohmann::json{{"token", token.substr(0, token.size() - 2) + "xx"}, {"password", "made up long password"}}
                     .dump())
                .status,
            404);
}

TEST_P(SignInOn, PasswordResetLinksExpire) {
  ASSERT_EQ(post("/api/v1/password-resets", R"({"email": "officer@testshire.gov.uk"})").status, 202);
  const std::string token = emailed_token(server_, kOfficer, "reset_password");
  ASSERT_FALSE(token.empty());
  advance(61 * 60);  // links last an hour
  const HttpResult late = post("/api/v1/password-resets/complete",
                               nlohmann::json{{"token", token}, {"password", "a password set too late"}}.dump());
  EXPECT_EQ(late.status, 404) << late.body;
  EXPECT_EQ(attempt(kOfficer, "a password set too late").http.status, 401);
  EXPECT_EQ(attempt(kOfficer, kOfficerPassword).http.status, 201);
}

// ---- registration and email verification ----------------------------------------------

TEST_P(SignInOn, ResidentsRegisterAndVerifyTheirEmail) {
  const std::string email = "nina.new@example.com";
  const std::string password = "nina's long enough password";
  const HttpResult reg = post("/api/v1/registrations",
                              nlohmann::json{{"name", "Nina New"}, {"email", email}, {"password", password}}.dump());
  ASSERT_EQ(reg.status, 202) << reg.body;

  // Not before the address is confirmed.
  const SignInResult early = attempt(email, password);
  EXPECT_EQ(early.http.status, 401) << early.http.body;
  EXPECT_TRUE(early.session.empty());

  const std::string token = emailed_token(server_, email, "verify_email");
  ASSERT_FALSE(token.empty()) << "no verification link in the outbox";
  EXPECT_EQ(post("/api/v1/email-verifications", nlohmann::json{{"token", token}}.dump()).status, 204);
  EXPECT_EQ(post("/api/v1/email-verifications", nlohmann::json{{"token", token}}.dump()).status, 404)
      << "a verification link works once";

  const SignInResult s = attempt(email, password);
  ASSERT_EQ(s.http.status, 201) << s.http.body;
  const HttpResult me = server_.get("/api/v1/session", {cookie(s.session)});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json_field(me.body, "role"), "resident");
  EXPECT_FALSE(json_field(me.body, "customer_id").empty());
  EXPECT_NE(json_field(me.body, "customer_id"), std::to_string(server_.resident_customer()));
  // A new resident sees no one else's cases.
  const HttpResult cases = server_.get("/api/v1/cases", {cookie(s.session)});
  ASSERT_EQ(cases.status, 200);
  EXPECT_EQ(json_field(cases.body, "items"), "[]");

  // Registering the address again takes nothing over: the owner is told by
  // email, the new password does not work, the old one does.
  const HttpResult again =
      post("/api/v1/registrations",
           nlohmann::json{{"name", "Mallory"}, {"email", email}, {"password", "mallory's takeover password"}}.dump());
  EXPECT_EQ(again.status, 202);
  EXPECT_EQ(again.body, reg.body);
  EXPECT_EQ(outbox_count(server_, email, "verify_email"), 1);
  EXPECT_EQ(outbox_count(server_, email, "account_exists"), 1);
  EXPECT_EQ(attempt(email, "mallory's takeover password").http.status, 401);
  EXPECT_EQ(attempt(email, password).http.status, 201);
}

TEST_P(SignInOn, VerificationLinksExpire) {
  const std::string email = "late.larry@example.com";
  const std::string password = "larry's long enough password";
  ASSERT_EQ(post("/api/v1/registrations",
                 nlohmann::json{{"name", "Larry Late"}, {"email", email}, {"password", password}}.dump())
                .status,
            202);
  const std::string token = emailed_token(server_, email, "verify_email");
  ASSERT_FALSE(token.empty());
  advance(61 * 60);
  EXPECT_EQ(post("/api/v1/email-verifications", nlohmann::json{{"token", token}}.dump()).status, 404);
  EXPECT_EQ(attempt(email, password).http.status, 401) << "an unconfirmed resident signed in";
}

INSTANTIATE_TEST_SUITE_P(Backends, SignInOn, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk::security
