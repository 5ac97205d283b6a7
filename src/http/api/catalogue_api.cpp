// Reference data: services (the catalogue), delivery units, officers,
// councillors, wards, SLA policies and the working-day calendar.
#include "http/api/api.h"
#include "http/api/json_out.h"
#include "http/parse/query.h"

namespace civicdesk::http {

namespace {

template <typename Map, typename F>
json all_of(const Map& m, F&& render) {
  json items = json::array();
  for (const auto& [key, value] : m) items.push_back(render(value));
  return items;
}

}  // namespace

void add_catalogue_routes(Router& r, ApiDeps& deps) {
  CatalogueService& catalogue = deps.services.catalogue;

  r.add("GET", "/api/v1/services", [&catalogue](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(req.query));
    const bool include_inactive = q.boolean("include_inactive").value_or(false);
    const std::string du = q.string("delivery_unit", 64).value_or("");
    RETURN_IF_ERROR(q.finish());
    ASSIGN_OR_RETURN(auto cat, catalogue.snapshot(req.ctx));
    json items = json::array();
    for (const auto& [code, c] : cat->categories)
      if ((c.active || include_inactive) && (du.empty() || c.delivery_unit == du))
        items.push_back(category_json(c, *cat));
    return json_response(200, dump({{"items", items}}));
  });

  r.add("GET", "/api/v1/services/{code}", [&catalogue](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto cat, catalogue.snapshot(req.ctx));
    auto it = cat->categories.find(req.param("code"));
    if (it == cat->categories.end()) return not_found("There is no service \"" + req.param("code").substr(0, 64) + "\"");
    return json_response(200, dump(category_json(it->second, *cat)));
  });

  r.add("GET", "/api/v1/delivery-units", [&catalogue](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto cat, catalogue.snapshot(req.ctx));
    return json_response(200, dump({{"items", all_of(cat->delivery_units, [&](const DeliveryUnit& d) {
                                       return delivery_unit_json(d, *cat);
                                     })}}));
  });

  r.add("GET", "/api/v1/delivery-units/{code}", [&catalogue](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto cat, catalogue.snapshot(req.ctx));
    // A missing resource is 404 (cat->delivery_unit() is for validating input: 400).
    auto it = cat->delivery_units.find(req.param("code"));
    if (it == cat->delivery_units.end())
      return not_found("There is no delivery unit \"" + req.param("code").substr(0, 64) + "\"");
    return json_response(200, dump(delivery_unit_json(it->second, *cat)));
  });

  r.add("GET", "/api/v1/officers", [&catalogue](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(req.query));
    const std::string du = q.string("delivery_unit", 64).value_or("");
    RETURN_IF_ERROR(q.finish());
    ASSIGN_OR_RETURN(auto cat, catalogue.snapshot(req.ctx));
    json items = json::array();
    for (const auto& [id, o] : cat->officers)
      if (du.empty() || o.delivery_unit == du) items.push_back(officer_json(o));
    return json_response(200, dump({{"items", items}}));
  });

  r.add("GET", "/api/v1/officers/{id}", [&catalogue](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(auto cat, catalogue.snapshot(req.ctx));
    auto it = cat->officers.find(id);
    if (it == cat->officers.end()) return not_found("There is no officer " + std::to_string(id));
    return json_response(200, dump(officer_json(it->second)));
  });

  r.add("GET", "/api/v1/members", [&catalogue](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(req.query));
    const std::string ward = q.string("ward", 64).value_or("");
    RETURN_IF_ERROR(q.finish());
    ASSIGN_OR_RETURN(auto cat, catalogue.snapshot(req.ctx));
    json items = json::array();
    for (const auto& [id, m] : cat->members)
      if (ward.empty() || m.ward == ward) items.push_back(member_json(m));
    return json_response(200, dump({{"items", items}}));
  });

  r.add("GET", "/api/v1/members/{id}", [&catalogue](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(auto cat, catalogue.snapshot(req.ctx));
    auto it = cat->members.find(id);
    if (it == cat->members.end()) return not_found("There is no councillor " + std::to_string(id));
    return json_response(200, dump(member_json(it->second)));
  });

  r.add("GET", "/api/v1/wards", [&catalogue](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto cat, catalogue.snapshot(req.ctx));
    return json_response(200, dump({{"items", all_of(cat->wards, ward_json)}}));
  });

  r.add("GET", "/api/v1/sla-policies", [&catalogue](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto cat, catalogue.snapshot(req.ctx));
    return json_response(200, dump({{"items", all_of(cat->policies, policy_json)}}));
  });

  // Bank holidays in the council's calendar, optionally between two dates.
  r.add("GET", "/api/v1/calendar", [&catalogue](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(req.query));
    auto from = q.parsed<LocalDate>("from", [](const std::string& s) -> Result<LocalDate> {
      if (auto d = parse_date(s)) return *d;
      return invalid_field("from", "Give a date like 2026-01-31");
    });
    auto to = q.parsed<LocalDate>("to", [](const std::string& s) -> Result<LocalDate> {
      if (auto d = parse_date(s)) return *d;
      return invalid_field("to", "Give a date like 2026-12-31");
    });
    RETURN_IF_ERROR(q.finish());
    ASSIGN_OR_RETURN(auto cat, catalogue.snapshot(req.ctx));
    json items = json::array();
    for (const auto& h : cat->holidays) {
      if ((from && h.date < *from) || (to && h.date > *to)) continue;
      items.push_back({{"date", format_date(h.date)},
                       {"division", std::string(division_key(h.division))},
                       {"title", h.title},
                       {"notes", h.notes}});
    }
    return json_response(200, dump({{"division", std::string(division_key(cat->tenant.division))},
                                    {"holidays_known_until", format_date(cat->council_calendar.holidays_known_until())},
                                    {"items", items}}));
  });
}

}  // namespace civicdesk::http
