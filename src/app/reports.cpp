#include "app/reports.h"

#include "app/audit.h"
#include "domain/complaint_report.h"
#include "domain/contact_report.h"
#include "domain/satisfaction_report.h"

namespace civicdesk {

using namespace report;  // NOLINT: the report vocabulary

namespace {

Error bad(std::string field, std::string message) {
  return Error(ErrorCode::kInvalidQuery, std::move(message), std::move(field));
}

const std::string* param(const ReportRequest& r, const std::string& key) {
  auto it = r.params.find(key);
  return it == r.params.end() ? nullptr : &it->second;
}

struct Parsed {
  const ReportDefinition* def = nullptr;
  MonthRange range;
  LocalDate at{};
};

Result<Parsed> parse(const ReportRequest& req) {
  Parsed p;
  p.def = find_report(req.name);
  if (!p.def) return bad("report", "There is no report called \"" + req.name + "\"");
  for (const auto& [k, v] : req.params) {
    const bool wanted = p.def->input == ReportInput::kDay ? k == "at" : (k == "from" || k == "to");
    if (!wanted) return bad(k, "The " + std::string(p.def->name) + " report does not take \"" + k + "\"");
  }
  if (p.def->input == ReportInput::kDay) {
    const std::string* at = param(req, "at");
    if (!at) return bad("at", "Give the day of the snapshot, like at=2015-06-30");
    auto d = parse_date(*at);
    if (!d || *at != format_date(*d)) return bad("at", "Give the day like 2015-06-30");
    if (*d < WorkingCalendar::kFirstDay + std::chrono::days{40} || *d > WorkingCalendar::kLastDay)
      return bad("at", "Reports cover the years 1990 to 2100");
    p.at = *d;
    return p;
  }
  const std::string* from = param(req, "from");
  const std::string* to = param(req, "to");
  if (!from) return bad("from", "Give the first month of the period, like from=2015-01");
  if (!to) return bad("to", "Give the last month of the period, like to=2015-12");
  if (p.def->input == ReportInput::kQuarters) {
    ASSIGN_OR_RETURN(p.range, parse_quarter_range(*from, *to));
  } else {
    ASSIGN_OR_RETURN(p.range, parse_month_range(*from, *to));
  }
  return p;
}

UnitNames unit_names(const CatalogueSnapshot& cat) {
  UnitNames names;
  for (const auto& [code, du] : cat.delivery_units) names[code] = du.name;
  return names;
}

// The instants bounding a month range's London days: [start of first, start of the day after last).
std::pair<Instant, Instant> instants(const MonthRange& r) {
  return {london_start_of_day(first_day(r.from)), london_start_of_day(last_day(r.to) + std::chrono::days{1})};
}

}  // namespace

const std::vector<ReportDefinition>& report_definitions() {
  static const std::vector<ReportDefinition> defs = {
      {"me-monthly", ReportInput::kMonths, "Members' Enquiries due each month: closed, delay advised, responded"},
      {"me-ageing", ReportInput::kDay, "Members' Enquiries open at the end of a day, by delivery unit and age"},
      {"me-quarterly", ReportInput::kQuarters, "Items due and % closed in 5 days, by delivery unit and quarter"},
      {"me-misdirected", ReportInput::kMonths, "Enquiries sent back as misdirected: count, median and longest time"},
      {"me-escalations", ReportInput::kMonths, "Escalations by delivery unit"},
      {"me-escalation-list", ReportInput::kMonths, "Every escalation in the period"},
      {"me-chasers", ReportInput::kMonths, "Chasers per enquiry received in the period, by delivery unit"},
      {"me-days-to-close", ReportInput::kMonths, "Working days to close, for enquiries closed in the period"},
      {"me-overdue", ReportInput::kDay, "Open enquiries past their due date at a day (the weekly list)"},
      {"satisfaction", ReportInput::kMonths,
       "Satisfaction surveys: response rate and mean rating by month, channel and service"},
      {"contacts", ReportInput::kMonths, "Contacts by service: channel mix and first-contact resolution"},
      {"complaints", ReportInput::kMonths, "Complaints received by service: closed on time and outcomes"},
  };
  return defs;
}

const ReportDefinition* find_report(std::string_view name) {
  for (const auto& d : report_definitions())
    if (d.name == name) return &d;
  return nullptr;
}

Status ReportService::validate(const ReportRequest& req) {
  auto p = parse(req);
  if (!p) return p.error();
  return {};
}

Result<ReportTable> ReportService::run(const RequestContext& ctx, const ReportRequest& req) {
  if (!can(ctx.principal, Permission::kViewReports)) return denied(ctx, "see reports");
  ASSIGN_OR_RETURN(Parsed p, parse(req));
  std::optional<ReportTable> out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    std::vector<Category> restricted;
    for (const auto& [code, c] : cat->categories)
      if (c.restricted) restricted.push_back(c);
    const CaseScope scope = case_scope(ctx.principal, restricted);
    const UnitNames names = unit_names(*cat);
    const std::string_view name = p.def->name;
    const MonthRange& r = p.range;
    if (name == "me-monthly") {
      ASSIGN_OR_RETURN(auto counts, tx.me_due_counts(ctx.tenant, scope, first_day(r.from), last_day(r.to)));
      out = me_monthly_table(r, counts);
    } else if (name == "me-quarterly") {
      ASSIGN_OR_RETURN(auto counts, tx.me_due_counts(ctx.tenant, scope, first_day(r.from), last_day(r.to)));
      out = me_quarterly_table(r, counts, names);
    } else if (name == "me-ageing") {
      ASSIGN_OR_RETURN(auto counts, tx.me_ageing_counts(ctx.tenant, scope, p.at));
      out = me_ageing_table(p.at, counts, names);
    } else if (name == "me-misdirected") {
      auto [from, to] = instants(r);
      ASSIGN_OR_RETURN(auto items, tx.me_misdirected(ctx.tenant, scope, from, to));
      out = me_misdirected_table(r, std::move(items), names);
    } else if (name == "me-escalations") {
      auto [from, to] = instants(r);
      ASSIGN_OR_RETURN(auto counts, tx.me_escalation_counts(ctx.tenant, scope, from, to));
      out = me_escalations_table(r, counts, names);
    } else if (name == "me-escalation-list") {
      auto [from, to] = instants(r);
      ASSIGN_OR_RETURN(auto items, tx.me_escalations(ctx.tenant, scope, from, to));
      out = me_escalation_list_table(r, items, names);
    } else if (name == "me-chasers") {
      ASSIGN_OR_RETURN(auto counts, tx.me_chaser_counts(ctx.tenant, scope, first_day(r.from), last_day(r.to)));
      out = me_chasers_table(r, counts, names);
    } else if (name == "me-days-to-close") {
      ASSIGN_OR_RETURN(auto pairs, tx.me_closure_pairs(ctx.tenant, scope, first_day(r.from), last_day(r.to)));
      out = me_days_to_close_table(r, pairs, names, cat->council_calendar);
    } else if (name == "me-overdue") {
      ASSIGN_OR_RETURN(auto items, tx.me_overdue(ctx.tenant, scope, p.at));
      out = me_overdue_table(p.at, std::move(items), names, cat->council_calendar);
    } else if (name == "satisfaction") {
      ASSIGN_OR_RETURN(auto facts, tx.survey_facts(ctx.tenant, first_day(r.from), last_day(r.to)));
      // The same visibility as case lists: a unit's own surveys for its
      // officers, none of the restricted services the principal cannot see.
      std::erase_if(facts, [&](const SurveyFact& f) {
        if (scope.nothing || scope.customer_id || scope.member_id) return true;
        if (scope.delivery_unit && *scope.delivery_unit != f.delivery_unit) return true;
        return std::find(scope.hidden_categories.begin(), scope.hidden_categories.end(), f.category) !=
               scope.hidden_categories.end();
      });
      std::map<std::string, std::string> services;
      for (const auto& [code, c] : cat->categories) services[code] = c.name;
      out = satisfaction_table(r, facts, services, names);
    } else if (name == "contacts") {
      // Every contact logged in the period, a page at a time (newest first).
      auto [from, to] = instants(r);
      ContactFilter f;
      f.from = from;
      f.to = to;
      f.limit = 1000;
      std::vector<ContactFact> facts;
      while (true) {
        ASSIGN_OR_RETURN(auto page, tx.list_contacts(ctx.tenant, f));
        const bool more = static_cast<int>(page.size()) > f.limit;
        if (more) page.resize(f.limit);
        for (const Contact& c : page) {
          // The same visibility as case lists, by the contact's service.
          if (scope.nothing || scope.customer_id || scope.member_id) continue;
          if (std::find(scope.hidden_categories.begin(), scope.hidden_categories.end(), c.category) !=
              scope.hidden_categories.end())
            continue;
          if (scope.delivery_unit) {
            auto cat_it = cat->categories.find(c.category);
            if (cat_it == cat->categories.end() || cat_it->second.delivery_unit != *scope.delivery_unit) continue;
          }
          facts.push_back({london_date(c.at), c.category, c.channel, c.outcome});
        }
        if (!more || page.empty()) break;
        f.after_id = page.back().id;
      }
      std::map<std::string, std::string> services;
      for (const auto& [code, c] : cat->categories) services[code] = c.name;
      out = contacts_table(r, facts, services);
    } else if (name == "complaints") {
      // Every complaint received in the period that the principal may see,
      // a page at a time (the case list's own scope).
      auto [from, to] = instants(r);
      CaseFilter f;
      f.type = CaseType::kComplaint;
      f.received_from = from;
      f.received_to = to;
      f.scope = scope;
      f.sort = CaseSort::kNewest;
      f.limit = 1000;
      std::vector<ComplaintFact> facts;
      if (!scope.nothing) {
        while (true) {
          ASSIGN_OR_RETURN(auto page, tx.list_cases(ctx.tenant, f));
          const bool more = static_cast<int>(page.size()) > f.limit;
          if (more) page.resize(f.limit);
          for (const Case& c : page) {
            std::optional<LocalDate> closed_on;
            if (c.closed_at) closed_on = london_date(*c.closed_at);
            facts.push_back({london_date(c.received_at), c.category, closed_on, c.clock.resolve_by, c.outcome});
          }
          if (!more || page.empty()) break;
          f.after = CaseCursor{CaseSort::kNewest, page.back().id, ""};
        }
      }
      std::map<std::string, std::string> services;
      for (const auto& [code, c] : cat->categories) services[code] = c.name;
      out = complaints_table(r, facts, services);
    } else {
      return internal_error("report " + std::string(name) + " has no implementation");
    }
    return {};
  }));
  return std::move(*out);
}

}  // namespace civicdesk
