// What every page handler shares: the visitor (council, language, CSRF
// secret), the context every template gets, and HTML responses.
//
//   Page page(deps, req);
//   mstch::map c = page.context("sign_in.title");
//   return page.html(200, "sign_in", c);
#pragma once

#include <mstch/mstch.hpp>
#include <string>
#include <vector>

#include "http/message.h"
#include "web/form.h"
#include "web/web.h"

namespace civicdesk::web {

class Page {
 public:
  Page(WebDeps& deps, const http::Request& req);

  const std::string& lang() const { return lang_; }
  const RequestContext& ctx() const { return req_.ctx; }
  bool signed_in() const { return req_.ctx.principal.authenticated(); }
  bool resident() const { return signed_in() && req_.ctx.principal.customer_id.has_value(); }
  bool staff() const { return signed_in() && req_.ctx.principal.role && is_staff(*req_.ctx.principal.role); }
  std::string text(std::string_view key) const { return deps_.messages.text(lang_, key); }
  bool has_text(std::string_view key) const { return deps_.messages.find(lang_, key).has_value(); }
  std::string format(std::string_view key, const std::map<std::string, std::string>& values) const {
    return deps_.messages.format(lang_, key, values);
  }

  // The context every template expects: t (texts), lang, council, assets,
  // user, csrf; `title_key` names the page's title in the catalogue.
  mstch::map context(std::string_view title_key) const;
  // Adds the GOV.UK error summary and field errors ("Error: " before the
  // title) and what the person typed (`values`), so nothing is lost.
  void add_errors(mstch::map& c, const FormErrors& errors) const;
  static void add_values(mstch::map& c, const Form& form);

  // The form's CSRF token is right for this browser.
  bool csrf_ok(const Form& form) const;

  http::Response html(int status, const std::string& template_name, const mstch::map& c) const;
  // 303 See Other to a path on this site.
  http::Response redirect(const std::string& location) const;
  // To the sign-in page, coming back to `back` afterwards.
  http::Response sign_in_first(const std::string& back) const;
  // An error page (title and body texts by key).
  http::Response message_page(int status, std::string_view title_key, std::string_view body_key) const;
  // The page for a refused form token: nothing was changed.
  http::Response bad_token() const { return message_page(403, "errors.csrf_title", "errors.csrf_body"); }
  // The page for an error from a use case or the pipeline.
  http::Response error(const Error& e) const;
  // A date for people, in London time, in the page's language: "1 March 2016".
  std::string long_date(Instant t) const;
  std::string long_day(LocalDate d) const;

 private:
  WebDeps& deps_;
  const http::Request& req_;
  std::string lang_;
  std::string council_name_, brand_colour_;
  std::string csrf_secret_;  // session cookie when signed in, else the form cookie
  std::string new_form_secret_;  // set when the browser had no form cookie yet
};

// The GOV.UK tag colour of a case's status on residents' and councillors'
// pages and the contact centre.
std::string status_tag_class(CaseStatus s);
// Where a case is, for people: "1 High Street, N3 1AB".
std::string place_text(const Location& l);
// A category's name (its code when the catalogue no longer has it).
std::string category_name(const CatalogueSnapshot& cat, const std::string& code);

// A query parameter's value, at most `max` bytes ("" when absent or bad).
std::string query_value(const http::Request& req, std::string_view key, size_t max = 500);

// A safe place to go back to after signing in: a path on this site only
// ("/requests"), never "//elsewhere" or "https://...". "/account" otherwise.
std::string safe_next(std::string_view next);

// A form as sent: x-www-form-urlencoded, or multipart/form-data (a form
// with photos) whose non-empty file parts named "photos" go to `photos`;
// the other fields are read exactly as a urlencoded form (Form::parse's
// limits and checks).
Result<Form> read_form_with_photos(const http::Request& req, std::vector<std::string>& photos);

}  // namespace civicdesk::web
