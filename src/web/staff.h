// What the staff console's pages share (staff_queue_pages.cpp,
// staff_case_pages.cpp): who may see them, SLA countdown tags, dates.
#pragma once

#include <optional>
#include <string>

#include "web/page.h"

namespace civicdesk::web {

// Staff pages: the signed-out go to sign in (coming back to `back`),
// residents and councillors get a 403 page. nullopt: go ahead.
std::optional<http::Response> staff_only(const Page& page, const std::string& back);

// The SLA countdown as a GOV.UK tag: "Overdue by n days" red, "Due today"
// orange, "Due in n days" (working days, from the council's calendar) blue,
// "Paused" grey. Closed cases and cases without a target have none
// ({"has_tag": false}).
mstch::map sla_tag(const Page& page, const CaseView& v);

// Names from the catalogue, falling back to the code.
std::string unit_name(const CatalogueSnapshot& cat, const std::string& code);
std::string team_name(const CatalogueSnapshot& cat, const std::string& code);
std::string officer_name(const CatalogueSnapshot& cat, std::optional<Id> id);

// A catalogue key under staff.GROUP for a value named at run time
// ("status", "in_progress" -> staff.status.in_progress); tests/web checks
// every enum value has its text.
std::string staff_key(std::string_view group, std::string_view name);

// The status as staff say it ("New", "In progress"...).
std::string staff_status(const Page& page, CaseStatus s);
// Its tag colour on staff pages, apart from the SLA tags' red, orange and
// yellow.
std::string staff_status_tag_class(CaseStatus s);

}  // namespace civicdesk::web
