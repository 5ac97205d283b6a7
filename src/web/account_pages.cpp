// Signing in and out, registering, confirming an email address, resetting a
// password, the account's home page and contact preferences. Each POST
// checks the form's CSRF token first and changes nothing when it is wrong.
#include "http/parse/query.h"
#include "http/pipeline.h"
#include "web/page.h"

namespace civicdesk::web {

namespace {

// Parses the body; a malformed one is a 400 page.
Result<Form> read_form(const http::Request& req) { return Form::parse(req.body); }

http::Response sign_in_page(const Page& page, int status, const Form& form, const FormErrors& errors) {
  mstch::map c = page.context("sign_in.title");
  Page::add_values(c, form);
  page.add_errors(c, errors);
  c["next"] = safe_next(form.get("next"));
  return page.html(status, "sign_in", c);
}

// Where people go after signing in: back where they were going when they
// were sent to sign in, else staff to their work queues and councillors to
// their enquiries ("/account" is what the sign-in form says when nothing
// was asked for).
std::string landing(Role role, const std::string& next) {
  const std::string safe = safe_next(next);
  if (safe != "/account") return safe;
  if (is_staff(role)) return "/staff";
  if (role == Role::kCouncillor) return "/member/enquiries";
  return safe;
}

std::string session_token_of(const http::Request& req) {
  auto h = req.header("cookie");
  return h ? http::cookie_value(*h, http::kSessionCookie).substr(0, 200) : "";
}

http::Response code_page(const Page& page, int status, const Form& form, const FormErrors& errors) {
  mstch::map c = page.context("staff.code.title");
  Page::add_values(c, form);
  page.add_errors(c, errors);
  c["next"] = safe_next(form.get("next"));
  return page.html(status, "sign_in_code", c);
}

http::Response form_page(const Page& page, const std::string& name, std::string_view title_key, const Form& form,
                         const FormErrors& errors, int status = 200) {
  mstch::map c = page.context(title_key);
  Page::add_values(c, form);
  page.add_errors(c, errors);
  return page.html(errors.empty() ? status : 400, name, c);
}

// The preferences form's values: which radios are checked, the languages.
void preference_values(const Page& page, const Messages& messages, mstch::map& c, const Form& f) {
  Page::add_values(c, f);
  auto& values = boost::get<mstch::map>(c["values"]);
  for (const char* ch : {"email", "sms", "post"}) values[std::string("channel_") + ch] = f.get("channel") == ch;
  values["updates_yes"] = f.get("updates") == "yes";
  values["updates_no"] = f.get("updates") == "no";
  mstch::array langs;
  for (const auto& code : messages.languages())
    langs.push_back(mstch::map{{"code", code},
                               {"id", code == "en" ? std::string("language") : "language-" + code},
                               {"name", messages.text(code, "language_name")},
                               {"checked", f.get("language") == code}});
  c["languages"] = langs;
}

}  // namespace

void add_account_routes(http::Router& r, WebDeps& deps) {
  Services& s = deps.services;

  r.add("GET", "/sign-in", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (page.signed_in())
      return page.redirect(landing(req.ctx.principal.role.value_or(Role::kResident), query_value(req, "next")));
    Form f;
    f.set("next", safe_next(query_value(req, "next")));
    return sign_in_page(page, 200, f, {});
  });

  r.add("POST", "/sign-in", [&deps, &s](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    ASSIGN_OR_RETURN(Form f, read_form(req));
    if (!page.csrf_ok(f)) return page.bad_token();
    FormErrors errors = check_sign_in(f);
    if (!errors.empty()) return sign_in_page(page, 400, f, errors);
    auto signed_in = s.accounts.sign_in(req.ctx, trimmed(f.get("email")), f.get("password"),
                                        std::string(req.header("user-agent").value_or("").substr(0, 300)));
    if (!signed_in) {
      if (signed_in.error().code == ErrorCode::kTooManyRequests) return page.error(signed_in.error());
      if (signed_in.error().code != ErrorCode::kUnauthenticated) return page.error(signed_in.error());
      return sign_in_page(page, 400, f, {{"email", "errors.sign_in_failed"}});
    }
    if (signed_in->needs_second_factor) {
      // Half signed in: the session is nobody until the code is confirmed
      // (AccountService::authenticate), so the cookie grants nothing yet.
      http::Response res = page.redirect("/sign-in/code?next=" + http::percent_encode(safe_next(f.get("next"))));
      res.headers.emplace_back("Set-Cookie",
                               http::session_cookie(signed_in->session_token, s.accounts.options().session_absolute));
      return res;
    }
    http::Response res = page.redirect(landing(signed_in->user.role, f.get("next")));
    res.headers.emplace_back("Set-Cookie",
                             http::session_cookie(signed_in->session_token, s.accounts.options().session_absolute));
    return res;
  });

  // The second step for staff with an authenticator app (GOV.UK's "enter
  // the code" pattern). Wrong codes are throttled per account by
  // AccountService, and the page counts as a public form in the pipeline.
  r.add("GET", "/sign-in/code", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    const std::string next = safe_next(query_value(req, "next"));
    if (page.signed_in()) return page.redirect(landing(req.ctx.principal.role.value_or(Role::kOfficer), next));
    if (session_token_of(req).empty()) return page.redirect("/sign-in");
    Form f;
    f.set("next", next);
    return code_page(page, 200, f, {});
  });

  r.add("POST", "/sign-in/code", [&deps, &s](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    ASSIGN_OR_RETURN(Form f, read_form(req));
    if (!page.csrf_ok(f)) return page.bad_token();
    const std::string token = session_token_of(req);
    if (token.empty()) return page.redirect("/sign-in");
    std::string code;
    for (char ch : f.get("code"))
      if (ch != ' ' && ch != '-') code += ch;
    FormErrors errors;
    if (code.empty()) errors.push_back({"code", "staff.errors.code_missing"});
    else if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos)
      errors.push_back({"code", "staff.errors.code_format"});
    if (!errors.empty()) return code_page(page, 400, f, errors);
    Status done = s.accounts.confirm_second_factor(req.ctx, token, code);
    if (!done) {
      if (done.error().code == ErrorCode::kTooManyRequests) return page.error(done.error());
      if (done.error().code != ErrorCode::kUnauthenticated) return page.error(done.error());
      // An ended or unknown session: start again with the password.
      if (done.error().field != "code") return page.redirect("/sign-in");
      return code_page(page, 400, f, {{"code", "staff.errors.code_wrong"}});
    }
    // Only staff can turn on a second factor: they land on their queues.
    return page.redirect(landing(Role::kOfficer, f.get("next")));
  });

  r.add("POST", "/sign-out", [&deps, &s](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    ASSIGN_OR_RETURN(Form f, read_form(req));
    if (!page.signed_in()) return page.redirect("/");
    if (!page.csrf_ok(f)) return page.bad_token();
    auto cookie = req.header("cookie");
    RETURN_IF_ERROR(s.accounts.sign_out(req.ctx, http::cookie_value(cookie.value_or(""), http::kSessionCookie)));
    http::Response res = page.redirect("/signed-out");
    res.headers.emplace_back("Set-Cookie", http::session_cookie("", std::chrono::seconds(0)));
    return res;
  });

  r.add("GET", "/signed-out", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    return page.message_page(200, "sign_out.title", "sign_out.body");
  });

  r.add("GET", "/register", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (page.signed_in()) return page.redirect("/account");
    return form_page(page, "register", "register.title", Form{}, {});
  });

  r.add("POST", "/register", [&deps, &s](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    ASSIGN_OR_RETURN(Form f, read_form(req));
    if (!page.csrf_ok(f)) return page.bad_token();
    FormErrors errors = check_registration(f);
    if (!errors.empty()) return form_page(page, "register", "register.title", f, errors);
    Status done = s.accounts.register_resident(req.ctx, trimmed(f.get("name")), trimmed(f.get("email")),
                                               f.get("password"));
    if (!done) {
      if (kind_of(done.error().code) != ErrorKind::kInvalidArgument) return page.error(done.error());
      const bool password = done.error().field == "password";
      return form_page(page, "register", "register.title", f,
                       {{password ? "password" : "email", password ? "errors.password_weak" : "errors.email_invalid"}});
    }
    mstch::map c = page.context("register.check_email_title");
    c["email"] = trimmed(f.get("email"));
    return page.html(200, "check_email", c);
  });

  // The link in the email: a button to confirm, so that a mail scanner
  // following links does not confirm the address on its own.
  r.add("GET", "/verify-email", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    mstch::map c = page.context("verify.title");
    c["token"] = query_value(req, "token", 200);
    return page.html(200, "verify_email", c);
  });

  r.add("POST", "/verify-email", [&deps, &s](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    ASSIGN_OR_RETURN(Form f, read_form(req));
    if (!page.csrf_ok(f)) return page.bad_token();
    Status done = s.accounts.verify_email(req.ctx, f.get("token").substr(0, 200));
    if (!done) {
      if (kind_of(done.error().code) == ErrorKind::kUnavailable || kind_of(done.error().code) == ErrorKind::kInternal)
        return page.error(done.error());
      return page.message_page(400, "verify.failed_title", "verify.failed_body");
    }
    return page.message_page(200, "verify.done_title", "verify.done_body");
  });

  r.add("GET", "/reset-password", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    const std::string token = query_value(req, "token", 200);
    Form f;
    if (token.empty()) return form_page(page, "reset_request", "reset.request_title", f, {});
    f.set("token", token);
    return form_page(page, "reset_password", "reset.new_title", f, {});
  });

  r.add("POST", "/reset-password", [&deps, &s](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    ASSIGN_OR_RETURN(Form f, read_form(req));
    if (!page.csrf_ok(f)) return page.bad_token();
    if (!f.has("token")) {
      FormErrors errors = check_email_only(f);
      if (!errors.empty()) return form_page(page, "reset_request", "reset.request_title", f, errors);
      RETURN_IF_ERROR(s.accounts.request_password_reset(req.ctx, trimmed(f.get("email"))));
      mstch::map c = page.context("reset.sent_title");
      c["email"] = trimmed(f.get("email"));
      return page.html(200, "reset_sent", c);
    }
    FormErrors errors = check_new_password(f);
    if (!errors.empty()) return form_page(page, "reset_password", "reset.new_title", f, errors);
    Status done = s.accounts.reset_password(req.ctx, f.get("token").substr(0, 200), f.get("password"));
    if (!done) {
      if (done.error().field == "password")
        return form_page(page, "reset_password", "reset.new_title", f, {{"password", "errors.password_weak"}});
      if (kind_of(done.error().code) == ErrorKind::kUnavailable || kind_of(done.error().code) == ErrorKind::kInternal)
        return page.error(done.error());
      return page.message_page(400, "reset.failed_title", "reset.failed_body");
    }
    return page.message_page(200, "reset.done_title", "reset.done_body");
  });

  r.add("GET", "/account", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.signed_in()) return page.sign_in_first("/account");
    return page.html(200, "account", page.context("account.title"));
  });

  r.add("GET", "/account/preferences", [&deps, &s](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.resident()) return page.signed_in() ? page.message_page(403, "errors.forbidden_title", "errors.residents_only")
                                                  : page.sign_in_first("/account/preferences");
    ASSIGN_OR_RETURN(PreferencesView v, s.privacy.preferences(req.ctx, *req.ctx.principal.customer_id));
    Form f;
    if (v.current.preferred_channel) f.set("channel", std::string(to_string(*v.current.preferred_channel)));
    f.set("language", v.current.language);
    f.set("updates", v.current.consent_updates.value_or(false) ? "yes" : "no");
    mstch::map c = page.context("preferences.title");
    preference_values(page, deps.messages, c, f);
    c["saved"] = query_value(req, "saved") == "1";
    return page.html(200, "preferences", c);
  });

  r.add("POST", "/account/preferences", [&deps, &s](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.resident()) return page.sign_in_first("/account/preferences");
    ASSIGN_OR_RETURN(Form f, read_form(req));
    if (!page.csrf_ok(f)) return page.bad_token();
    PreferencesUpdate u;
    FormErrors errors;
    const std::string& channel = f.get("channel");
    if (channel == "email" || channel == "sms" || channel == "post") {
      u.preferred_channel = parse_preferred_channel(channel).value();
    } else {
      errors.push_back({"channel", "errors.channel_missing"});
    }
    if (!deps.messages.has_language(f.get("language"))) errors.push_back({"language", "errors.language_missing"});
    else u.language = f.get("language");
    if (f.get("updates") == "yes" || f.get("updates") == "no") u.consent_updates = f.get("updates") == "yes";
    if (errors.empty()) {
      auto saved = s.privacy.set_preferences(req.ctx, *req.ctx.principal.customer_id, u);
      if (saved) {
        http::Response res = page.redirect("/account/preferences?saved=1");
        res.headers.emplace_back("Set-Cookie", "civicdesk_lang=" + *u.language +
                                                   "; Path=/; Secure; SameSite=Lax; Max-Age=31536000");
        return res;
      }
      // The channel needs a detail the council does not have (no mobile
      // number for text messages...): say so on the field.
      if (saved.error().field.find("channel") == std::string::npos) return page.error(saved.error());
      errors.push_back({"channel", "errors.channel_no_detail"});
    }
    mstch::map c = page.context("preferences.title");
    preference_values(page, deps.messages, c, f);
    page.add_errors(c, errors);
    return page.html(400, "preferences", c);
  });
}

}  // namespace civicdesk::web
