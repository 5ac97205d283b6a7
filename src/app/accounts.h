// Accounts and authentication: users (staff, councillors, residents),
// sign-in with throttling and an optional second factor, sessions, API
// tokens, email verification and password reset by one-time links (sent
// through the outbox), and turning a request's credentials into a Principal.
//
// Sessions: 256-bit random cookie secrets, stored as SHA-256 digests, with an
// idle expiry (extended as the session is used) and an absolute expiry; a
// CSRF token per session, required on every state-changing request made with
// the cookie. Revoked on sign-out, password reset or by an administrator.
//
// Throttling: failures are counted per account and per client address; after
// a few, each further attempt must wait 1, 2, 4 ... seconds (at most 15
// minutes), and attempts inside the wait are refused without checking the
// password. A successful sign-in clears the account's count.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/catalogue_cache.h"
#include "app/principal_cache.h"
#include "app/context.h"
#include "app/crypto.h"
#include "store/store.h"

namespace civicdesk {

struct AccountOptions {
  crypto::PasswordCost password_cost = crypto::PasswordCost::interactive();
  std::chrono::seconds session_idle{std::chrono::minutes(30)};
  std::chrono::seconds session_absolute{std::chrono::hours(12)};
  std::chrono::seconds link_lifetime{std::chrono::hours(1)};  // reset and verification links
  int free_failures = 4;            // failed sign-ins before waits begin
  std::string public_url = "http://127.0.0.1:8080";  // for links in emails
  // How long an API token's principal is remembered (app/principal_cache.h);
  // 0: read it on every request.
  std::chrono::milliseconds principal_cache_ttl{std::chrono::seconds(5)};
};

struct NewUser {
  std::string email;
  std::string name;
  Role role = Role::kOfficer;
  std::string password;
  std::optional<Id> officer_id, member_id, customer_id;
  bool email_verified = true;  // accounts made by an administrator
};

struct SignedIn {
  std::string session_token;  // the cookie's value; shown once
  std::string csrf_token;
  User user;
  bool needs_second_factor = false;
  Instant expires_at{};
};

struct NewToken {
  std::string name;
  std::set<std::string> scopes;     // a client system's token
  std::optional<Id> user_id;        // or a person's own token (acts as them)
  std::optional<Instant> expires_at;
};

// What a request presented, for authenticate().
struct Credentials {
  std::string bearer;          // Authorization: Bearer <token>
  std::string session_cookie;  // civicdesk_session cookie
  std::string csrf_header;     // X-CSRF-Token
  bool state_changing = false; // not GET/HEAD
};

class AccountService {
 public:
  AccountService(Store& store, CatalogueCache& cache, AccountOptions options = {})
      : store_(store), cache_(cache), options_(std::move(options)), principals_(options_.principal_cache_ttl) {}

  const AccountOptions& options() const { return options_; }

  // Administrators (and the command line) create staff and councillor
  // accounts. The linked officer/councillor/customer must exist and match
  // the role.
  Result<User> create_user(const RequestContext& ctx, NewUser in);
  Result<std::vector<User>> list_users(const RequestContext& ctx);
  Result<User> get_user(const RequestContext& ctx, Id id);
  // Changes role, active flag or name; deactivating revokes sessions.
  Result<User> update_user(const RequestContext& ctx, Id id, std::optional<Role> role, std::optional<bool> active,
                           std::optional<std::string> name);

  // Residents register themselves: a customer record and an unverified
  // account; a verification link goes out by email. Succeeds the same way
  // for an address that already has an account (whose owner is told by
  // email instead), so nobody can probe for accounts.
  Status register_resident(const RequestContext& ctx, const std::string& name, const std::string& email,
                                 const std::string& password);
  Status verify_email(const RequestContext& ctx, const std::string& token);

  // unauthenticated (401) for a wrong email or password, an inactive
  // account, or an unverified resident, always with the same message;
  // too_many_requests while throttled.
  Result<SignedIn> sign_in(const RequestContext& ctx, const std::string& email, const std::string& password,
                           const std::string& user_agent);
  Status confirm_second_factor(const RequestContext& ctx, const std::string& session_token, const std::string& code);
  Status sign_out(const RequestContext& ctx, const std::string& session_token);
  // Staff turn on a second factor: begin returns the secret (and an otpauth
  // URI) to put in an authenticator; confirm checks a first code.
  struct TotpSetup {
    std::string secret, uri;
  };
  Result<TotpSetup> begin_totp(const RequestContext& ctx);
  Status confirm_totp(const RequestContext& ctx, const std::string& secret, const std::string& code);

  // Always succeeds (so nobody can find out who has an account); when the
  // address has one, a reset link is queued in the outbox.
  Status request_password_reset(const RequestContext& ctx, const std::string& email);
  // A reset also ends the user's sessions and revokes their personal API tokens.
  Status reset_password(const RequestContext& ctx, const std::string& token, const std::string& password);

  // API tokens: the secret is returned once.
  Result<std::string> create_token(const RequestContext& ctx, const NewToken& in);
  Result<std::vector<ApiToken>> list_tokens(const RequestContext& ctx);
  Status revoke_token(const RequestContext& ctx, const std::string& name);

  // Who a request is from: anonymous without credentials; unauthenticated
  // for a token or session that is unknown, expired or revoked (or a
  // session cookie without its CSRF token on a state-changing request).
  Result<Principal> authenticate(TenantId tenant, const Credentials& credentials, Instant now);
  // The principal for a user (role, officer's delivery unit and team,
  // councillor's ward, resident's customer record).
  Result<Principal> principal_for(ReadTx& tx, TenantId tenant, const User& user);

 private:
  Status throttle_check(ReadTx& tx, TenantId tenant, const std::vector<std::string>& keys, Instant now);
  Status record_failure(const RequestContext& ctx, const std::vector<std::string>& keys, const std::string& email);
  Result<std::string> issue_link(Tx& tx, const RequestContext& ctx, const User& user, const std::string& purpose);

  // A change to who a token stands for: forget what was remembered.
  template <typename F>
  Status changing_principals(F&& write) {
    Status s = write();
    principals_.forget_all();
    return s;
  }

  Store& store_;
  CatalogueCache& cache_;
  AccountOptions options_;
  PrincipalCache principals_;
};

}  // namespace civicdesk
