#include "web/page.h"

#include "http/parse/open311_form.h"
#include "http/parse/query.h"
#include "http/pipeline.h"
#include "web/assets.h"
#include "web/csrf.h"

namespace civicdesk::web {

namespace {
std::string cookie(const http::Request& req, std::string_view name) {
  auto h = req.header("cookie");
  return h ? http::cookie_value(*h, name).substr(0, 200) : "";
}
// The service navigation's links by role (docs/pages.md): each entry is a
// path and its text key; the current section is marked for screen readers.
mstch::array navigation(const Principal& p, const Messages& m, const std::string& lang, const std::string& path) {
  using Link = std::pair<const char*, const char*>;
  std::vector<Link> links;
  if (!p.authenticated()) {
    links = {{"/report", "layout.nav_report"}, {"/sign-in", "layout.nav_sign_in"}};
  } else if (p.role && is_staff(*p.role)) {
    links = {{"/staff", "staff.nav.queues"},
             {"/staff/contact", "staff.nav.contact"},
             {"/staff/customers", "staff.nav.customers"},
             {"/staff/reports", "staff.nav.reports"}};
    if (p.role == Role::kAdministrator) links.push_back({"/admin", "staff.nav.admin"});
  } else if (p.role == Role::kCouncillor) {
    links = {{"/member/enquiries", "staff.nav.member_enquiries"},
             {"/member/enquiries/new", "staff.nav.member_new"},
             {"/member/ward", "staff.nav.member_ward"}};
  } else {
    links = {{"/report", "layout.nav_report"}, {"/requests", "layout.nav_requests"}, {"/account", "layout.nav_account"}};
  }
  // The longest link the path is under is the current one (/staff/cases/X
  // is under Work queues, /member/enquiries/new is not My enquiries).
  size_t best = links.size(), best_len = 0;
  for (size_t i = 0; i < links.size(); ++i) {
    const std::string_view href = links[i].first;
    const bool under = path == href || (path.rfind(href, 0) == 0 && path.size() > href.size() && path[href.size()] == '/');
    if (under && href.size() > best_len) best = i, best_len = href.size();
  }
  mstch::array out;
  for (size_t i = 0; i < links.size(); ++i)
    out.push_back(mstch::map{{"href", std::string(links[i].first)}, {"text", m.text(lang, links[i].second)},
                             {"current", i == best}});
  return out;
}
}  // namespace

std::string query_value(const http::Request& req, std::string_view key, size_t max) {
  auto q = http::QueryReader::parse(req.query);
  if (!q) return "";
  return q->string(key, max).value_or("");
}

Page::Page(WebDeps& deps, const http::Request& req) : deps_(deps), req_(req) {
  lang_ = choose_language(deps.messages, cookie(req, "civicdesk_lang"), req.header("accept-language").value_or(""));
  if (auto snap = deps.services.catalogue.snapshot(req.ctx)) {
    council_name_ = (*snap)->tenant.name;
    brand_colour_ = (*snap)->tenant.brand_colour;
  }
  if (signed_in()) {
    csrf_secret_ = cookie(req, http::kSessionCookie);
  } else {
    csrf_secret_ = cookie(req, kFormCookie);
    if (csrf_secret_.empty()) {
      new_form_secret_ = new_form_secret();
      csrf_secret_ = new_form_secret_;
    }
  }
}

mstch::map Page::context(std::string_view title_key) const {
  const Principal& p = req_.ctx.principal;
  mstch::map c{
      {"t", deps_.messages.tree(lang_)},
      {"lang", lang_},
      {"title", text(title_key)},
      {"council", mstch::map{{"name", council_name_.empty() ? text("layout.council_fallback") : council_name_}}},
      {"assets", mstch::map{{"css", asset_url("civicdesk.css")},
                            {"js", asset_url("civicdesk.js")},
                            {"enabled_js", asset_url("enabled.js")},
                            {"govuk_js", asset_url("govuk-frontend.min.js")},
                            {"favicon", asset_url("favicon.svg")},
                            {"council_css", "/assets/council.css?v=" + safe_colour(brand_colour_).substr(1)}}},
      {"signed_in", signed_in()},
      {"resident", resident()},
      {"user_name", p.name},
      {"csrf", form_token(csrf_secret_)},
      {"path", req_.path},
      {"nav", navigation(p, deps_.messages, lang_, req_.path)},
      {"staff", staff()},
  };
  return c;
}

void Page::add_errors(mstch::map& c, const FormErrors& errors) const {
  if (errors.empty()) return;
  mstch::array list;
  mstch::map by_field;
  for (const auto& e : errors) {
    const std::string message = text(e.message_key);
    list.push_back(mstch::map{{"href", "#" + e.field}, {"text", message}});
    if (!by_field.count(e.field)) by_field.emplace(e.field, message);
  }
  c["errors"] = list;
  c["has_errors"] = true;
  c["field_errors"] = by_field;
  c["title"] = text("errors.title_prefix") + boost::get<std::string>(c["title"]);
}

void Page::add_values(mstch::map& c, const Form& form) {
  mstch::map values;
  for (const auto& [k, v] : form.values())
    if (k != "password" && k != "confirm_password" && k != "csrf" && !values.count(k)) values.emplace(k, v);
  c["values"] = values;
}

bool Page::csrf_ok(const Form& form) const {
  return new_form_secret_.empty() && form_token_ok(csrf_secret_, form.get("csrf"));
}

http::Response Page::html(int status, const std::string& template_name, const mstch::map& c) const {
  http::Response r = http::Response::text(status, deps_.renderer.page(template_name, c), "text/html; charset=utf-8");
  if (!new_form_secret_.empty()) r.headers.emplace_back("Set-Cookie", form_cookie(new_form_secret_));
  r.set_header("Content-Language", lang_);
  return r;
}

http::Response Page::redirect(const std::string& location) const {
  http::Response r;
  r.status = 303;
  r.set_header("Location", location);
  if (!new_form_secret_.empty()) r.headers.emplace_back("Set-Cookie", form_cookie(new_form_secret_));
  return r;
}

http::Response Page::sign_in_first(const std::string& back) const {
  return redirect("/sign-in?next=" + http::percent_encode(back));
}

http::Response Page::message_page(int status, std::string_view title_key, std::string_view body_key) const {
  mstch::map c = context(title_key);
  c["body"] = text(body_key);
  return html(status, "message", c);
}

http::Response Page::error(const Error& e) const {
  switch (kind_of(e.code)) {
    case ErrorKind::kNotFound: return message_page(404, "errors.not_found_title", "errors.not_found_body");
    case ErrorKind::kPermissionDenied: return message_page(403, "errors.forbidden_title", "errors.forbidden_body");
    case ErrorKind::kUnauthenticated: return sign_in_first(req_.path);
    case ErrorKind::kResourceExhausted:
      if (e.code == ErrorCode::kTooManyRequests) return message_page(429, "errors.too_many_title", "errors.too_many_body");
      return message_page(413, "errors.too_large_title", "errors.too_large_body");
    case ErrorKind::kInvalidArgument: return message_page(400, "errors.bad_request_title", "errors.bad_request_body");
    case ErrorKind::kUnavailable: return message_page(503, "errors.unavailable_title", "errors.unavailable_body");
    case ErrorKind::kInternal: return message_page(500, "errors.internal_title", "errors.internal_body");
    default: return message_page(409, "errors.conflict_title", "errors.conflict_body");
  }
}

std::string Page::long_date(Instant t) const { return long_day(london_date(t)); }

std::string Page::long_day(LocalDate d) const {
  const std::chrono::year_month_day ymd{d};
  return std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         text("dates.month_" + std::to_string(static_cast<unsigned>(ymd.month()))) + " " +
         std::to_string(static_cast<int>(ymd.year()));
}

std::string status_tag_class(CaseStatus s) {
  switch (s) {
    case CaseStatus::kNew: return "govuk-tag--blue";
    case CaseStatus::kInProgress: return "govuk-tag--yellow";
    case CaseStatus::kAwaitingCustomer: return "govuk-tag--orange";
    case CaseStatus::kClosed: return "govuk-tag--grey";
  }
  return "";
}

std::string place_text(const Location& l) {
  std::string s = l.address;
  if (!l.postcode.empty()) s += (s.empty() ? "" : ", ") + l.postcode;
  return s;
}

std::string category_name(const CatalogueSnapshot& cat, const std::string& code) {
  auto it = cat.categories.find(code);
  return it == cat.categories.end() ? code : it->second.name;
}

std::string safe_next(std::string_view next) {
  if (next.size() < 1 || next.size() > 500 || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\')))
    return "/account";
  for (char c : next)
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\') return "/account";
  return std::string(next);
}

Result<Form> read_form_with_photos(const http::Request& req, std::vector<std::string>& photos) {
  const std::string type(req.header("content-type").value_or(""));
  if (type.rfind("multipart/form-data", 0) != 0) return Form::parse(req.body);
  ASSIGN_OR_RETURN(auto parts, http::open311_form::parse_multipart(type, req.body));
  std::string encoded;
  for (const auto& [name, value] : parts.fields)
    encoded += (encoded.empty() ? "" : "&") + http::percent_encode(name) + "=" + http::percent_encode(value);
  for (auto& file : parts.file_parts)
    if (file.name == "photos" && !file.content.empty()) photos.push_back(std::move(file.content));
  return Form::parse(encoded);
}

}  // namespace civicdesk::web
