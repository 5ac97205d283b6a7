// Nearby cases, public nearby reports (duplicate suggestions on intake)
// and the council's boundary.
#include "http/api/api.h"
#include "http/api/json_out.h"
#include "http/parse/query.h"

namespace civicdesk::http {

namespace {

Result<NearbyQuery> nearby_query(const Request& req) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(req.query));
  NearbyQuery n;
  auto number = [&](std::string_view key, bool required) -> std::optional<double> {
    auto s = q.string(key, 40);
    if (!s) {
      if (required) q.fail(Error(ErrorCode::kMissingField, std::string(key) + " is required", std::string(key)));
      return std::nullopt;
    }
    char* end = nullptr;
    const double d = std::strtod(s->c_str(), &end);
    if (s->empty() || end != s->c_str() + s->size()) {
      q.fail(Error(ErrorCode::kInvalidQuery, std::string(key) + " must be a number", std::string(key)));
      return std::nullopt;
    }
    return d;
  };
  auto lat = number("lat", true);
  auto lng = number("long", true);
  auto radius = number("radius", false);
  if (auto c = q.string("category", 64)) n.category = *c;
  if (auto l = q.integer("limit", 1, 200)) n.limit = static_cast<int>(*l);
  RETURN_IF_ERROR(q.finish());
  n.lat = *lat;
  n.lng = *lng;
  if (radius) n.radius_m = *radius;
  return n;
}

// The body is a bare GeoJSON geometry, read as strictly as every other
// body: type and coordinates (and GeoJSON's optional bbox), nothing else.
Status check_geometry(const std::string& body) {
  auto j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return Error(ErrorCode::kInvalidJson, "Send a GeoJSON Polygon or MultiPolygon object");
  for (const auto& [key, value] : j.items())
    if (key != "type" && key != "coordinates" && key != "bbox")
      return Error(ErrorCode::kUnknownField, "Unknown field \"" + key.substr(0, 64) + "\"", key.substr(0, 64));
  if (!j.contains("type")) return missing_field("type");
  if (!j.contains("coordinates")) return missing_field("coordinates");
  return {};
}

double rounded(double d) { return std::round(d * 10) / 10; }

}  // namespace

void add_location_routes(Router& r, ApiDeps& deps) {
  LocationService& locations = deps.services.locations;

  r.add("GET", "/api/v1/cases/nearby", [&locations](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(NearbyQuery q, nearby_query(req));
    ASSIGN_OR_RETURN(auto found, locations.nearby(req.ctx, q));
    JsonWriter w;
    w.begin_object();
    w.key("items").begin_array();
    for (const auto& n : found) {
      w.begin_object();
      w.key("distance_m").number(rounded(n.distance_m));
      w.key("case");
      write_case(w, n.view);
      w.end_object();
    }
    w.end_array();
    w.end_object();
    return json_response(200, std::move(w).take());
  });

  // What a resident sees before reporting: open reports of the category
  // nearby, without anything personal, so they can follow one instead.
  r.add("GET", "/api/v1/nearby-reports", [&locations](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(NearbyQuery q, nearby_query(req));
    q.public_reports = true;
    ASSIGN_OR_RETURN(auto found, locations.nearby(req.ctx, q));
    json items = json::array();
    for (const auto& n : found) {
      const Case& c = n.view.c;
      items.push_back({{"reference", c.reference},
                       {"category", c.category},
                       {"status", to_string(c.status)},
                       {"received_at", format_instant(c.received_at)},
                       {"lat", *c.location.lat},
                       {"long", *c.location.lng},
                       {"distance_m", rounded(n.distance_m)}});
    }
    return json_response(200, dump({{"items", items}}));
  });

  r.add("POST", "/api/v1/cases/{reference}/followers", [&locations](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(locations.follow(req.ctx, req.param("reference")));
    return Response::no_content();
  });

  r.add("GET", "/api/v1/boundary", [&locations](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(std::string b, locations.boundary(req.ctx));
    if (b.empty()) b = R"({"type":"MultiPolygon","coordinates":[]})";  // none set: every point accepted
    return Response::text(200, b, "application/geo+json");
  });

  r.add("PUT", "/api/v1/boundary", [&locations](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    RETURN_IF_ERROR(check_geometry(req.body));
    RETURN_IF_ERROR(locations.set_boundary(req.ctx, req.body));
    ASSIGN_OR_RETURN(std::string b, locations.boundary(req.ctx));
    return Response::text(200, b, "application/geo+json");
  });
}

}  // namespace civicdesk::http
