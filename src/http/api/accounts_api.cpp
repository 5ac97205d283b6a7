// Signing in and out, registration, email verification, password reset, the
// second factor, accounts (administrators) and API tokens.
#include "http/api/api.h"
#include "http/api/json_out.h"
#include "http/parse/json_reader.h"
#include "http/pipeline.h"

namespace civicdesk::http {

namespace {

json user_json(const User& u) {
  json j = {{"id", u.id},
            {"email", u.email},
            {"name", u.name},
            {"role", std::string(to_string(u.role))},
            {"email_verified", u.email_verified},
            {"second_factor", u.totp_secret.has_value()},
            {"active", u.active},
            {"officer_id", u.officer_id ? json(*u.officer_id) : json(nullptr)},
            {"member_id", u.member_id ? json(*u.member_id) : json(nullptr)},
            {"customer_id", u.customer_id ? json(*u.customer_id) : json(nullptr)},
            {"created_at", format_instant(u.created_at)}};
  return j;
}

json principal_json(const Principal& p) {
  json j = {{"authenticated", p.authenticated()}, {"actor", p.actor_tag()}, {"name", p.name}};
  if (p.role) j["role"] = std::string(to_string(*p.role));
  if (!p.scopes.empty()) j["scopes"] = p.scopes;
  if (!p.delivery_unit.empty()) j["delivery_unit"] = p.delivery_unit;
  if (!p.team.empty()) j["team"] = p.team;
  if (!p.ward.empty()) j["ward"] = p.ward;
  if (p.customer_id) j["customer_id"] = *p.customer_id;
  if (p.member_id) j["member_id"] = *p.member_id;
  if (p.officer_id) j["officer_id"] = *p.officer_id;
  return j;
}

json token_json(const ApiToken& t) {
  return {{"name", t.name},
          {"user_id", t.user_id ? json(*t.user_id) : json(nullptr)},
          {"scopes", t.scopes},
          {"created_at", format_instant(t.created_at)},
          {"expires_at", t.expires_at ? json(format_instant(*t.expires_at)) : json(nullptr)},
          {"revoked_at", t.revoked_at ? json(format_instant(*t.revoked_at)) : json(nullptr)},
          {"last_used_at", t.last_used_at ? json(format_instant(*t.last_used_at)) : json(nullptr)}};
}

std::string session_token(const Request& req) {
  auto cookie = req.header("cookie");
  return cookie ? cookie_value(*cookie, kSessionCookie) : "";
}

template <typename F>
Result<Response> with_body(Request& req, F&& fn) {
  RETURN_IF_ERROR(require_json(req));
  RETURN_IF_ERROR(no_query(req));
  ASSIGN_OR_RETURN(JsonReader r, JsonReader::parse(req.body));
  return fn(r);
}

}  // namespace

void add_account_routes(Router& r, ApiDeps& deps) {
  AccountService& accounts = deps.services.accounts;

  r.add("POST", "/api/v1/session", [&accounts](Request& req) -> Result<Response> {
    return with_body(req, [&](JsonReader& r) -> Result<Response> {
      const std::string email = r.required_string("email", 254);
      const std::string password = r.required_string("password", 200);
      RETURN_IF_ERROR(r.finish());
      ASSIGN_OR_RETURN(SignedIn s, accounts.sign_in(req.ctx, email, password,
                                                    std::string(req.header("user-agent").value_or(""))));
      Response res = json_response(201, dump({{"user", user_json(s.user)},
                                              {"csrf_token", s.csrf_token},
                                              {"expires_at", format_instant(s.expires_at)},
                                              {"second_factor_required", s.needs_second_factor}}));
      res.set_header("Set-Cookie", session_cookie(s.session_token, accounts.options().session_absolute));
      return res;
    });
  });

  r.add("GET", "/api/v1/session", [](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    if (!req.ctx.principal.authenticated()) return unauthenticated();
    return json_response(200, dump(principal_json(req.ctx.principal)));
  });

  r.add("DELETE", "/api/v1/session", [&accounts](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    const std::string token = session_token(req);
    if (token.empty()) return Error(ErrorCode::kUnauthenticated, "You are not signed in");
    // The pipeline lets this route through as anonymous when the cookie's
    // credentials fail (so that a stale cookie can still be cleared), which
    // also let a forged cross-site DELETE without the session's X-CSRF-Token
    // sign anyone out. Refuse that here as everywhere else.
    if (!req.ctx.principal.authenticated()) {
      Credentials c;
      c.session_cookie = token.substr(0, 200);
      if (auto csrf = req.header("x-csrf-token")) c.csrf_header = std::string(csrf->substr(0, 200));
      c.state_changing = true;
      auto p = accounts.authenticate(req.ctx.tenant, c, req.ctx.now);
      if (!p && p.error().code == ErrorCode::kPermissionDenied) return std::move(p).error();
    }
    RETURN_IF_ERROR(accounts.sign_out(req.ctx, token));
    Response res = Response::no_content();
    res.set_header("Set-Cookie", session_cookie("", std::chrono::seconds(0)));
    return res;
  });

  r.add("POST", "/api/v1/session/second-factor", [&accounts](Request& req) -> Result<Response> {
    return with_body(req, [&](JsonReader& r) -> Result<Response> {
      const std::string code = r.required_string("code", 10);
      RETURN_IF_ERROR(r.finish());
      const std::string token = session_token(req);
      if (token.empty()) return Error(ErrorCode::kUnauthenticated, "Sign in first");
      RETURN_IF_ERROR(accounts.confirm_second_factor(req.ctx, token, code));
      return Response::no_content();
    });
  });

  r.add("POST", "/api/v1/account/totp", [&accounts](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto setup, accounts.begin_totp(req.ctx));
    return json_response(200, dump({{"secret", setup.secret}, {"uri", setup.uri}}));
  });

  r.add("POST", "/api/v1/account/totp/confirm", [&accounts](Request& req) -> Result<Response> {
    return with_body(req, [&](JsonReader& r) -> Result<Response> {
      const std::string secret = r.required_string("secret", 64);
      const std::string code = r.required_string("code", 10);
      RETURN_IF_ERROR(r.finish());
      RETURN_IF_ERROR(accounts.confirm_totp(req.ctx, secret, code));
      return Response::no_content();
    });
  });

  r.add("POST", "/api/v1/registrations", [&accounts](Request& req) -> Result<Response> {
    return with_body(req, [&](JsonReader& r) -> Result<Response> {
      const std::string name = r.required_string("name", 200);
      const std::string email = r.required_string("email", 254);
      const std::string password = r.required_string("password", 200);
      RETURN_IF_ERROR(r.finish());
      RETURN_IF_ERROR(accounts.register_resident(req.ctx, name, email, password));
      return json_response(202, dump({{"message", "Check your email for a link to confirm your address"}}));
    });
  });

  r.add("POST", "/api/v1/email-verifications", [&accounts](Request& req) -> Result<Response> {
    return with_body(req, [&](JsonReader& r) -> Result<Response> {
      const std::string token = r.required_string("token", 100);
      RETURN_IF_ERROR(r.finish());
      RETURN_IF_ERROR(accounts.verify_email(req.ctx, token));
      return Response::no_content();
    });
  });

  r.add("POST", "/api/v1/password-resets", [&accounts](Request& req) -> Result<Response> {
    return with_body(req, [&](JsonReader& r) -> Result<Response> {
      const std::string email = r.required_string("email", 254);
      RETURN_IF_ERROR(r.finish());
      RETURN_IF_ERROR(accounts.request_password_reset(req.ctx, email));
      return json_response(202, dump({{"message", "If that address has an account, a reset link is on its way"}}));
    });
  });

  r.add("POST", "/api/v1/password-resets/complete", [&accounts](Request& req) -> Result<Response> {
    return with_body(req, [&](JsonReader& r) -> Result<Response> {
      const std::string token = r.required_string("token", 100);
      const std::string password = r.required_string("password", 200);
      RETURN_IF_ERROR(r.finish());
      RETURN_IF_ERROR(accounts.reset_password(req.ctx, token, password));
      return Response::no_content();
    });
  });

  r.add("GET", "/api/v1/users", [&accounts](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto users, accounts.list_users(req.ctx));
    json items = json::array();
    for (const auto& u : users) items.push_back(user_json(u));
    return json_response(200, dump({{"items", items}}));
  });

  r.add("POST", "/api/v1/users", [&accounts](Request& req) -> Result<Response> {
    return with_body(req, [&](JsonReader& r) -> Result<Response> {
      NewUser u;
      u.email = r.required_string("email", 254);
      u.name = r.required_string("name", 200);
      if (!r.has("role")) r.fail(missing_field("role"));
      u.role = r.parsed<Role>("role", parse_role).value_or(Role::kOfficer);
      u.password = r.required_string("password", 200);
      u.officer_id = r.integer("officer_id", 1, int64_t{1} << 53);
      u.member_id = r.integer("member_id", 1, int64_t{1} << 53);
      u.customer_id = r.integer("customer_id", 1, int64_t{1} << 53);
      RETURN_IF_ERROR(r.finish());
      ASSIGN_OR_RETURN(User made, accounts.create_user(req.ctx, u));
      Response res = json_response(201, dump(user_json(made)));
      res.set_header("Location", "/api/v1/users/" + std::to_string(made.id));
      return res;
    });
  });

  r.add("GET", "/api/v1/users/{id}", [&accounts](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(User u, accounts.get_user(req.ctx, id));
    return json_response(200, dump(user_json(u)));
  });

  r.add("PATCH", "/api/v1/users/{id}", [&accounts](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    return with_body(req, [&](JsonReader& r) -> Result<Response> {
      auto role = r.parsed<Role>("role", parse_role);
      auto active = r.boolean("active");
      auto name = r.string("name", 200);
      RETURN_IF_ERROR(r.finish());
      ASSIGN_OR_RETURN(User u, accounts.update_user(req.ctx, id, role, active, name));
      return json_response(200, dump(user_json(u)));
    });
  });

  r.add("GET", "/api/v1/api-tokens", [&accounts](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto tokens, accounts.list_tokens(req.ctx));
    json items = json::array();
    for (const auto& t : tokens) items.push_back(token_json(t));
    return json_response(200, dump({{"items", items}}));
  });

  r.add("POST", "/api/v1/api-tokens", [&accounts](Request& req) -> Result<Response> {
    return with_body(req, [&](JsonReader& r) -> Result<Response> {
      NewToken t;
      t.name = r.required_string("name", 64);
      if (auto scopes = r.strings("scopes", 20, 40)) {
        std::string joined;
        for (const auto& s : *scopes) joined += (joined.empty() ? "" : ",") + s;
        auto parsed = parse_scopes(joined);
        if (!parsed) r.fail(parsed.error());
        else t.scopes = *parsed;
      }
      t.user_id = r.integer("user_id", 1, int64_t{1} << 53);
      if (auto e = r.string("expires_at", 40)) {
        t.expires_at = parse_instant(*e);
        if (!t.expires_at) r.fail(invalid_field("expires_at", "Give a time with an offset, like 2027-03-31T00:00:00Z"));
      }
      RETURN_IF_ERROR(r.finish());
      ASSIGN_OR_RETURN(std::string secret, accounts.create_token(req.ctx, t));
      return json_response(201, dump({{"name", t.name},
                                      {"token", secret},
                                      {"message", "Store this token now: civicdesk keeps only its fingerprint"}}));
    });
  });

  r.add("DELETE", "/api/v1/api-tokens/{name}", [&accounts](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(accounts.revoke_token(req.ctx, req.param("name")));
    return Response::no_content();
  });
}

}  // namespace civicdesk::http
