#include "web/staff.h"

#include <algorithm>

namespace civicdesk::web {

std::optional<http::Response> staff_only(const Page& page, const std::string& back) {
  if (!page.signed_in()) return page.sign_in_first(back);
  if (!page.staff()) return page.message_page(403, "errors.forbidden_title", "staff.errors.staff_only");
  return std::nullopt;
}

mstch::map sla_tag(const Page& page, const CaseView& v) {
  if (!is_open(v.c.status)) return mstch::map{{"has_tag", false}};
  std::string text, cls;
  const int days = v.resolve.working_days;
  switch (v.resolve.state) {
    case SlaState::kOverdue: {
      const int n = std::max(1, -days);
      text = page.format(n == 1 ? "staff.sla.overdue_one" : "staff.sla.overdue", {{"n", std::to_string(n)}});
      cls = "govuk-tag--red";
      break;
    }
    case SlaState::kDueToday:
      text = page.text("staff.sla.due_today");
      cls = "govuk-tag--orange";
      break;
    case SlaState::kOnTrack:
      text = page.format(days == 1 ? "staff.sla.due_in_one" : "staff.sla.due_in", {{"n", std::to_string(days)}});
      cls = days <= 2 ? "govuk-tag--yellow" : "govuk-tag--blue";
      break;
    case SlaState::kPaused:
      text = page.text("staff.sla.paused");
      cls = "govuk-tag--grey";
      break;
    default: return mstch::map{{"has_tag", false}};
  }
  return mstch::map{{"has_tag", true}, {"text", text}, {"class", cls}};
}

std::string unit_name(const CatalogueSnapshot& cat, const std::string& code) {
  auto it = cat.delivery_units.find(code);
  return it == cat.delivery_units.end() ? code : it->second.name;
}
std::string team_name(const CatalogueSnapshot& cat, const std::string& code) {
  auto it = cat.teams.find(code);
  return it == cat.teams.end() ? code : it->second.name;
}
std::string officer_name(const CatalogueSnapshot& cat, std::optional<Id> id) {
  if (!id) return "";
  auto it = cat.officers.find(*id);
  return it == cat.officers.end() ? std::to_string(*id) : it->second.name;
}

std::string staff_key(std::string_view group, std::string_view name) {
  return "staff." + std::string(group) + "." + std::string(name);
}

std::string staff_status(const Page& page, CaseStatus s) { return page.text(staff_key("status", std::string(to_string(s)))); }

std::string staff_status_tag_class(CaseStatus s) {
  switch (s) {
    case CaseStatus::kNew: return "govuk-tag--blue";
    case CaseStatus::kInProgress: return "govuk-tag--light-blue";
    case CaseStatus::kAwaitingCustomer: return "govuk-tag--purple";
    case CaseStatus::kClosed: return "govuk-tag--grey";
  }
  return "";
}

}  // namespace civicdesk::web
