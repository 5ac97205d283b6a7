// The staff console's work queues (/staff): the signed-in officer's cases,
// their team's, or a delivery unit's, most urgent first, with SLA countdown
// tags, filters in a GET form (works without JavaScript) and pages of a
// bounded size. One use case (CaseService::list, one read transaction).
#include <algorithm>
#include <variant>

#include "domain/case.h"
#include "http/parse/decode.h"
#include "http/parse/query.h"
#include "web/staff.h"

namespace civicdesk::web {

namespace {

constexpr int kPageSize = 25;

// The filters as chosen; anything unknown is simply not applied.
struct QueueChoice {
  std::string queue;     // mine | team | unit
  std::string unit;      // for unit
  std::string status;    // open (default) | all | a status
  std::string category;  // code
  std::string priority;  // low | normal | high | urgent
  bool overdue = false;
  std::string assigned;  // "" | me | unassigned
  std::string after;     // cursor
};

QueueChoice read_choice(const Page& page, const Form& q) {
  const Principal& p = page.ctx().principal;
  QueueChoice c;
  c.queue = q.get("queue");
  if (c.queue != "mine" && c.queue != "team" && c.queue != "unit") c.queue = p.officer_id ? "mine" : "unit";
  c.unit = q.get("unit").substr(0, 100);
  if (c.unit.empty()) c.unit = p.delivery_unit;
  c.status = q.get("status").empty() ? "open" : q.get("status").substr(0, 40);
  c.category = q.get("category").substr(0, 100);
  c.priority = q.get("priority").substr(0, 20);
  c.overdue = q.get("overdue") == "yes";
  c.assigned = q.get("assigned");
  c.after = q.get("after").substr(0, 300);
  return c;
}

// The query string for these choices (and a cursor), for paging links.
std::string query_of(const QueueChoice& c, const std::string& after) {
  std::string s = "queue=" + http::percent_encode(c.queue);
  auto add = [&s](const char* k, const std::string& v) {
    if (!v.empty()) s += std::string("&") + k + "=" + http::percent_encode(v);
  };
  if (c.queue == "unit") add("unit", c.unit);
  add("status", c.status);
  add("category", c.category);
  add("priority", c.priority);
  if (c.overdue) add("overdue", "yes");
  add("assigned", c.assigned);
  add("after", after);
  return s;
}

// The store filter, or why the queue is empty (a message key).
std::variant<CaseFilter, std::string> filter_for(const Page& page, const QueueChoice& c) {
  const Principal& p = page.ctx().principal;
  CaseFilter f;
  f.sort = CaseSort::kDueFirst;
  f.limit = kPageSize;
  if (c.queue == "mine") {
    if (!p.officer_id) return std::string("staff.queue.no_officer");
    f.assignee_id = p.officer_id;
  } else if (c.queue == "team") {
    if (p.team.empty()) return std::string("staff.queue.no_team");
    f.team = p.team;
  } else {
    if (c.unit.empty()) return std::string("staff.queue.choose_unit");
    f.delivery_unit = c.unit;
  }
  if (c.status == "open") f.open_only = true;
  else if (auto s = parse_case_status(c.status)) f.status = *s;
  if (!c.category.empty()) f.category = c.category;
  if (auto pr = parse_priority(c.priority)) f.priority = *pr;
  if (c.overdue) {
    f.open_only = true;
    f.due_on_or_before = london_date(page.ctx().now) - std::chrono::days{1};
  }
  if (c.assigned == "me") {
    if (!p.officer_id) return std::string("staff.queue.no_officer");
    f.assignee_id = p.officer_id;
  } else if (c.assigned == "unassigned") {
    if (c.queue == "mine") return std::string("staff.queue.mine_unassigned");
    f.unassigned = true;
  }
  if (!c.after.empty()) {
    auto cur = http::decode_case_cursor(c.after);
    if (cur && cur->sort == CaseSort::kDueFirst) f.after = *cur;
  }
  return f;
}

mstch::array options(const std::vector<std::pair<std::string, std::string>>& values, const std::string& chosen) {
  mstch::array out;
  for (const auto& [value, text] : values)
    out.push_back(mstch::map{{"value", value}, {"text", text}, {"selected", value == chosen}});
  return out;
}

mstch::map queue_row(const Page& page, const CatalogueSnapshot& cat, const CaseView& v) {
  const Case& c = v.c;
  const std::string summary = case_summary(c, 120);
  return mstch::map{
      {"reference", c.reference},
      {"href", "/staff/cases/" + c.reference},
      {"category", category_name(cat, c.category)},
      {"summary", summary},
      {"status", staff_status(page, c.status)},
      {"status_class", staff_status_tag_class(c.status)},
      {"priority", page.text(staff_key("priority", std::string(to_string(c.priority))))},
      {"urgent", c.priority == Priority::kHigh || c.priority == Priority::kUrgent},
      {"due", c.clock.resolve_by ? page.long_day(*c.clock.resolve_by) : page.text("staff.queue.no_due")},
      {"officer", officer_name(cat, c.assignee_id)},
      {"sla", sla_tag(page, v)},
  };
}

}  // namespace

void add_staff_queue_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/staff", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto refused = staff_only(page, req.query.empty() ? "/staff" : "/staff?" + req.query)) return std::move(*refused);
    ASSIGN_OR_RETURN(Form q, Form::parse(req.query));
    const QueueChoice choice = read_choice(page, q);
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));

    mstch::map c = page.context("staff.queue.title");
    const auto filter = filter_for(page, choice);
    mstch::array rows;
    if (const auto* f = std::get_if<CaseFilter>(&filter)) {
      ASSIGN_OR_RETURN(CasePage cases, deps.services.cases.list(req.ctx, *f));
      for (const auto& v : cases.items) rows.push_back(queue_row(page, *cat, v));
      if (cases.next) c["next_href"] = "/staff?" + query_of(choice, http::encode_case_cursor(*cases.next));
      c["has_next"] = cases.next.has_value();
    } else {
      c["empty_reason"] = page.text(std::get<std::string>(filter));
    }
    c["rows"] = rows;
    c["has_rows"] = !rows.empty();
    c["paged"] = !choice.after.empty();
    c["first_href"] = "/staff?" + query_of(choice, "");

    // The filter form, showing what is chosen.
    const Principal& p = req.ctx.principal;
    std::vector<std::pair<std::string, std::string>> units{{"", page.text("staff.queue.choose")}};
    for (const auto& [code, du] : cat->delivery_units)
      if (du.active) units.push_back({code, du.name});
    std::vector<std::pair<std::string, std::string>> categories{{"", page.text("staff.queue.any")}};
    for (const auto& [code, category] : cat->categories)
      if (category.active) categories.push_back({code, category.name});
    std::sort(categories.begin() + 1, categories.end(), [](auto& a, auto& b) { return a.second < b.second; });
    std::vector<std::pair<std::string, std::string>> statuses{{"open", page.text("staff.queue.open")},
                                                              {"all", page.text("staff.queue.all")}};
    for (CaseStatus s : {CaseStatus::kNew, CaseStatus::kInProgress, CaseStatus::kAwaitingCustomer, CaseStatus::kClosed})
      statuses.push_back({std::string(to_string(s)), staff_status(page, s)});
    std::vector<std::pair<std::string, std::string>> priorities{{"", page.text("staff.queue.any")}};
    for (Priority pr : {Priority::kUrgent, Priority::kHigh, Priority::kNormal, Priority::kLow})
      priorities.push_back({std::string(to_string(pr)), page.text(staff_key("priority", std::string(to_string(pr))))});
    c["units"] = options(units, choice.unit);
    c["categories"] = options(categories, choice.category);
    c["statuses"] = options(statuses, choice.status);
    c["priorities"] = options(priorities, choice.priority);
    c["queue_mine"] = choice.queue == "mine";
    c["queue_team"] = choice.queue == "team";
    c["queue_unit"] = choice.queue == "unit";
    c["has_officer"] = p.officer_id.has_value();
    c["has_team"] = !p.team.empty();
    c["team_name"] = team_name(*cat, p.team);
    c["overdue"] = choice.overdue;
    c["assigned_any"] = choice.assigned != "me" && choice.assigned != "unassigned";
    c["assigned_me"] = choice.assigned == "me";
    c["assigned_unassigned"] = choice.assigned == "unassigned";
    std::string heading;
    if (choice.queue == "mine") heading = page.text("staff.queue.mine");
    else if (choice.queue == "team") heading = page.format("staff.queue.team_heading", {{"team", team_name(*cat, p.team)}});
    else heading = choice.unit.empty() ? page.text("staff.queue.unit") : unit_name(*cat, choice.unit);
    c["heading"] = heading;
    return page.html(200, "staff_queue", c);
  });
}

}  // namespace civicdesk::web
