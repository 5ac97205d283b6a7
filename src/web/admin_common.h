// What the administration pages (/admin) share, so each form is short:
//
//   admin_get(r, deps, "/admin/x", [](Page& page, http::Request& req) { ... });
//   admin_post(r, deps, "/admin/x", [](Page& page, http::Request& req, const Form& f) {
//     FormErrors errors = ...;                       // the form's own checks
//     if (!errors.empty()) return again(errors, 400);
//     return settle(page, use_case(...), "/admin/x?done=saved", again,
//                   {{ErrorKind::kAlreadyExists, "", {"code", "admin.errors.code_taken"}, 409}});
//   });
//
// admin_get/admin_post answer anyone but an administrator with the 403 page
// (or send them to sign in) and, for posts, parse the form and refuse a bad
// CSRF token before the handler runs, so no use case is called for them.
// Fields (`Fields`) are GOV.UK inputs, textareas, selects, radios and
// checkboxes rendered by the admin_field partial, keeping what was typed
// and showing each field's error.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "web/page.h"

namespace civicdesk::web {

// The 403 page or the sign-in redirect for anyone but an administrator.
std::optional<http::Response> refuse_non_admin(const Page& page, const std::string& path);

using AdminGet = std::function<Result<http::Response>(Page&, http::Request&)>;
using AdminPost = std::function<Result<http::Response>(Page&, http::Request&, const Form&)>;
void admin_get(http::Router& r, WebDeps& deps, const std::string& path, AdminGet fn);
void admin_post(http::Router& r, WebDeps& deps, const std::string& path, AdminPost fn);

// Renders the form again with errors and a status.
using Again = std::function<http::Response(const FormErrors&, int status)>;

// How a use case's refusal shows on the form: the first rule whose kind
// matches and whose `field` (when not empty) begins the error's field.
struct Refusal {
  ErrorKind kind;
  std::string field;
  FieldError show;
  int status = 400;
};

// Post/Redirect/Get: to `next` when `done` succeeded; else the form again
// with the matching refusal's error; else the error page.
http::Response settle(const Page& page, const Status& done, const std::string& next, const Again& again,
                      const std::vector<Refusal>& refusals = {});

// The success banner named by `?done=<key>` (text admin.done.<key>), if any.
void add_done_banner(const Page& page, const http::Request& req, mstch::map& c);

// A code or name as a path segment: percent-encoded.
std::string seg(const std::string& s);

// A whole number 0..max typed in a field; nullopt unless exactly that.
std::optional<int> whole_number(const std::string& s, int max);

// A code from words ("Which bin was missed?" -> "which_bin_was_missed"),
// at most 40 characters, `fallback` when nothing is left. `sep` joins words.
std::string code_from(const std::string& words, char sep = '_', const std::string& fallback = "question");

// The name and, for something new, the code of a service or service level:
// the code is made from the name when left blank ("Abandoned trolley" ->
// "abandoned-trolley"); `taken` says whether a code is in use already.
FormErrors read_name_and_code(const Form& f, bool is_new, const std::function<bool(const std::string&)>& taken,
                              const std::string& taken_key, std::string& name, std::string& code);

// Builds the fields of a form for the admin_field partial: the value typed
// when the form was posted, else the current one; the field's error.
class Fields {
 public:
  using Choices = std::vector<std::pair<std::string, std::string>>;  // value, label

  Fields(const Page& page, const Form& typed, const FormErrors& errors) : page_(page), typed_(typed), errors_(errors) {}

  std::string value(const std::string& name, const std::string& current) const {
    return typed_.has(name) ? typed_.get(name) : current;
  }
  // `label_key` and `hint_key` are catalogue keys ("" for no hint).
  mstch::map input(const std::string& name, const std::string& label_key, const std::string& hint_key,
                   const std::string& current, const std::string& width = "") const;
  mstch::map number(const std::string& name, const std::string& label_key, const std::string& hint_key,
                    const std::string& current) const;
  mstch::map textarea(const std::string& name, const std::string& label_key, const std::string& hint_key,
                      const std::string& current, int rows = 4) const;
  mstch::map select(const std::string& name, const std::string& label_key, const std::string& hint_key,
                    const Choices& choices, const std::string& current) const;
  mstch::map radios(const std::string& name, const std::string& label_key, const std::string& hint_key,
                    const Choices& choices, const std::string& current, bool inline_ = false) const;
  mstch::map yes_no(const std::string& name, const std::string& label_key, const std::string& hint_key,
                    bool current) const;
  mstch::map checkboxes(const std::string& name, const std::string& label_key, const std::string& hint_key,
                        const Choices& choices, const std::vector<std::string>& current) const;
  // `field` inside a GOV.UK details component titled `summary_key`: folded
  // away unless `open` or the field has an error (works without JavaScript).
  mstch::map folded(mstch::map field, const std::string& summary_key, bool open) const;

 private:
  mstch::map base(const std::string& name, const std::string& label_key, const std::string& hint_key) const;
  const Page& page_;
  Form typed_;
  FormErrors errors_;
};

// The admin routes by area (admin_*_pages.cpp).
void add_admin_catalogue_routes(http::Router& r, WebDeps& deps);    // services and their questions
void add_admin_level_routes(http::Router& r, WebDeps& deps);        // service levels (SLA policies)
void add_admin_template_routes(http::Router& r, WebDeps& deps);     // the council's and a service's wording
void add_admin_integration_routes(http::Router& r, WebDeps& deps);  // webhooks and forwarding

}  // namespace civicdesk::web
