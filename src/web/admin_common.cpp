#include "web/admin_common.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "http/parse/query.h"

namespace civicdesk::web {

std::optional<http::Response> refuse_non_admin(const Page& page, const std::string& path) {
  if (!page.signed_in()) return page.sign_in_first(path);
  if (page.ctx().principal.role != Role::kAdministrator)
    return page.message_page(403, "errors.forbidden_title", "admin.forbidden");
  return std::nullopt;
}

void admin_get(http::Router& r, WebDeps& deps, const std::string& path, AdminGet fn) {
  r.add("GET", path, [&deps, fn = std::move(fn)](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse_non_admin(page, req.path)) return *no;
    return fn(page, req);
  });
}

void admin_post(http::Router& r, WebDeps& deps, const std::string& path, AdminPost fn) {
  r.add("POST", path, [&deps, fn = std::move(fn)](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse_non_admin(page, req.path)) return *no;
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    return fn(page, req, f);
  });
}

http::Response settle(const Page& page, const Status& done, const std::string& next, const Again& again,
                      const std::vector<Refusal>& refusals) {
  if (done) return page.redirect(next);
  const Error& e = done.error();
  for (const auto& r : refusals)
    if (kind_of(e.code) == r.kind && e.field.rfind(r.field, 0) == 0) return again({r.show}, r.status);
  return page.error(e);
}

void add_done_banner(const Page& page, const http::Request& req, mstch::map& c) {
  const std::string key = query_value(req, "done", 40);
  if (key.empty() || !std::all_of(key.begin(), key.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || ch == '_'; }))
    return;
  const std::string text_key = std::string("admin.") + "done." + key;  // admin.done.<key>
  if (!page.has_text(text_key)) return;
  c["banner"] = mstch::map{{"text", page.text(text_key)}};
}

std::string seg(const std::string& s) { return http::percent_encode(s); }

std::optional<int> whole_number(const std::string& typed, int max) {
  const std::string s = trimmed(typed);
  int v = 0;
  if (s.empty() || s.size() > 4 || std::from_chars(s.data(), s.data() + s.size(), v).ptr != s.data() + s.size() ||
      v < 0 || v > max)
    return std::nullopt;
  return v;
}

std::string code_from(const std::string& words, char sep, const std::string& fallback) {
  std::string out;
  for (unsigned char ch : words) {
    if (std::isalnum(ch) && ch < 0x80) out += static_cast<char>(std::tolower(ch));
    else if (!out.empty() && out.back() != sep) out += sep;
    if (out.size() >= 40) break;
  }
  while (!out.empty() && out.back() == sep) out.pop_back();
  return out.empty() ? fallback : out;
}

FormErrors read_name_and_code(const Form& f, bool is_new, const std::function<bool(const std::string&)>& taken,
                              const std::string& taken_key, std::string& name, std::string& code) {
  FormErrors errors;
  name = trimmed(f.get("name"));
  if (name.empty()) errors.push_back({"name", "admin.errors.name_missing"});
  else if (name.size() > 200) errors.push_back({"name", "admin.errors.name_long"});
  if (!is_new) return errors;
  code = trimmed(f.get("code"));
  if (code.empty()) code = code_from(name, '-', "");
  if (code.empty()) errors.push_back({"code", "admin.cat.errors.code_missing"});
  else if (!valid_code(code)) errors.push_back({"code", "admin.cat.errors.code_invalid"});
  else if (code == "new") errors.push_back({"code", "admin.cat.errors.code_reserved"});  // the adding page's path
  else if (taken(code)) errors.push_back({"code", taken_key});
  return errors;
}

mstch::map Fields::base(const std::string& name, const std::string& label_key, const std::string& hint_key) const {
  // Every key the admin_field partial reads is set (false when unused), so
  // none is looked up in the page's context instead.
  mstch::map m{{"id", name},         {"name", name},       {"label", page_.text(label_key)},
               {"hint", false},      {"error", false},     {"described", false},
               {"width", false},     {"numeric", false},   {"inline", false},
               {"input", false},     {"textarea", false},  {"select", false},
               {"radios", false},    {"checkboxes", false}, {"details_summary", false},
               {"details_open", false}};
  std::string described;
  if (!hint_key.empty()) {
    m["hint"] = page_.text(hint_key);
    described = name + "-hint";
  }
  for (const auto& e : errors_)
    if (e.field == name) {
      m["error"] = page_.text(e.message_key);
      described += (described.empty() ? "" : " ") + name + "-error";
      break;
    }
  if (!described.empty()) m["described"] = described;
  return m;
}

mstch::map Fields::input(const std::string& name, const std::string& label_key, const std::string& hint_key,
                         const std::string& current, const std::string& width) const {
  mstch::map m = base(name, label_key, hint_key);
  m["input"] = true;
  m["value"] = value(name, current);
  if (!width.empty()) m["width"] = width;
  return m;
}

mstch::map Fields::number(const std::string& name, const std::string& label_key, const std::string& hint_key,
                          const std::string& current) const {
  mstch::map m = input(name, label_key, hint_key, current, "govuk-input--width-3");
  m["numeric"] = true;
  return m;
}

mstch::map Fields::textarea(const std::string& name, const std::string& label_key, const std::string& hint_key,
                            const std::string& current, int rows) const {
  mstch::map m = base(name, label_key, hint_key);
  m["textarea"] = true;
  m["value"] = value(name, current);
  m["rows"] = std::to_string(rows);
  return m;
}

mstch::map Fields::select(const std::string& name, const std::string& label_key, const std::string& hint_key,
                          const Choices& choices, const std::string& current) const {
  mstch::map m = base(name, label_key, hint_key);
  m["select"] = true;
  const std::string v = value(name, current);
  mstch::array out;
  for (const auto& [value, label] : choices)
    out.push_back(mstch::map{{"choice_value", value}, {"choice_label", label}, {"checked", value == v}});
  m["choices"] = out;
  return m;
}

mstch::map Fields::radios(const std::string& name, const std::string& label_key, const std::string& hint_key,
                          const Choices& choices, const std::string& current, bool inline_) const {
  mstch::map m = base(name, label_key, hint_key);
  m["radios"] = true;
  m["inline"] = inline_;
  const std::string v = value(name, current);
  mstch::array out;
  for (const auto& [value, label] : choices)
    // The first choice has the field's id: the error summary links to it.
    out.push_back(mstch::map{{"choice_id", out.empty() ? name : name + "-" + value},
                             {"choice_value", value},
                             {"choice_label", label},
                             {"checked", value == v}});
  m["choices"] = out;
  return m;
}

mstch::map Fields::folded(mstch::map field, const std::string& summary_key, bool open) const {
  field["details_summary"] = page_.text(summary_key);
  const bool has_error = boost::get<std::string>(&field["error"]) != nullptr;  // else false
  field["details_open"] = open || has_error;
  return field;
}

mstch::map Fields::yes_no(const std::string& name, const std::string& label_key, const std::string& hint_key,
                          bool current) const {
  return radios(name, label_key, hint_key, {{"yes", page_.text("admin.active_yes")}, {"no", page_.text("admin.active_no")}},
                current ? "yes" : "no", true);
}

mstch::map Fields::checkboxes(const std::string& name, const std::string& label_key, const std::string& hint_key,
                              const Choices& choices, const std::vector<std::string>& current) const {
  mstch::map m = base(name, label_key, hint_key);
  m["checkboxes"] = true;
  // Unticking every box sends nothing, so a posted form (csrf present) is
  // read as typed even when the field is absent.
  const std::vector<std::string> v = typed_.has("csrf") ? typed_.all(name) : current;
  mstch::array out;
  for (const auto& [value, label] : choices)
    out.push_back(mstch::map{{"choice_id", out.empty() ? name : name + "-" + value},
                             {"choice_value", value},
                             {"choice_label", label},
                             {"checked", std::find(v.begin(), v.end(), value) != v.end()}});
  m["choices"] = out;
  return m;
}

}  // namespace civicdesk::web
