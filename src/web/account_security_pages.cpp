// Two-step verification (/account/security): staff set up an authenticator
// app (TOTP) from a page instead of the API. The page shows a new secret as
// text, grouped in fours to be typed into the app, and the otpauth URI (no
// QR code), and asks for the app's first code (AccountService::begin_totp,
// confirm_totp).
//
// The secret travels back in the form, as the API's does, but sealed: an
// HMAC keyed by the session cookie (HttpOnly: neither another site nor a
// script on this one can read it) over the user and the secret. A secret
// someone else chose, or one from another session, is refused and nothing
// changes. Residents and councillors are told it is for staff accounts.
#include "app/crypto.h"
#include "http/pipeline.h"
#include "web/page.h"

namespace civicdesk::web {

namespace {

std::string session_of(const http::Request& req) {
  auto h = req.header("cookie");
  return h ? http::cookie_value(*h, http::kSessionCookie).substr(0, 200) : "";
}

std::string seal(const http::Request& req, const std::string& secret) {
  const std::string key = session_of(req);
  if (key.empty()) return "";
  return crypto::hmac_sha256_hex(key, "civicdesk-totp-setup:" + std::to_string(req.ctx.principal.id) + ":" + secret);
}

bool sealed_ok(const http::Request& req, const std::string& secret, const std::string& given) {
  const std::string want = seal(req, secret);
  return !want.empty() && !given.empty() && crypto::equal_secret(want, given);
}

// "ABCD EFGH IJKL ...": easier to read and type.
std::string in_fours(const std::string& secret) {
  std::string out;
  for (size_t i = 0; i < secret.size(); ++i) {
    if (i && i % 4 == 0) out += ' ';
    out += secret[i];
  }
  return out;
}

bool is_staff_user(const Page& page) { return page.staff() && page.ctx().principal.kind == Principal::Kind::kUser; }

// The page; for staff a setup (a new secret unless `secret` is given: a
// wrong code keeps the one already in the app).
Result<http::Response> security_page(WebDeps& deps, const http::Request& req, const Page& page, std::string secret,
                                     const Form& typed, const FormErrors& errors, int status) {
  mstch::map c = page.context("account.security.title");
  c["staff"] = is_staff_user(page);
  if (is_staff_user(page)) {
    ASSIGN_OR_RETURN(User me, deps.services.accounts.get_user(req.ctx, req.ctx.principal.id));
    c["on"] = me.totp_secret.has_value();
    std::string uri;
    if (secret.empty()) {
      ASSIGN_OR_RETURN(auto setup, deps.services.accounts.begin_totp(req.ctx));
      secret = setup.secret;
      uri = setup.uri;
    } else {
      ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
      uri = crypto::totp_uri(cat->tenant.name, me.email, secret);
    }
    c["secret"] = secret;
    c["secret_grouped"] = in_fours(secret);
    c["uri"] = uri;
    c["seal"] = seal(req, secret);
  }
  Page::add_values(c, typed);
  page.add_errors(c, errors);
  c["done"] = query_value(req, "done") == "1" && errors.empty();
  return page.html(status, "account_security", c);
}

}  // namespace

void add_account_security_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/account/security", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.signed_in()) return page.sign_in_first("/account/security");
    auto shown = security_page(deps, req, page, "", Form{}, {}, 200);
    if (!shown) return page.error(shown.error());
    return shown;
  });

  r.add("POST", "/account/security", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.signed_in()) return page.sign_in_first("/account/security");
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    if (!is_staff_user(page)) return page.message_page(403, "errors.forbidden_title", "staff.errors.staff_only");
    auto again = [&](std::string secret, const FormErrors& errors) -> Result<http::Response> {
      auto shown = security_page(deps, req, page, std::move(secret), f, errors, 400);
      if (!shown) return page.error(shown.error());
      return shown;
    };
    const std::string secret = f.get("secret").substr(0, 64);
    // Not the secret this page gave this session: a new one, nothing changed.
    if (!sealed_ok(req, secret, f.get("seal"))) return again("", {{"code", "account.security.errors.expired"}});
    std::string code;
    for (char ch : f.get("code").substr(0, 100))
      if (ch != ' ' && ch != '-') code += ch;
    if (code.empty()) return again(secret, {{"code", "account.security.errors.code_missing"}});
    if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos)
      return again(secret, {{"code", "account.security.errors.code_format"}});
    Status done = deps.services.accounts.confirm_totp(req.ctx, secret, code);
    if (!done) {
      if (done.error().field == "code") return again(secret, {{"code", "account.security.errors.code_wrong"}});
      if (done.error().field == "secret") return again("", {{"code", "account.security.errors.expired"}});
      return page.error(done.error());
    }
    return page.redirect("/account/security?done=1");
  });
}

}  // namespace civicdesk::web
