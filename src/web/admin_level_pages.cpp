// Service levels (SLA policies) at /admin/service-levels: list, add and
// change one (CatalogueService::put_sla_policy, validated by the domain's
// rules, audited as catalogue.change). A case copies its policy when it is
// received, so a change counts for new cases only.
#include "web/admin_common.h"

namespace civicdesk::web {

namespace {

std::string level_path(const std::string& code) { return "/admin/service-levels/" + seg(code); }

template <typename E, size_t N>
Fields::Choices enum_choices(const Page& page, const std::string& prefix, const E (&values)[N]) {
  Fields::Choices out;
  for (E v : values) out.push_back({std::string(to_string(v)), page.text(prefix + std::string(to_string(v)))});
  return out;
}

constexpr ClockKind kClocks[] = {ClockKind::kWorkingDays, ClockKind::kCalendarMonths};
constexpr CountingRule kCountings[] = {CountingRule::kFromNextWorkingDay, CountingRule::kAfterReceipt};
constexpr ResolveFrom kFroms[] = {ResolveFrom::kReceipt, ResolveFrom::kResponse};
constexpr HolidaySet kHolidays[] = {HolidaySet::kCouncil, HolidaySet::kAllUk};

mstch::array level_fields(const Page& page, const SlaPolicy& p, bool is_new, const Fields& fs) {
  mstch::array out{fs.input("name", "admin.lvl.name", "admin.lvl.name_hint", p.name)};
  if (is_new) out.push_back(fs.input("code", "admin.cat.code", "admin.cat.code_hint", p.code, "govuk-input--width-20"));
  out.push_back(fs.radios("clock", "admin.lvl.clock", "", enum_choices(page, "admin.lvl.clock_", kClocks),
                          std::string(to_string(p.clock))));
  out.push_back(fs.number("respond_days", "admin.lvl.respond_days", "admin.lvl.respond_hint", std::to_string(p.respond_days)));
  out.push_back(fs.number("resolve_days", "admin.lvl.resolve_days", "admin.lvl.resolve_hint", std::to_string(p.resolve_days)));
  out.push_back(fs.radios("resolve_from", "admin.lvl.resolve_from", "", enum_choices(page, "admin.lvl.from_", kFroms),
                          std::string(to_string(p.resolve_from))));
  out.push_back(fs.number("max_extension", "admin.lvl.max_extension", "admin.lvl.extension_hint",
                          std::to_string(p.max_extension)));
  out.push_back(fs.radios("counting", "admin.lvl.counting", "", enum_choices(page, "admin.lvl.counting_", kCountings),
                          std::string(to_string(p.counting))));
  out.push_back(fs.radios("holidays", "admin.lvl.holidays", "", enum_choices(page, "admin.lvl.holidays_", kHolidays),
                          std::string(to_string(p.holidays))));
  out.push_back(fs.yes_no("pausable", "admin.lvl.pausable", "admin.lvl.pausable_hint", p.pausable));
  return out;
}

// Reads the form into `p`; the domain's own rule (validate) names the field
// of a combination it refuses.
FormErrors read_level(const Form& f, const CatalogueSnapshot& cat, SlaPolicy& p, bool is_new) {
  FormErrors errors = read_name_and_code(
      f, is_new, [&](const std::string& code) { return cat.policies.count(code) > 0; }, "admin.lvl.errors.code_taken",
      p.name, p.code);
  if (auto v = parse_clock_kind(f.get("clock"))) p.clock = *v;
  else errors.push_back({"clock", "admin.lvl.errors.choose"});
  const int max = p.clock == ClockKind::kCalendarMonths ? 24 : 365;
  for (auto [name, out] : {std::pair{"respond_days", &p.respond_days}, std::pair{"resolve_days", &p.resolve_days},
                           std::pair{"max_extension", &p.max_extension}}) {
    if (auto v = whole_number(f.get(name), max)) *out = *v;
    else errors.push_back({name, max == 24 ? "admin.lvl.errors.months" : "admin.lvl.errors.days"});
  }
  if (auto v = parse_resolve_from(f.get("resolve_from"))) p.resolve_from = *v;
  else errors.push_back({"resolve_from", "admin.lvl.errors.choose"});
  if (auto v = parse_counting_rule(f.get("counting"))) p.counting = *v;
  else errors.push_back({"counting", "admin.lvl.errors.choose"});
  if (auto v = parse_holiday_set(f.get("holidays"))) p.holidays = *v;
  else errors.push_back({"holidays", "admin.lvl.errors.choose"});
  if (f.get("pausable") != "yes" && f.get("pausable") != "no") errors.push_back({"pausable", "admin.lvl.errors.choose"});
  p.pausable = f.get("pausable") == "yes";
  if (!errors.empty()) return errors;
  if (Status ok = validate(p); !ok) {
    const std::string& field = ok.error().field;
    if (field == "resolve_days") errors.push_back({"resolve_days", "admin.lvl.errors.resolve_shorter"});
    else if (field == "resolve_from") errors.push_back({"resolve_from", "admin.lvl.errors.from_response"});
    else errors.push_back({"name", "admin.lvl.errors.rejected"});
  }
  return errors;
}

http::Response level_page(const Page& page, const CatalogueSnapshot& cat, const SlaPolicy& p, bool is_new,
                          const Form& typed, const FormErrors& errors, int status) {
  mstch::map c = page.context(is_new ? "admin.lvl.new_title" : "admin.category_title");
  if (!is_new) c["title"] = page.format("admin.category_title", {{"name", p.name}});
  c["heading"] = is_new ? page.text("admin.lvl.new_title") : p.name;
  if (!is_new) c["caption"] = p.code;
  int cases = 0;
  for (const auto& [code, category] : cat.categories) cases += category.sla_policy == p.code;
  if (!is_new) c["used_by"] = page.format("admin.lvl.used_by", {{"count", std::to_string(cases)}});
  const Fields fs(page, typed, errors);
  c["form"] = mstch::map{{"action", is_new ? std::string("/admin/service-levels/new") : level_path(p.code)},
                         {"fields", level_fields(page, p, is_new, fs)},
                         {"button", page.text(is_new ? "admin.lvl.create" : "admin.save")}};
  page.add_errors(c, errors);
  return page.html(status, "admin_level", c);
}

const std::vector<Refusal> kLevelRefusals = {
    {ErrorKind::kInvalidArgument, "resolve_days", {"resolve_days", "admin.lvl.errors.resolve_shorter"}},
    {ErrorKind::kInvalidArgument, "", {"name", "admin.lvl.errors.rejected"}},
};

}  // namespace

void add_admin_level_routes(http::Router& r, WebDeps& deps) {
  admin_get(r, deps, "/admin/service-levels", [&deps](Page& page, http::Request& req) -> Result<http::Response> {
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    mstch::array rows;
    for (const auto& [code, p] : cat->policies) {
      const std::string unit = page.text(p.clock == ClockKind::kCalendarMonths ? "admin.lvl.unit_months" : "admin.lvl.unit_days");
      auto target = [&](int n) { return n == 0 ? page.text("admin.none") : std::to_string(n) + " " + unit; };
      rows.push_back(mstch::map{{"name", p.name},
                                {"href", level_path(code)},
                                {"respond", target(p.respond_days)},
                                {"resolve", target(p.resolve_days)}});
    }
    mstch::map c = page.context("admin.lvl.title");
    c["levels"] = rows;
    add_done_banner(page, req, c);
    return page.html(200, "admin_levels", c);
  });

  admin_get(r, deps, "/admin/service-levels/new", [&deps](Page& page, http::Request& req) -> Result<http::Response> {
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    SlaPolicy blank;
    blank.respond_days = 2;
    blank.resolve_days = 10;
    return level_page(page, *cat, blank, true, Form{}, {}, 200);
  });

  admin_post(r, deps, "/admin/service-levels/new",
             [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
               ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
               SlaPolicy p;
               const FormErrors errors = read_level(f, *cat, p, true);
               const Again again = [&](const FormErrors& e, int status) {
                 return level_page(page, *cat, p, true, f, e, status);
               };
               if (!errors.empty()) return again(errors, 400);
               return settle(page, deps.services.catalogue.put_sla_policy(req.ctx, p),
                             "/admin/service-levels?done=level_created", again, kLevelRefusals);
             });

  admin_get(r, deps, "/admin/service-levels/{code}", [&deps](Page& page, http::Request& req) -> Result<http::Response> {
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    auto it = cat->policies.find(req.param("code"));
    if (it == cat->policies.end()) return page.error(not_found("No such service level"));
    return level_page(page, *cat, it->second, false, Form{}, {}, 200);
  });

  admin_post(r, deps, "/admin/service-levels/{code}",
             [&deps](Page& page, http::Request& req, const Form& f) -> Result<http::Response> {
               ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
               auto it = cat->policies.find(req.param("code"));
               if (it == cat->policies.end()) return page.error(not_found("No such service level"));
               SlaPolicy p = it->second;
               const FormErrors errors = read_level(f, *cat, p, false);
               const Again again = [&](const FormErrors& e, int status) {
                 return level_page(page, *cat, it->second, false, f, e, status);
               };
               if (!errors.empty()) return again(errors, 400);
               return settle(page, deps.services.catalogue.put_sla_policy(req.ctx, p),
                             "/admin/service-levels?done=saved", again, kLevelRefusals);
             });
}

}  // namespace civicdesk::web
