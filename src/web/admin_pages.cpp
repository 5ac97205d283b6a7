// Administration at /admin (docs/pages.md, "Administration"): users and
// their roles, the council's non-working days, and the service catalogue's
// categories (name, open to reports or not, service level, routing).
// Administrators only: anyone else signed in gets a 403 page and nothing
// changes. Each change is one use case (AccountService::update_user,
// CalendarService, CatalogueService::put_category), audited as the API's are.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "app/calendar_admin.h"
#include "app/crypto.h"
#include "http/parse/query.h"
#include "web/page.h"

namespace civicdesk::web {

namespace {

// The staff roles an administrator may move a staff account between (staff,
// councillor and resident accounts cannot change into each other).
constexpr Role kStaffRoles[] = {Role::kAdvisor, Role::kOfficer, Role::kLead, Role::kManager, Role::kAdministrator};

// The kinds of question an administrator can add, in the order offered.
constexpr QuestionType kQuestionTypes[] = {QuestionType::kString, QuestionType::kText, QuestionType::kNumber,
                                           QuestionType::kSingleValueList, QuestionType::kMultiValueList};

// A page to answer with instead when the visitor is not an administrator.
std::optional<http::Response> refuse(const Page& page, const std::string& path) {
  if (!page.signed_in()) return page.sign_in_first(path);
  if (page.ctx().principal.role != Role::kAdministrator)
    return page.message_page(403, "errors.forbidden_title", "admin.forbidden");
  return std::nullopt;
}

std::optional<Id> id_param(const http::Request& req) {
  const std::string& s = req.param("id");
  Id id = 0;
  if (s.empty() || s.size() > 15 || std::from_chars(s.data(), s.data() + s.size(), id).ptr != s.data() + s.size() || id < 1)
    return std::nullopt;
  return id;
}

std::string role_name(const Page& page, Role r) { return page.text("admin.role_" + std::string(to_string(r))); }

mstch::map banner(const Page& page, std::string_view key) {
  return mstch::map{{"text", page.text(key)}};
}

// ---- users ----

http::Response user_page(const Page& page, const User& u, const Form& typed, const FormErrors& errors, int status) {
  mstch::map c = page.context("admin.user_title");
  c["title"] = page.format("admin.user_title", {{"name", u.name}});
  c["id"] = std::to_string(u.id);
  c["name"] = u.name;
  c["email"] = u.email;
  const std::string role = typed.has("role") ? typed.get("role") : std::string(to_string(u.role));
  const std::string active = typed.has("active") ? typed.get("active") : (u.active ? "yes" : "no");
  if (is_staff(u.role)) {
    mstch::array roles;
    for (Role r : kStaffRoles)
      roles.push_back(mstch::map{{"value", std::string(to_string(r))},
                                 {"label", role_name(page, r)},
                                 {"id", roles.empty() ? std::string("role") : "role-" + std::string(to_string(r))},
                                 {"checked", role == to_string(r)}});
    c["roles"] = roles;
  } else {
    c["fixed_role"] = role_name(page, u.role);
  }
  c["active_yes"] = active == "yes";
  c["active_no"] = active == "no";
  page.add_errors(c, errors);
  return page.html(status, "admin_user", c);
}

// The form to add a member of staff: what was typed, the staff roles, and
// the officer records an account may be linked to.
http::Response new_user_page(const Page& page, const CatalogueSnapshot& cat, const Form& typed, const FormErrors& errors,
                             int status) {
  mstch::map c = page.context("admin.new_user_title");
  mstch::array roles;
  for (Role r : kStaffRoles)
    roles.push_back(mstch::map{{"value", std::string(to_string(r))},
                               {"label", role_name(page, r)},
                               {"id", roles.empty() ? std::string("role") : "role-" + std::string(to_string(r))},
                               {"checked", typed.get("role") == to_string(r)}});
  c["roles"] = roles;
  mstch::array officers;
  for (const auto& [id, o] : cat.officers)
    officers.push_back(mstch::map{{"value", std::to_string(id)}, {"label", o.name}, {"selected", typed.get("officer") == std::to_string(id)}});
  c["officers"] = officers;
  Page::add_values(c, typed);
  page.add_errors(c, errors);
  return page.html(status, "admin_new_user", c);
}

void add_user_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/admin/users/new", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    return new_user_page(page, *cat, Form{}, {}, 200);
  });

  // An invitation: the account is made with a random password nobody knows,
  // and the password-reset email lets the person choose their own.
  r.add("POST", "/admin/users/new", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    FormErrors errors;
    NewUser u;
    u.name = trimmed(f.get("name"));
    u.email = trimmed(f.get("email"));
    if (u.name.empty()) errors.push_back({"name", "admin.errors.person_name_missing"});
    else if (u.name.size() > 200) errors.push_back({"name", "admin.errors.name_long"});
    if (!plausible_email(u.email)) errors.push_back({"email", "admin.errors.email_invalid"});
    auto role = parse_role(f.get("role"));
    if (!role || !is_staff(*role)) errors.push_back({"role", "admin.errors.role_missing"});
    else u.role = *role;
    if (!f.get("officer").empty()) {
      Id id = 0;
      const std::string& s = f.get("officer");
      if (std::from_chars(s.data(), s.data() + s.size(), id).ptr != s.data() + s.size() || !cat->officers.count(id))
        errors.push_back({"officer", "admin.errors.officer_invalid"});
      else u.officer_id = id;
    }
    if (!errors.empty()) return new_user_page(page, *cat, f, errors, 400);
    u.password = crypto::random_token("invite-");
    auto made = deps.services.accounts.create_user(req.ctx, u);
    if (!made) {
      if (kind_of(made.error().code) == ErrorKind::kAlreadyExists)
        return new_user_page(page, *cat, f, {{"email", "admin.errors.email_taken"}}, 409);
      if (kind_of(made.error().code) == ErrorKind::kInvalidArgument) {
        const std::string& field = made.error().field;
        if (field == "officer_id") return new_user_page(page, *cat, f, {{"officer", "admin.errors.officer_invalid"}}, 400);
        if (field == "name") return new_user_page(page, *cat, f, {{"name", "admin.errors.person_name_missing"}}, 400);
        return new_user_page(page, *cat, f, {{"email", "admin.errors.email_invalid"}}, 400);
      }
      return page.error(made.error());
    }
    Status invited = deps.services.accounts.request_password_reset(req.ctx, made->email);
    if (!invited) return page.error(invited.error());
    return page.redirect("/admin/users?invited=1");
  });

  r.add("GET", "/admin/users", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(auto users, deps.services.accounts.list_users(req.ctx));
    mstch::array rows;
    for (const auto& u : users)
      rows.push_back(mstch::map{{"name", u.name},
                                {"email", u.email},
                                {"role", role_name(page, u.role)},
                                {"status", page.text(u.active ? "admin.active" : "admin.deactivated")},
                                {"status_class", std::string(u.active ? "govuk-tag--green" : "govuk-tag--grey")},
                                {"href", "/admin/users/" + std::to_string(u.id)}});
    mstch::map c = page.context("admin.users_title");
    c["users"] = rows;
    if (req.query == "saved=1") c["banner"] = banner(page, "admin.saved");
    if (req.query == "invited=1") c["banner"] = banner(page, "admin.invited");
    return page.html(200, "admin_users", c);
  });

  r.add("GET", "/admin/users/{id}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    auto id = id_param(req);
    if (!id) return page.error(not_found("No such user"));
    ASSIGN_OR_RETURN(User u, deps.services.accounts.get_user(req.ctx, *id));
    return user_page(page, u, Form{}, {}, 200);
  });

  r.add("POST", "/admin/users/{id}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    auto id = id_param(req);
    if (!id) return page.error(not_found("No such user"));
    ASSIGN_OR_RETURN(User u, deps.services.accounts.get_user(req.ctx, *id));
    FormErrors errors;
    std::optional<Role> role;
    if (is_staff(u.role)) {
      auto parsed = parse_role(f.get("role"));
      if (!parsed || !is_staff(*parsed)) errors.push_back({"role", "admin.errors.role_missing"});
      else role = *parsed;
    }
    const std::string& active = f.get("active");
    if (active != "yes" && active != "no") errors.push_back({"active", "admin.errors.active_missing"});
    if (!errors.empty()) return user_page(page, u, f, errors, 400);
    auto changed = deps.services.accounts.update_user(req.ctx, *id, role, active == "yes", std::nullopt);
    if (!changed) {
      if (kind_of(changed.error().code) == ErrorKind::kInvalidArgument)
        return user_page(page, u, f, {{"role", "admin.errors.role_rejected"}}, 400);
      return page.error(changed.error());
    }
    return page.redirect("/admin/users?saved=1");
  });
}

// ---- the calendar ----

// A GOV.UK date input's three fields as a date; nullopt unless a real one.
std::optional<LocalDate> typed_date(const Form& f) {
  auto number = [&](const std::string& name, int digits) -> std::optional<int> {
    const std::string s = trimmed(f.get(name));
    int v = 0;
    if (s.empty() || s.size() > static_cast<size_t>(digits) ||
        std::from_chars(s.data(), s.data() + s.size(), v).ptr != s.data() + s.size())
      return std::nullopt;
    return v;
  };
  auto d = number("date-day", 2), m = number("date-month", 2), y = number("date-year", 4);
  if (!d || !m || !y) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return LocalDate{ymd};
}

Result<http::Response> calendar_page(WebDeps& deps, const http::Request& req, const Page& page, const Form& typed,
                                     const FormErrors& errors, int status) {
  CalendarService calendar(deps.services.store, deps.services.cache);
  ASSIGN_OR_RETURN(auto days, calendar.days(req.ctx));
  // From the start of this year: the past is history, kept but not listed.
  const std::chrono::year_month_day today{london_date(req.ctx.now)};
  const LocalDate from{today.year() / std::chrono::January / 1};
  mstch::array rows;
  for (const auto& h : days) {
    if (h.date < from) continue;
    rows.push_back(mstch::map{{"date", page.long_date(london_start_of_day(h.date))},
                              {"iso", format_date(h.date)},
                              {"title", h.title}});
  }
  mstch::map c = page.context("admin.calendar_title");
  c["days"] = rows;
  c["has_days"] = !rows.empty();
  if (req.query == "added=1") c["banner"] = banner(page, "admin.day_added");
  if (req.query == "removed=1") c["banner"] = banner(page, "admin.day_removed");
  Page::add_values(c, typed);
  page.add_errors(c, errors);
  return page.html(status, "admin_calendar", c);
}

void add_calendar_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/admin/calendar", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    return calendar_page(deps, req, page, Form{}, {}, 200);
  });

  r.add("POST", "/admin/calendar", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    FormErrors errors;
    auto date = typed_date(f);
    if (!date) errors.push_back({"date", "admin.errors.date_invalid"});
    const std::string title = trimmed(f.get("title"));
    if (title.empty()) errors.push_back({"title", "admin.errors.title_missing"});
    else if (title.size() > 200) errors.push_back({"title", "admin.errors.title_long"});
    if (!errors.empty()) return calendar_page(deps, req, page, f, errors, 400);
    CalendarService calendar(deps.services.store, deps.services.cache);
    Status added = calendar.add_day(req.ctx, *date, title);
    if (!added) {
      if (kind_of(added.error().code) == ErrorKind::kAlreadyExists)
        return calendar_page(deps, req, page, f, {{"date", "admin.errors.date_taken"}}, 409);
      if (kind_of(added.error().code) == ErrorKind::kInvalidArgument)
        return calendar_page(deps, req, page, f, {{"date", "admin.errors.date_range"}}, 400);
      return page.error(added.error());
    }
    return page.redirect("/admin/calendar?added=1");
  });

  r.add("POST", "/admin/calendar/remove", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    auto date = parse_date(f.get("date"));
    if (!date) return page.error(not_found("No such day"));
    CalendarService calendar(deps.services.store, deps.services.cache);
    RETURN_IF_ERROR(calendar.remove_day(req.ctx, *date));
    return page.redirect("/admin/calendar?removed=1");
  });
}

// ---- the service catalogue ----

// Choices for a <select>: code and name, the current one selected.
template <typename Map>
mstch::array options(const Map& items, const std::string& selected) {
  mstch::array out;
  for (const auto& [code, item] : items)
    out.push_back(mstch::map{{"value", code}, {"label", item.name}, {"selected", code == selected}});
  return out;
}

http::Response category_page(const Page& page, const CatalogueSnapshot& cat, const Category& c, const Form& typed,
                             const FormErrors& errors, int status) {
  mstch::map ctx = page.context("admin.category_title");
  ctx["title"] = page.format("admin.category_title", {{"name", c.name}});
  ctx["code"] = c.code;
  ctx["current_name"] = c.name;
  const auto value = [&](const std::string& name, const std::string& current) {
    return typed.has(name) ? typed.get(name) : current;
  };
  ctx["name"] = value("name", c.name);
  const std::string active = value("active", c.active ? "yes" : "no");
  ctx["active_yes"] = active == "yes";
  ctx["active_no"] = active == "no";
  ctx["policies"] = options(cat.policies, value("sla_policy", c.sla_policy));
  ctx["units"] = options(cat.delivery_units, value("delivery_unit", c.delivery_unit));
  mstch::array questions;
  for (const auto& q : c.questions) questions.push_back(mstch::map{{"prompt", q.prompt}, {"required", q.required}});
  ctx["questions"] = questions;
  ctx["has_questions"] = !questions.empty();
  mstch::array types;
  for (QuestionType t : kQuestionTypes)
    types.push_back(mstch::map{{"value", std::string(to_string(t))},
                               {"label", page.text("admin.qtype_" + std::string(to_string(t)))},
                               {"id", types.empty() ? std::string("q_type") : "q_type-" + std::string(to_string(t))},
                               {"checked", typed.get("q_type") == to_string(t)}});
  ctx["question_types"] = types;
  ctx["q_required_yes"] = typed.get("q_required") == "yes";
  ctx["q_required_no"] = typed.get("q_required") == "no";
  Page::add_values(ctx, typed);
  if (typed.get("added") == "1") ctx["banner"] = banner(page, "admin.question_added");
  page.add_errors(ctx, errors);
  return page.html(status, "admin_category", ctx);
}

// A code from words ("Which bin was missed?" -> "which_bin_was_missed"), at
// most 40 characters, "question" when nothing is left.
std::string code_from(const std::string& words) {
  std::string out;
  for (unsigned char ch : words) {
    if (std::isalnum(ch) && ch < 0x80) out += static_cast<char>(std::tolower(ch));
    else if (!out.empty() && out.back() != '_') out += '_';
    if (out.size() >= 40) break;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "question" : out;
}

// The new question from the form's q_* fields; field errors when it is not one.
FormErrors read_question(const Form& f, const Category& c, Question& q) {
  FormErrors errors;
  q.prompt = trimmed(f.get("q_prompt"));
  if (q.prompt.empty()) errors.push_back({"q_prompt", "admin.errors.prompt_missing"});
  else if (q.prompt.size() > 500) errors.push_back({"q_prompt", "admin.errors.prompt_long"});
  auto type = parse_question_type(f.get("q_type"));
  if (!type || std::find(std::begin(kQuestionTypes), std::end(kQuestionTypes), *type) == std::end(kQuestionTypes))
    errors.push_back({"q_type", "admin.errors.type_missing"});
  else q.type = *type;
  const bool list = type && (*type == QuestionType::kSingleValueList || *type == QuestionType::kMultiValueList);
  std::set<std::string> keys;
  for (std::string_view rest = f.get("q_options"); list && !rest.empty();) {
    const size_t nl = rest.find('\n');
    const std::string name = trimmed(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (name.empty()) continue;
    std::string key = code_from(name);
    for (int n = 2; keys.count(key); ++n) key = code_from(name) + "_" + std::to_string(n);
    keys.insert(key);
    q.options.push_back(QuestionOption{key, name});
  }
  if (list && q.options.empty()) errors.push_back({"q_options", "admin.errors.options_missing"});
  if (list && q.options.size() > 50) errors.push_back({"q_options", "admin.errors.options_many"});
  if (f.get("q_required") != "yes" && f.get("q_required") != "no")
    errors.push_back({"q_required", "admin.errors.required_missing"});
  q.required = f.get("q_required") == "yes";
  std::set<std::string> codes;
  int order = 0;
  for (const auto& existing : c.questions) {
    codes.insert(existing.code);
    order = std::max(order, existing.order);
  }
  q.code = code_from(q.prompt);
  for (int n = 2; codes.count(q.code); ++n) q.code = code_from(q.prompt) + "_" + std::to_string(n);
  q.order = order + 1;
  return errors;
}

void add_catalogue_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/admin/services", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    mstch::array rows;
    for (const auto& [code, c] : cat->categories) {
      auto unit = cat->delivery_units.find(c.delivery_unit);
      auto policy = cat->policies.find(c.sla_policy);
      rows.push_back(mstch::map{
          {"name", c.name},
          {"href", "/admin/services/" + http::percent_encode(code)},
          {"unit", unit == cat->delivery_units.end() ? c.delivery_unit : unit->second.name},
          {"policy", policy == cat->policies.end() ? c.sla_policy : policy->second.name},
          {"status", page.text(c.active ? "admin.active" : "admin.inactive")},
          {"status_class", std::string(c.active ? "govuk-tag--green" : "govuk-tag--grey")}});
    }
    mstch::map c = page.context("admin.services_title");
    c["categories"] = rows;
    if (req.query == "saved=1") c["banner"] = banner(page, "admin.saved");
    return page.html(200, "admin_services", c);
  });

  r.add("GET", "/admin/services/{code}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    auto it = cat->categories.find(req.param("code"));
    if (it == cat->categories.end()) return page.error(not_found("No such service"));
    Form none;
    if (req.query == "added=1") none.set("added", "1");
    return category_page(page, *cat, it->second, none, {}, 200);
  });

  r.add("POST", "/admin/services/{code}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    auto it = cat->categories.find(req.param("code"));
    if (it == cat->categories.end()) return page.error(not_found("No such service"));
    Category c = it->second;
    FormErrors errors;
    const std::string name = trimmed(f.get("name"));
    if (name.empty()) errors.push_back({"name", "admin.errors.name_missing"});
    else if (name.size() > 200) errors.push_back({"name", "admin.errors.name_long"});
    if (f.get("active") != "yes" && f.get("active") != "no") errors.push_back({"active", "admin.errors.service_active_missing"});
    if (!cat->policies.count(f.get("sla_policy"))) errors.push_back({"sla_policy", "admin.errors.policy_missing"});
    if (!cat->delivery_units.count(f.get("delivery_unit"))) errors.push_back({"delivery_unit", "admin.errors.unit_missing"});
    if (!errors.empty()) return category_page(page, *cat, it->second, f, errors, 400);
    c.name = name;
    c.active = f.get("active") == "yes";
    c.sla_policy = f.get("sla_policy");
    c.delivery_unit = f.get("delivery_unit");
    Status saved = deps.services.catalogue.put_category(req.ctx, c);
    if (!saved) {
      if (kind_of(saved.error().code) == ErrorKind::kInvalidArgument)
        return category_page(page, *cat, it->second, f, {{"name", "admin.errors.service_rejected"}}, 400);
      return page.error(saved.error());
    }
    return page.redirect("/admin/services?saved=1");
  });

  // Adds a question at the end of the category's (codes and option keys made
  // from the words; the existing questions are kept as they are).
  r.add("POST", "/admin/services/{code}/questions", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    auto it = cat->categories.find(req.param("code"));
    if (it == cat->categories.end()) return page.error(not_found("No such service"));
    Category c = it->second;
    Question q;
    FormErrors errors = read_question(f, c, q);
    if (!errors.empty()) return category_page(page, *cat, it->second, f, errors, 400);
    c.questions.push_back(q);
    Status saved = deps.services.catalogue.put_category(req.ctx, c);
    if (!saved) {
      if (kind_of(saved.error().code) == ErrorKind::kInvalidArgument)
        return category_page(page, *cat, it->second, f, {{"q_prompt", "admin.errors.question_rejected"}}, 400);
      return page.error(saved.error());
    }
    return page.redirect("/admin/services/" + http::percent_encode(c.code) + "?added=1");
  });
}

// ---- notification templates (the council's own; a service's are API-only) ----

// The template's form: what was typed (or the current text), the
// placeholders it may use, and a preview when asked for.
http::Response template_page(const Page& page, const TemplateView& t, const TemplateText& text,
                             const std::optional<RenderedPreview>& preview, const FormErrors& errors, int status) {
  mstch::map c = page.context("admin.template_title");
  c["title"] = page.format("admin.template_title", {{"name", t.name}});
  c["name"] = t.name;
  c["subject"] = text.subject;
  c["body"] = text.body;
  c["sms"] = text.sms;
  std::string placeholders;
  for (const auto& p : t.placeholders) placeholders += (placeholders.empty() ? "" : ", ") + ("((" + p + "))");
  c["placeholders"] = placeholders;
  if (preview) {
    mstch::array lines;
    size_t start = 0;
    while (start <= preview->body.size()) {
      const size_t end = preview->body.find('\n', start);
      const std::string line = preview->body.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!line.empty()) lines.push_back(mstch::map{{"line", line}});
      if (end == std::string::npos) break;
      start = end + 1;
    }
    c["preview"] = mstch::map{{"subject", preview->subject}, {"lines", lines}, {"sms", preview->sms}};
  }
  page.add_errors(c, errors);
  return page.html(status, "admin_template", c);
}

// A refused text's field (the use case names it) as the form's.
std::string template_field(const Error& e) {
  if (e.field.find("subject") != std::string::npos) return "subject";
  if (e.field.find("sms") != std::string::npos) return "sms";
  return "body";
}

void add_template_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/admin/templates", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(auto templates, deps.services.notifications.templates(req.ctx, ""));
    mstch::array rows;
    for (const auto& t : templates)
      rows.push_back(mstch::map{{"name", t.name},
                                {"href", "/admin/templates/" + http::percent_encode(t.name)},
                                {"subject", t.text.subject},
                                {"source", page.text(t.source == "default" ? "admin.source_default" : "admin.source_council")}});
    mstch::map c = page.context("admin.templates_title");
    c["templates"] = rows;
    if (req.query == "saved=1") c["banner"] = banner(page, "admin.saved");
    return page.html(200, "admin_templates", c);
  });

  r.add("GET", "/admin/templates/{name}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(TemplateView t, deps.services.notifications.get_template(req.ctx, req.param("name"), ""));
    return template_page(page, t, t.text, std::nullopt, {}, 200);
  });

  // "Preview" renders what was typed with sample values (nothing saved);
  // "Save" stores it. Either way a refused text is a field error.
  r.add("POST", "/admin/templates/{name}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    NotificationService& notes = deps.services.notifications;
    ASSIGN_OR_RETURN(TemplateView t, notes.get_template(req.ctx, req.param("name"), ""));
    const TemplateText text{f.get("subject"), f.get("body"), f.get("sms")};
    FormErrors errors;
    if (trimmed(text.subject).empty()) errors.push_back({"subject", "admin.errors.subject_missing"});
    if (trimmed(text.body).empty()) errors.push_back({"body", "admin.errors.body_missing"});
    if (trimmed(text.sms).empty()) errors.push_back({"sms", "admin.errors.sms_missing"});
    if (!errors.empty()) return template_page(page, t, text, std::nullopt, errors, 400);
    auto refused = [&](const Error& e) -> Result<http::Response> {
      if (kind_of(e.code) != ErrorKind::kInvalidArgument) return page.error(e);
      return template_page(page, t, text, std::nullopt, {{template_field(e), "admin.errors.template_invalid"}}, 400);
    };
    if (f.get("action") == "preview") {
      auto preview = notes.preview(req.ctx, t.name, "", text, {});
      if (!preview) return refused(preview.error());
      return template_page(page, t, text, *preview, {}, 200);
    }
    auto saved = notes.put_template(req.ctx, t.name, "", text);
    if (!saved) return refused(saved.error());
    return page.redirect("/admin/templates?saved=1");
  });
}

// ---- integrations: what is connected, shown (changed through the API) ----

void add_integration_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/admin/integrations", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    ASSIGN_OR_RETURN(auto endpoints, deps.services.messages.endpoints(req.ctx));
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    mstch::array hooks;
    for (const auto& e : endpoints)  // never the secret
      hooks.push_back(mstch::map{{"name", e.name},
                                 {"url", e.url},
                                 {"client", e.client.empty() ? page.text("admin.none") : e.client},
                                 {"status", page.text(e.active ? "admin.active" : "admin.off")},
                                 {"status_class", std::string(e.active ? "govuk-tag--green" : "govuk-tag--grey")}});
    mstch::array forwarded;
    for (const auto& [code, c] : cat->categories)
      if (!c.forward_to.empty()) forwarded.push_back(mstch::map{{"name", c.name}, {"to", c.forward_to}});
    mstch::map c = page.context("admin.integrations_title");
    c["hooks"] = hooks;
    c["has_hooks"] = !hooks.empty();
    c["forwarded"] = forwarded;
    c["has_forwarded"] = !forwarded.empty();
    return page.html(200, "admin_integrations", c);
  });
}

}  // namespace

void add_admin_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/admin", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse(page, req.path)) return *no;
    return page.html(200, "admin_index", page.context("admin.title"));
  });
  add_user_routes(r, deps);
  add_calendar_routes(r, deps);
  add_catalogue_routes(r, deps);
  add_template_routes(r, deps);
  add_integration_routes(r, deps);
}

}  // namespace civicdesk::web
