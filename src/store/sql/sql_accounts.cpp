// Accounts, sessions, API tokens, sign-in throttling and one-time links.
#include "store/sql/codec.h"
#include "store/sql/sql_tx.h"

namespace civicdesk::sql {

namespace {

Instant instant(int64_t s) { return Instant{std::chrono::seconds{s}}; }
int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
std::optional<Instant> opt_instant(Rows& r, int col) {
  return r.is_null(col) ? std::nullopt : std::optional<Instant>(instant(r.get_int(col)));
}
Param opt_seconds(const std::optional<Instant>& t) { return t ? Param(seconds(*t)) : Param(); }

constexpr std::string_view kUserCols =
    "id, email, name, role, password_hash, officer_id, member_id, customer_id, email_verified, totp_secret, "
    "active, created_at, updated_at";

User read_user(Rows& r) {
  User u;
  u.id = r.get_int(0);
  u.email = r.get_string(1);
  u.name = r.get_string(2);
  if (auto role = parse_role(r.get_text(3))) u.role = *role;
  u.password_hash = r.get_string(4);
  u.officer_id = r.get_opt_int(5);
  u.member_id = r.get_opt_int(6);
  u.customer_id = r.get_opt_int(7);
  u.email_verified = r.get_int(8) != 0;
  if (!r.is_null(9)) u.totp_secret = r.get_string(9);
  u.active = r.get_int(10) != 0;
  u.created_at = instant(r.get_int(11));
  u.updated_at = instant(r.get_int(12));
  return u;
}

constexpr std::string_view kTokenCols =
    "id, token_hash, name, user_id, scopes, created_at, expires_at, revoked_at, last_used_at";

ApiToken read_token(Rows& r) {
  ApiToken t;
  t.id = r.get_int(0);
  t.token_hash = r.get_string(1);
  t.name = r.get_string(2);
  t.user_id = r.get_opt_int(3);
  if (!r.get_text(4).empty())
    if (auto s = parse_scopes(r.get_text(4))) t.scopes = *s;
  t.created_at = instant(r.get_int(5));
  t.expires_at = opt_instant(r, 6);
  t.revoked_at = opt_instant(r, 7);
  t.last_used_at = opt_instant(r, 8);
  return t;
}

std::string join(const std::set<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

}  // namespace

Result<User> SqlTx::get_user(TenantId t, Id id) {
  return query_one<User>(c_, "SELECT " + std::string(kUserCols) + " FROM users WHERE tenant_id = ? AND id = ?",
                         {t, id}, "User", read_user);
}

Result<User> SqlTx::get_user_by_email(TenantId t, const std::string& email) {
  return query_one<User>(c_, "SELECT " + std::string(kUserCols) + " FROM users WHERE tenant_id = ? AND email = ?",
                         {t, email}, "User", read_user);
}

Result<std::vector<User>> SqlTx::list_users(TenantId t) {
  return query_all<User>(c_, "SELECT " + std::string(kUserCols) + " FROM users WHERE tenant_id = ? ORDER BY id",
                         {t}, read_user);
}

Result<Id> SqlTx::insert_user(TenantId t, const User& u) {
  auto id = c_.insert_id(
      "INSERT INTO users (tenant_id, email, name, role, password_hash, officer_id, member_id, customer_id, "
      "email_verified, totp_secret, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t, u.email, u.name, to_string(u.role), u.password_hash, u.officer_id, u.member_id, u.customer_id,
       u.email_verified, u.totp_secret, u.active, seconds(u.created_at), seconds(u.updated_at)});
  if (!id && id.error().code == ErrorCode::kAlreadyExists)
    return Error(ErrorCode::kAlreadyExists, "There is already an account for " + u.email, "email");
  return id;
}

Status SqlTx::update_user(TenantId t, const User& u) {
  ASSIGN_OR_RETURN(int64_t n,
                   c_.exec("UPDATE users SET email = ?, name = ?, role = ?, password_hash = ?, officer_id = ?, "
                           "member_id = ?, customer_id = ?, email_verified = ?, totp_secret = ?, active = ?, "
                           "updated_at = ? WHERE tenant_id = ? AND id = ?",
                           {u.email, u.name, to_string(u.role), u.password_hash, u.officer_id, u.member_id,
                            u.customer_id, u.email_verified, u.totp_secret, u.active, seconds(u.updated_at), t,
                            u.id}));
  if (n == 0) return not_found("User not found");
  return {};
}

Result<Session> SqlTx::get_session(TenantId t, const std::string& token_hash) {
  return query_one<Session>(
      c_,
      "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, revoked_at, second_factor, "
      "address, user_agent FROM sessions WHERE tenant_id = ? AND token_hash = ?",
      {t, token_hash}, "Session", [](Rows& r) {
        Session s;
        s.token_hash = r.get_string(0);
        s.user_id = r.get_int(1);
        s.csrf_token = r.get_string(2);
        s.created_at = instant(r.get_int(3));
        s.last_seen_at = instant(r.get_int(4));
        s.expires_at = instant(r.get_int(5));
        s.revoked_at = opt_instant(r, 6);
        s.second_factor = r.get_int(7) != 0;
        s.address = r.get_string(8);
        s.user_agent = r.get_string(9);
        return s;
      });
}

Status SqlTx::insert_session(TenantId t, const Session& s) {
  RETURN_IF_ERROR(c_.exec("INSERT INTO sessions (tenant_id, token_hash, user_id, csrf_token, created_at, "
                          "last_seen_at, expires_at, revoked_at, second_factor, address, user_agent) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          {t, s.token_hash, s.user_id, s.csrf_token, seconds(s.created_at), seconds(s.last_seen_at),
                           seconds(s.expires_at), opt_seconds(s.revoked_at), s.second_factor, s.address,
                           s.user_agent}));
  return {};
}

Status SqlTx::touch_session(TenantId t, const std::string& token_hash, Instant at) {
  RETURN_IF_ERROR(c_.exec("UPDATE sessions SET last_seen_at = ? WHERE tenant_id = ? AND token_hash = ?",
                          {seconds(at), t, token_hash}));
  return {};
}

Status SqlTx::revoke_sessions(TenantId t, Id user_id, std::optional<std::string> only, Instant at) {
  if (only)
    RETURN_IF_ERROR(c_.exec("UPDATE sessions SET revoked_at = ? WHERE tenant_id = ? AND user_id = ? AND "
                            "token_hash = ? AND revoked_at IS NULL",
                            {seconds(at), t, user_id, *only}));
  else
    RETURN_IF_ERROR(c_.exec("UPDATE sessions SET revoked_at = ? WHERE tenant_id = ? AND user_id = ? AND "
                            "revoked_at IS NULL",
                            {seconds(at), t, user_id}));
  return {};
}

Status SqlTx::set_session_second_factor(TenantId t, const std::string& token_hash) {
  ASSIGN_OR_RETURN(int64_t n, c_.exec("UPDATE sessions SET second_factor = 1 WHERE tenant_id = ? AND token_hash = ?",
                                      {t, token_hash}));
  if (n == 0) return not_found("Session not found");
  return {};
}

Result<ApiToken> SqlTx::get_api_token(TenantId t, const std::string& token_hash) {
  return query_one<ApiToken>(
      c_, "SELECT " + std::string(kTokenCols) + " FROM api_tokens WHERE tenant_id = ? AND token_hash = ?",
      {t, token_hash}, "API token", read_token);
}

Result<std::vector<ApiToken>> SqlTx::list_api_tokens(TenantId t) {
  return query_all<ApiToken>(
      c_, "SELECT " + std::string(kTokenCols) + " FROM api_tokens WHERE tenant_id = ? ORDER BY name", {t},
      read_token);
}

Result<Id> SqlTx::insert_api_token(TenantId t, const ApiToken& k) {
  const std::string scopes = join(k.scopes);
  auto id = c_.insert_id("INSERT INTO api_tokens (tenant_id, token_hash, name, user_id, scopes, created_at, "
                         "expires_at, revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         {t, k.token_hash, k.name, k.user_id, scopes, seconds(k.created_at),
                          opt_seconds(k.expires_at), opt_seconds(k.revoked_at), opt_seconds(k.last_used_at)});
  if (!id && id.error().code == ErrorCode::kAlreadyExists)
    return Error(ErrorCode::kAlreadyExists, "There is already a token called \"" + k.name + "\"", "name");
  return id;
}

Status SqlTx::revoke_api_token(TenantId t, const std::string& name, Instant at) {
  ASSIGN_OR_RETURN(int64_t n, c_.exec("UPDATE api_tokens SET revoked_at = ? WHERE tenant_id = ? AND name = ? AND "
                                      "revoked_at IS NULL",
                                      {seconds(at), t, name}));
  if (n == 0) return not_found("There is no active token called \"" + name + "\"");
  return {};
}

Status SqlTx::touch_api_token(TenantId t, Id id, Instant at) {
  RETURN_IF_ERROR(c_.exec("UPDATE api_tokens SET last_used_at = ? WHERE tenant_id = ? AND id = ?",
                          {seconds(at), t, id}));
  return {};
}

Result<Throttle> SqlTx::get_throttle(TenantId t, const std::string& key) {
  ASSIGN_OR_RETURN(auto rows, c_.query("SELECT failures, last_failure_at, blocked_until FROM login_throttle "
                                       "WHERE tenant_id = ? AND throttle_key = ?",
                                       {t, key}));
  ASSIGN_OR_RETURN(bool has, rows->next());
  if (!has) return Throttle{};
  return Throttle{static_cast<int>(rows->get_int(0)), instant(rows->get_int(1)), instant(rows->get_int(2))};
}

Status SqlTx::put_throttle(TenantId t, const std::string& key, const Throttle& th) {
  RETURN_IF_ERROR(c_.exec("INSERT INTO login_throttle (tenant_id, throttle_key, failures, last_failure_at, "
                          "blocked_until) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, throttle_key) DO UPDATE "
                          "SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, "
                          "blocked_until = excluded.blocked_until",
                          {t, key, th.failures, seconds(th.last_failure_at), seconds(th.blocked_until)}));
  return {};
}

Status SqlTx::clear_throttle(TenantId t, const std::string& key) {
  RETURN_IF_ERROR(c_.exec("DELETE FROM login_throttle WHERE tenant_id = ? AND throttle_key = ?", {t, key}));
  return {};
}

Status SqlTx::insert_one_time_token(TenantId t, const std::string& token_hash, const std::string& purpose,
                                    Id user_id, Instant created_at, Instant expires_at) {
  RETURN_IF_ERROR(c_.exec("INSERT INTO one_time_tokens (tenant_id, token_hash, purpose, user_id, created_at, "
                          "expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?, NULL)",
                          {t, token_hash, purpose, user_id, seconds(created_at), seconds(expires_at)}));
  return {};
}

Result<Id> SqlTx::use_one_time_token(TenantId t, const std::string& token_hash, const std::string& purpose,
                                     Instant now) {
  // One UPDATE decides: two requests racing with the same link cannot both win.
  ASSIGN_OR_RETURN(int64_t n, c_.exec("UPDATE one_time_tokens SET used_at = ? WHERE tenant_id = ? AND "
                                      "token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
                                      {seconds(now), t, token_hash, purpose, seconds(now)}));
  if (n == 0) return not_found("This link is not valid any more: it has been used or has expired");
  return query_one<Id>(c_, "SELECT user_id FROM one_time_tokens WHERE tenant_id = ? AND token_hash = ?",
                       {t, token_hash}, "Link", [](Rows& r) { return r.get_int(0); });
}

}  // namespace civicdesk::sql
