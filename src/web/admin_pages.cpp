// Administration at /admin (docs/pages.md, "Administration"): the index,
// users and their roles, and the council's non-working days. The other areas
// are in admin_catalogue_pages.cpp (services and their questions),
// admin_level_pages.cpp (service levels), admin_template_pages.cpp (message
// wording) and admin_integration_pages.cpp (webhooks, forwarding); what they
// share is admin_common.h. Administrators only: anyone else signed in gets a
// 403 page and nothing changes. Each change is one use case
// (AccountService::update_user, CalendarService...), audited as the API's are.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "app/calendar_admin.h"
#include "app/crypto.h"
#include "http/parse/query.h"
#include "web/admin_common.h"

namespace civicdesk::web {

namespace {

// The staff roles an administrator may move a staff account between (staff,
// councillor and resident accounts cannot change into each other).
constexpr Role kStaffRoles[] = {Role::kAdvisor, Role::kOfficer, Role::kLead, Role::kManager, Role::kAdministrator};

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
  admin_get(r, deps, "/admin/users/new", [&deps](Page& page, http::Request& req) -> Result<http::Response> {
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    return new_user_page(page, *cat, Form{}, {}, 200);
  });

  // An invitation: the account is made with a random password nobody knows,
  // and the password-reset email lets the person choose their own.
  admin_post(r, deps, "/admin/users/new", [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
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

  admin_get(r, deps, "/admin/users", [&deps](Page& page, http::Request& req) -> Result<http::Response> {
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

  admin_get(r, deps, "/admin/users/{id}", [&deps](Page& page, http::Request& req) -> Result<http::Response> {
    auto id = id_param(req);
    if (!id) return page.error(not_found("No such user"));
    ASSIGN_OR_RETURN(User u, deps.services.accounts.get_user(req.ctx, *id));
    return user_page(page, u, Form{}, {}, 200);
  });

  admin_post(r, deps, "/admin/users/{id}", [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
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
  admin_get(r, deps, "/admin/calendar", [&deps](Page& page, http::Request& req) -> Result<http::Response> {
    return calendar_page(deps, req, page, Form{}, {}, 200);
  });

  admin_post(r, deps, "/admin/calendar", [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
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

  admin_post(r, deps, "/admin/calendar/remove", [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
    auto date = parse_date(f.get("date"));
    if (!date) return page.error(not_found("No such day"));
    CalendarService calendar(deps.services.store, deps.services.cache);
    RETURN_IF_ERROR(calendar.remove_day(req.ctx, *date));
    return page.redirect("/admin/calendar?removed=1");
  });
}

}  // namespace

void add_admin_routes(http::Router& r, WebDeps& deps) {
  admin_get(r, deps, "/admin", [](Page& page, http::Request&) -> Result<http::Response> {
    return page.html(200, "admin_index", page.context("admin.title"));
  });
  add_user_routes(r, deps);
  add_calendar_routes(r, deps);
  add_admin_catalogue_routes(r, deps);
  add_admin_level_routes(r, deps);
  add_admin_template_routes(r, deps);
  add_admin_integration_routes(r, deps);
}

}  // namespace civicdesk::web
