#include "app/accounts.h"

#include <algorithm>

#include "app/audit.h"
#include "domain/identifiers.h"
#include "domain/text.h"

namespace civicdesk {

namespace {

constexpr std::string_view kPurposeVerify = "verify_email";
constexpr std::string_view kPurposeReset = "reset_password";
constexpr auto kTouchEvery = std::chrono::seconds(60);
// Sessions and tokens share the principal cache; their keys never meet.
const std::string kSessionKeyPrefix = "session:";
constexpr auto kForgetFailuresAfter = std::chrono::hours(24);

Error wrong_credentials() {
  return Error(ErrorCode::kUnauthenticated, "The email address or password is not right");
}

Error throttled(std::chrono::seconds wait) {
  Error e(ErrorCode::kTooManyRequests,
          "Too many failed attempts: wait " + std::to_string(wait.count()) + " seconds before trying again");
  e.retry_after_seconds = static_cast<int>(std::max<int64_t>(1, wait.count()));
  return e;
}

// A hash to check against when the account does not exist, so that a wrong
// email costs as long as a wrong password (no probing for accounts).
const std::string& dummy_hash(const crypto::PasswordCost& cost) {
  static const std::string hash = crypto::hash_password("not a password of anyone's", cost).value();
  return hash;
}

std::vector<std::string> throttle_keys(const std::string& email, const std::string& address) {
  std::vector<std::string> keys{"account:" + email};
  if (!address.empty()) keys.push_back("address:" + address);
  return keys;
}

}  // namespace

Result<Principal> AccountService::principal_for(ReadTx& tx, TenantId tenant, const User& user) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.id = user.id;
  p.name = user.name;
  p.role = user.role;
  p.customer_id = user.customer_id;
  if (user.officer_id || user.member_id) {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, tenant));
    if (user.officer_id) {
      if (auto it = cat->officers.find(*user.officer_id); it != cat->officers.end()) {
        p.officer_id = it->first;
        p.delivery_unit = it->second.delivery_unit;
        p.team = it->second.team;
      }
    }
    if (user.member_id) {
      if (auto it = cat->members.find(*user.member_id); it != cat->members.end()) {
        p.member_id = it->first;
        p.ward = it->second.ward;
      }
    }
  }
  return p;
}

Result<User> AccountService::create_user(const RequestContext& ctx, NewUser in) {
  if (!can(ctx.principal, Permission::kManageUsers)) return denied(ctx, "manage accounts");
  ASSIGN_OR_RETURN(in.email, parse_email(in.email, "email"));
  if (trim(in.name).empty()) return missing_field("name");
  RETURN_IF_ERROR(check_text(in.name, "name", 200));
  RETURN_IF_ERROR(crypto::check_password_strength(in.password));
  if (in.role == Role::kCouncillor && !in.member_id)
    return Error(ErrorCode::kMissingField, "Say which councillor this account is for", "member_id");
  if (in.role == Role::kResident && !in.customer_id)
    return Error(ErrorCode::kMissingField, "Say which customer record this account is for", "customer_id");
  if (in.role != Role::kCouncillor && in.member_id)
    return invalid_field("member_id", "Only councillors' accounts are linked to a councillor");
  if (in.role != Role::kResident && in.customer_id)
    return invalid_field("customer_id", "Only residents' accounts are linked to a customer record");
  if (!is_staff(in.role) && in.officer_id) return invalid_field("officer_id", "Only staff are officers");
  ASSIGN_OR_RETURN(std::string hash, crypto::hash_password(in.password, options_.password_cost));
  User u;
  u.email = in.email;
  u.name = std::string(trim(in.name));
  u.role = in.role;
  u.password_hash = std::move(hash);
  u.officer_id = in.officer_id;
  u.member_id = in.member_id;
  u.customer_id = in.customer_id;
  u.email_verified = in.email_verified;
  u.created_at = u.updated_at = ctx.now;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    if (u.officer_id && !cat->officers.count(*u.officer_id))
      return invalid_field("officer_id", "There is no officer " + std::to_string(*u.officer_id));
    if (u.member_id && !cat->members.count(*u.member_id))
      return invalid_field("member_id", "There is no councillor " + std::to_string(*u.member_id));
    if (u.customer_id) {
      auto c = tx.get_customer(ctx.tenant, *u.customer_id);
      if (!c) return invalid_field("customer_id", "There is no customer " + std::to_string(*u.customer_id));
    }
    ASSIGN_OR_RETURN(u.id, tx.insert_user(ctx.tenant, u));
    return audit(tx, ctx, "user.create", "user", std::to_string(u.id), {{"role", std::string(to_string(u.role))}});
  }));
  return u;
}

Result<std::vector<User>> AccountService::list_users(const RequestContext& ctx) {
  if (!can(ctx.principal, Permission::kManageUsers)) return denied(ctx, "see accounts");
  return store_.read_value<std::vector<User>>([&](ReadTx& tx) { return tx.list_users(ctx.tenant); });
}

Result<User> AccountService::get_user(const RequestContext& ctx, Id id) {
  const bool self = ctx.principal.kind == Principal::Kind::kUser && ctx.principal.id == id;
  if (!self && !can(ctx.principal, Permission::kManageUsers)) return denied(ctx, "see accounts");
  return store_.read_value<User>([&](ReadTx& tx) { return tx.get_user(ctx.tenant, id); });
}

Result<User> AccountService::update_user(const RequestContext& ctx, Id id, std::optional<Role> role,
                                         std::optional<bool> active, std::optional<std::string> name) {
  if (!can(ctx.principal, Permission::kManageUsers)) return denied(ctx, "manage accounts");
  if (name) RETURN_IF_ERROR(check_text(*name, "name", 200));
  User out;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(User u, tx.get_user(ctx.tenant, id));
    std::map<std::string, std::string> changed;
    if (role && *role != u.role) {
      if ((*role == Role::kCouncillor) != (u.role == Role::kCouncillor) ||
          (*role == Role::kResident) != (u.role == Role::kResident))
        return invalid_field("role", "Staff, councillor and resident accounts cannot change into each other");
      u.role = *role;
      changed["role"] = std::string(to_string(*role));
    }
    if (active && *active != u.active) {
      u.active = *active;
      changed["active"] = *active ? "true" : "false";
      if (!*active) RETURN_IF_ERROR(tx.revoke_sessions(ctx.tenant, u.id, std::nullopt, ctx.now));
    }
    if (name && !trim(*name).empty()) {
      u.name = std::string(trim(*name));
      changed["name"] = "changed";
    }
    u.updated_at = ctx.now;
    RETURN_IF_ERROR(tx.update_user(ctx.tenant, u));
    out = u;
    return audit(tx, ctx, "user.update", "user", std::to_string(id), changed);
  }));
  principals_.forget_all();
  return out;
}

Result<std::string> AccountService::issue_link(Tx& tx, const RequestContext& ctx, const User& user,
                                               const std::string& purpose) {
  const std::string token = crypto::random_token("");
  const std::string hash = crypto::sha256_hex(token);
  RETURN_IF_ERROR(tx.insert_one_time_token(ctx.tenant, hash, purpose, user.id, ctx.now, ctx.now + options_.link_lifetime));
  const bool reset = purpose == kPurposeReset;
  const std::string link = options_.public_url + (reset ? "/reset-password?token=" : "/verify-email?token=") + token;
  OutboxMessage m;
  m.created_at = ctx.now;
  m.channel = "email";
  m.recipient = user.email;
  m.template_name = purpose;
  m.subject = reset ? "Reset your password" : "Confirm your email address";
  m.body = (reset ? "Someone asked to reset the password for your account. If it was you, use this link within "
                    "an hour:\n\n"
                  : "Confirm your email address to finish setting up your account (the link works for an hour):\n\n") +
           link + "\n\nIf you did not ask for this, you can ignore this email.";
  m.personalisation = {{"name", user.name}, {"link", link}};
  m.idempotency_key = purpose + ":" + hash;
  m.next_attempt_at = ctx.now;
  RETURN_IF_ERROR(tx.enqueue_message(ctx.tenant, m));
  return token;
}

Status AccountService::register_resident(const RequestContext& ctx, const std::string& name, const std::string& email_in,
                                        const std::string& password) {
  ASSIGN_OR_RETURN(std::string email, parse_email(email_in, "email"));
  if (trim(name).empty()) return Error(ErrorCode::kMissingField, "Enter your name", "name");
  RETURN_IF_ERROR(check_text(name, "name", 200));
  RETURN_IF_ERROR(crypto::check_password_strength(password));
  ASSIGN_OR_RETURN(std::string hash, crypto::hash_password(password, options_.password_cost));
  return store_.write([&](Tx& tx) -> Status {
    if (auto existing = tx.get_user_by_email(ctx.tenant, email); existing) {
      // Say nothing to the caller; tell the owner instead.
      OutboxMessage m;
      m.created_at = ctx.now;
      m.channel = "email";
      m.recipient = email;
      m.template_name = "account_exists";
      m.subject = "You already have an account";
      m.body = "Someone tried to register with this email address, which already has an account. If it was "
               "you, sign in or reset your password.";
      m.idempotency_key = "account_exists:" + email + ":" + std::to_string(ctx.now.time_since_epoch().count());
      m.next_attempt_at = ctx.now;
      RETURN_IF_ERROR(tx.enqueue_message(ctx.tenant, m));
      return {};
    }
    Customer c;
    const std::string full(trim(name));
    const size_t space = full.rfind(' ');
    c.given_name = space == std::string::npos ? "" : full.substr(0, space);
    c.family_name = space == std::string::npos ? full : full.substr(space + 1);
    c.emails = {{email, "", true}};
    c.preferred_channel = PreferredChannel::kEmail;
    c.created_at = c.updated_at = ctx.now;
    c.version = 1;
    ASSIGN_OR_RETURN(c.id, tx.insert_customer(ctx.tenant, c));
    User u;
    u.email = email;
    u.name = full;
    u.role = Role::kResident;
    u.password_hash = hash;
    u.customer_id = c.id;
    u.email_verified = false;
    u.created_at = u.updated_at = ctx.now;
    ASSIGN_OR_RETURN(u.id, tx.insert_user(ctx.tenant, u));
    RETURN_IF_ERROR(issue_link(tx, ctx, u, std::string(kPurposeVerify)));
    return audit(tx, ctx, "user.register", "user", std::to_string(u.id), {{"customer_id", std::to_string(c.id)}});
  });
}

Status AccountService::verify_email(const RequestContext& ctx, const std::string& token) {
  return changing_principals([&] {
    return store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Id user_id, tx.use_one_time_token(ctx.tenant, crypto::sha256_hex(token),
                                                       std::string(kPurposeVerify), ctx.now));
    ASSIGN_OR_RETURN(User u, tx.get_user(ctx.tenant, user_id));
    u.email_verified = true;
    u.updated_at = ctx.now;
    RETURN_IF_ERROR(tx.update_user(ctx.tenant, u));
    return audit(tx, ctx, "user.verify_email", "user", std::to_string(u.id));
    });
  });
}

Status AccountService::throttle_check(ReadTx& tx, TenantId tenant, const std::vector<std::string>& keys, Instant now) {
  for (const auto& key : keys) {
    ASSIGN_OR_RETURN(Throttle th, tx.get_throttle(tenant, key));
    if (th.blocked_until > now)
      return throttled(std::chrono::duration_cast<std::chrono::seconds>(th.blocked_until - now));
  }
  return {};
}

Status AccountService::record_failure(const RequestContext& ctx, const std::vector<std::string>& keys,
                                      const std::string& email) {
  return store_.write([&](Tx& tx) -> Status {
    for (const auto& key : keys) {
      ASSIGN_OR_RETURN(Throttle th, tx.get_throttle(ctx.tenant, key));
      // Failures a day old are forgotten: an address's count is no longer
      // cleared by a successful sign-in (see sign_in), so without this an
      // office behind one address would wait after every typo for good.
      if (th.failures > 0 && ctx.now - th.last_failure_at >= kForgetFailuresAfter) th.failures = 0;
      th.failures += 1;
      th.last_failure_at = ctx.now;
      th.blocked_until = ctx.now + backoff(th.failures, options_.free_failures);
      RETURN_IF_ERROR(tx.put_throttle(ctx.tenant, key, th));
    }
    return audit(tx, ctx, "session.sign_in_failed", "account", crypto::sha256_hex(email).substr(0, 16));
  });
}

Result<SignedIn> AccountService::sign_in(const RequestContext& ctx, const std::string& email_in,
                                         const std::string& password, const std::string& user_agent) {
  auto email = parse_email(email_in, "email");
  if (!email) return wrong_credentials();
  const auto keys = throttle_keys(*email, ctx.address);
  std::optional<User> user;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    RETURN_IF_ERROR(throttle_check(tx, ctx.tenant, keys, ctx.now));
    auto u = tx.get_user_by_email(ctx.tenant, *email);
    if (u) user = *u;
    else if (u.error().code != ErrorCode::kNotFound) return u.error();
    return {};
  }));
  const bool password_ok = crypto::verify_password(password, user ? user->password_hash : dummy_hash(options_.password_cost));
  if (!user || !password_ok || !user->active) {
    RETURN_IF_ERROR(record_failure(ctx, keys, *email));
    return wrong_credentials();
  }
  if (user->role == Role::kResident && !user->email_verified)
    return Error(ErrorCode::kUnauthenticated,
                 "Confirm your email address first: use the link we sent you, or register again to get a new one");
  SignedIn out;
  out.user = *user;
  out.session_token = crypto::random_token("");
  out.csrf_token = crypto::random_token("");
  out.needs_second_factor = user->totp_secret.has_value();
  out.expires_at = ctx.now + options_.session_absolute;
  Session s;
  s.token_hash = crypto::sha256_hex(out.session_token);
  s.user_id = user->id;
  s.csrf_token = out.csrf_token;
  s.created_at = s.last_seen_at = ctx.now;
  s.expires_at = out.expires_at;
  s.second_factor = !out.needs_second_factor;
  s.address = ctx.address.substr(0, 64);
  s.user_agent = user_agent.substr(0, 200);
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    // Only the account's count (keys.front()): clearing the address's too let
    // anyone with an account of their own wipe their address's record of
    // failures by signing in, and spray guesses across other accounts
    // without ever waiting.
    RETURN_IF_ERROR(tx.clear_throttle(ctx.tenant, keys.front()));
    RETURN_IF_ERROR(tx.insert_session(ctx.tenant, s));
    RequestContext as_user = ctx;
    ASSIGN_OR_RETURN(as_user.principal, principal_for(tx, ctx.tenant, *user));
    return audit(tx, as_user, "session.sign_in", "user", std::to_string(user->id));
  }));
  return out;
}

Status AccountService::confirm_second_factor(const RequestContext& ctx, const std::string& session_token,
                                             const std::string& code) {
  const std::string hash = crypto::sha256_hex(session_token);
  std::optional<User> user;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    auto s = tx.get_session(ctx.tenant, hash);
    if (!s || s->revoked_at || s->expires_at <= ctx.now) return unauthenticated();
    ASSIGN_OR_RETURN(user, tx.get_user(ctx.tenant, s->user_id));
    return throttle_check(tx, ctx.tenant, {"totp:" + std::to_string(s->user_id)}, ctx.now);
  }));
  if (!user->totp_secret || !crypto::verify_totp(*user->totp_secret, code, ctx.now)) {
    RETURN_IF_ERROR(record_failure(ctx, {"totp:" + std::to_string(user->id)}, user->email));
    return Error(ErrorCode::kUnauthenticated, "That code is not right: enter the 6-digit code shown in your app",
                 "code");
  }
  return store_.write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.clear_throttle(ctx.tenant, "totp:" + std::to_string(user->id)));
    return tx.set_session_second_factor(ctx.tenant, hash);
  });
}

Status AccountService::sign_out(const RequestContext& ctx, const std::string& session_token) {
  const std::string hash = crypto::sha256_hex(session_token);
  return changing_principals([&] {
    return store_.write([&](Tx& tx) -> Status {
      auto s = tx.get_session(ctx.tenant, hash);
      if (!s) return {};  // signing out twice is fine
      RETURN_IF_ERROR(tx.revoke_sessions(ctx.tenant, s->user_id, hash, ctx.now));
      return audit(tx, ctx, "session.sign_out", "user", std::to_string(s->user_id));
    });
  });
}

Result<AccountService::TotpSetup> AccountService::begin_totp(const RequestContext& ctx) {
  const Principal& p = ctx.principal;
  if (p.kind != Principal::Kind::kUser || !p.role || !is_staff(*p.role))
    return denied(ctx, "set up a second factor (staff accounts only)");
  ASSIGN_OR_RETURN(User u, store_.read_value<User>([&](ReadTx& tx) { return tx.get_user(ctx.tenant, p.id); }));
  TotpSetup out;
  out.secret = crypto::new_totp_secret();
  ASSIGN_OR_RETURN(auto cat, store_.read_value<std::shared_ptr<const CatalogueSnapshot>>(
                                 [&](ReadTx& tx) { return cache_.get(tx, ctx.tenant); }));
  out.uri = crypto::totp_uri(cat->tenant.name, u.email, out.secret);
  return out;
}

Status AccountService::confirm_totp(const RequestContext& ctx, const std::string& secret, const std::string& code) {
  const Principal& p = ctx.principal;
  if (p.kind != Principal::Kind::kUser || !p.role || !is_staff(*p.role))
    return denied(ctx, "set up a second factor (staff accounts only)");
  if (secret.size() != 32) return invalid_field("secret", "Use the secret civicdesk gave you");
  if (!crypto::verify_totp(secret, code, ctx.now))
    return invalid_field("code", "That code is not right: enter the 6-digit code shown in your app");
  return store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(User u, tx.get_user(ctx.tenant, p.id));
    u.totp_secret = secret;
    u.updated_at = ctx.now;
    RETURN_IF_ERROR(tx.update_user(ctx.tenant, u));
    return audit(tx, ctx, "user.totp_enabled", "user", std::to_string(u.id));
  });
}

Status AccountService::request_password_reset(const RequestContext& ctx, const std::string& email_in) {
  auto email = parse_email(email_in, "email");
  if (!email) return email.error();  // a malformed address is the caller's mistake, not a probe
  return store_.write([&](Tx& tx) -> Status {
    auto u = tx.get_user_by_email(ctx.tenant, *email);
    if (!u) return u.error().code == ErrorCode::kNotFound ? Status{} : Status(u.error());
    if (!u->active) return {};
    RETURN_IF_ERROR(issue_link(tx, ctx, *u, std::string(kPurposeReset)));
    return audit(tx, ctx, "user.password_reset_requested", "user", std::to_string(u->id));
  });
}

Status AccountService::reset_password(const RequestContext& ctx, const std::string& token, const std::string& password) {
  RETURN_IF_ERROR(crypto::check_password_strength(password));
  ASSIGN_OR_RETURN(std::string hash, crypto::hash_password(password, options_.password_cost));
  return changing_principals([&] {
    return store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Id user_id, tx.use_one_time_token(ctx.tenant, crypto::sha256_hex(token),
                                                       std::string(kPurposeReset), ctx.now));
    ASSIGN_OR_RETURN(User u, tx.get_user(ctx.tenant, user_id));
    u.password_hash = hash;
    u.email_verified = true;  // they proved they read the mailbox
    u.updated_at = ctx.now;
    RETURN_IF_ERROR(tx.update_user(ctx.tenant, u));
    RETURN_IF_ERROR(tx.revoke_sessions(ctx.tenant, u.id, std::nullopt, ctx.now));
    // Whoever knew the old password may have made a personal token with it:
    // those go too, so a reset really locks them out.
    ASSIGN_OR_RETURN(auto tokens, tx.list_api_tokens(ctx.tenant));
    for (const ApiToken& t : tokens)
      if (t.user_id == u.id && !t.revoked_at) RETURN_IF_ERROR(tx.revoke_api_token(ctx.tenant, t.name, ctx.now));
    RETURN_IF_ERROR(tx.clear_throttle(ctx.tenant, "account:" + u.email));
    return audit(tx, ctx, "user.password_reset", "user", std::to_string(u.id));
    });
  });
}

Result<std::string> AccountService::create_token(const RequestContext& ctx, const NewToken& in) {
  const Principal& p = ctx.principal;
  const bool own = in.user_id && p.kind == Principal::Kind::kUser && p.id == *in.user_id;
  if (!own && !can(p, Permission::kManageUsers)) return denied(ctx, "create API tokens");
  RETURN_IF_ERROR(check_code(in.name, "name"));
  if (in.user_id && !in.scopes.empty())
    return invalid_field("scopes", "A person's token acts with their own permissions and takes no scopes");
  if (!in.user_id && in.scopes.empty()) return invalid_field("scopes", "Give a client system at least one scope");
  if (in.expires_at && *in.expires_at <= ctx.now) return invalid_field("expires_at", "The expiry must be in the future");
  const std::string secret = crypto::random_token("cdk_");
  ApiToken t;
  t.token_hash = crypto::sha256_hex(secret);
  t.name = in.name;
  t.user_id = in.user_id;
  t.scopes = in.scopes;
  t.created_at = ctx.now;
  t.expires_at = in.expires_at;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    if (t.user_id) RETURN_IF_ERROR(tx.get_user(ctx.tenant, *t.user_id));
    ASSIGN_OR_RETURN(t.id, tx.insert_api_token(ctx.tenant, t));
    return audit(tx, ctx, "api_token.create", "api_token", t.name);
  }));
  return secret;
}

Result<std::vector<ApiToken>> AccountService::list_tokens(const RequestContext& ctx) {
  if (!can(ctx.principal, Permission::kManageUsers)) return denied(ctx, "see API tokens");
  return store_.read_value<std::vector<ApiToken>>([&](ReadTx& tx) { return tx.list_api_tokens(ctx.tenant); });
}

Status AccountService::revoke_token(const RequestContext& ctx, const std::string& name) {
  if (!can(ctx.principal, Permission::kManageUsers)) return denied(ctx, "revoke API tokens");
  return changing_principals([&] {
    return store_.write([&](Tx& tx) -> Status {
      RETURN_IF_ERROR(tx.revoke_api_token(ctx.tenant, name, ctx.now));
      return audit(tx, ctx, "api_token.revoke", "api_token", name);
    });
  });
}

Result<Principal> AccountService::authenticate(TenantId tenant, const Credentials& c, Instant now) {
  if (c.bearer.empty() && c.session_cookie.empty()) return Principal{};
  std::optional<std::pair<std::string, Id>> touch;  // what to mark as used, at most once a minute
  const std::string token_hash = c.bearer.empty() ? std::string() : crypto::sha256_hex(c.bearer);
  // A session is remembered like a token, for reads only: a state-changing
  // request checks its CSRF token against the stored session every time. A
  // hit a minute after the last touch reads the session again, which keeps
  // it from going idle while it is in use.
  const std::string session_key =
      c.bearer.empty() ? kSessionKeyPrefix + crypto::sha256_hex(c.session_cookie) : std::string();
  if (c.bearer.empty() && !c.state_changing) {
    auto hit = principals_.get(tenant, session_key, now);
    if (hit && now - hit->last_used < kTouchEvery) return hit->principal;
  }
  if (!c.bearer.empty()) {
    if (auto hit = principals_.get(tenant, token_hash, now)) {
      if (now - hit->last_used >= kTouchEvery) {
        // Best effort, as below; remembered so that it is written once a minute.
        (void)store_.write([&](Tx& tx) { return tx.touch_api_token(tenant, hit->token_id, now); });
        hit->last_used = now;
        principals_.put(tenant, token_hash, *hit, principals_.generation());
      }
      return hit->principal;
    }
  }
  const uint64_t generation = principals_.generation();
  std::optional<PrincipalCache::Entry> remember;
  Principal out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    if (!c.bearer.empty()) {
      auto t = tx.get_api_token(tenant, token_hash);
      if (!t && t.error().code != ErrorCode::kNotFound) return std::move(t).error();  // e.g. the database is down
      if (!t || t->revoked_at || (t->expires_at && *t->expires_at <= now))
        return Error(ErrorCode::kUnauthenticated, "This API token is not valid: it is unknown, revoked or expired");
      Instant last_used = t->last_used_at.value_or(Instant{});
      if (!t->last_used_at || now - *t->last_used_at >= kTouchEvery) {
        touch = {"token", t->id};
        last_used = now;
      }
      if (t->user_id) {
        ASSIGN_OR_RETURN(User u, tx.get_user(tenant, *t->user_id));
        if (!u.active) return Error(ErrorCode::kUnauthenticated, "This account is no longer active");
        ASSIGN_OR_RETURN(out, principal_for(tx, tenant, u));
      } else {
        out.kind = Principal::Kind::kApiClient;
        out.id = t->id;
        out.name = t->name;
        out.scopes = t->scopes;
      }
      remember = PrincipalCache::Entry{out, t->id, t->expires_at, last_used};
      return {};
    }
    const std::string hash = crypto::sha256_hex(c.session_cookie);
    auto s = tx.get_session(tenant, hash);
    if (!s && s.error().code != ErrorCode::kNotFound) return std::move(s).error();
    if (!s || s->revoked_at || s->expires_at <= now || now - s->last_seen_at >= options_.session_idle)
      return Error(ErrorCode::kUnauthenticated, "Your session has ended: sign in again");
    if (c.state_changing && !crypto::equal_secret(c.csrf_header, s->csrf_token))
      return Error(ErrorCode::kPermissionDenied,
                   "This request needs the X-CSRF-Token header from your session (it protects you from forged requests)");
    // A session still waiting for its second factor is nobody yet: anonymous
    // (every use case refuses it with 401), not an error, so that the request
    // that completes it (POST /api/v1/session/second-factor, which reads the
    // cookie itself) gets past the pipeline. As an error it was refused there
    // with 401 and no second factor could ever be confirmed.
    if (!s->second_factor) return {};
    ASSIGN_OR_RETURN(User u, tx.get_user(tenant, s->user_id));
    if (!u.active) return Error(ErrorCode::kUnauthenticated, "This account is no longer active");
    Instant last_seen = s->last_seen_at;
    if (now - s->last_seen_at >= kTouchEvery) {
      touch = {"session", 0};
      last_seen = now;
    }
    ASSIGN_OR_RETURN(out, principal_for(tx, tenant, u));
    // Never past the session's end, absolute or idle.
    remember = PrincipalCache::Entry{out, 0, std::min(s->expires_at, last_seen + options_.session_idle), last_seen};
    return {};
  }));
  if (remember) principals_.put(tenant, c.bearer.empty() ? session_key : token_hash, std::move(*remember), generation);
  if (touch) {
    // Best effort: a failure here must not refuse the request.
    (void)store_.write([&](Tx& tx) -> Status {
      if (touch->first == "token") return tx.touch_api_token(tenant, touch->second, now);
      return tx.touch_session(tenant, crypto::sha256_hex(c.session_cookie), now);
    });
  }
  return out;
}

}  // namespace civicdesk
