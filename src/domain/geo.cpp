#include "domain/geo.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace civicdesk::geo {

namespace {

constexpr double kEarthRadiusM = 6371008.8;
constexpr double kPi = 3.14159265358979323846;
constexpr size_t kMaxPositions = 100000;

Error bad(std::string message) { return Error(ErrorCode::kInvalidField, std::move(message), "boundary"); }

Result<std::vector<Point>> ring_from(const nlohmann::json& j, size_t& positions) {
  if (!j.is_array() || j.size() < 4) return bad("A boundary ring needs at least four positions");
  std::vector<Point> ring;
  for (const auto& pos : j) {
    if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number())
      return bad("A boundary position is [longitude, latitude]");
    Point p{pos[1].get<double>(), pos[0].get<double>()};
    if (!valid(p)) return bad("A boundary position is out of range (longitude first, then latitude)");
    ring.push_back(p);
    if (++positions > kMaxPositions) return bad("The boundary has too many positions (at most 100000)");
  }
  return ring;
}

Result<Polygon> polygon_from(const nlohmann::json& j, size_t& positions) {
  if (!j.is_array() || j.empty()) return bad("A polygon needs an outer ring");
  Polygon poly;
  for (const auto& r : j) {
    ASSIGN_OR_RETURN(auto ring, ring_from(r, positions));
    poly.rings.push_back(std::move(ring));
  }
  return poly;
}

Result<Boundary> geometry_from(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
    return bad("The boundary must be a GeoJSON Polygon or MultiPolygon");
  const std::string type = j["type"].get<std::string>();
  if (type == "Feature") return geometry_from(j.value("geometry", nlohmann::json()));
  if (type == "FeatureCollection") {
    const auto& f = j.value("features", nlohmann::json());
    if (!f.is_array() || f.empty()) return bad("The FeatureCollection has no features");
    return geometry_from(f[0]);
  }
  if (!j.contains("coordinates")) return bad("The geometry has no coordinates");
  const auto& c = j["coordinates"];
  size_t positions = 0;
  Boundary b;
  if (type == "Polygon") {
    ASSIGN_OR_RETURN(auto p, polygon_from(c, positions));
    b.polygons.push_back(std::move(p));
  } else if (type == "MultiPolygon") {
    if (!c.is_array() || c.empty()) return bad("The MultiPolygon has no polygons");
    for (const auto& pj : c) {
      ASSIGN_OR_RETURN(auto p, polygon_from(pj, positions));
      b.polygons.push_back(std::move(p));
    }
  } else {
    return bad("The boundary must be a GeoJSON Polygon or MultiPolygon, not " + type);
  }
  return b;
}

// Even-odd rule, ray cast eastwards (lng as x, lat as y).
bool in_ring(const std::vector<Point>& ring, Point p) {
  bool inside = false;
  const size_t n = ring.size();
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const Point& a = ring[i];
    const Point& b = ring[j];
    if ((a.lat > p.lat) != (b.lat > p.lat)) {
      const double x = (b.lng - a.lng) * (p.lat - a.lat) / (b.lat - a.lat) + a.lng;
      if (p.lng < x) inside = !inside;
    }
  }
  return inside;
}

double rad(double deg) { return deg * kPi / 180.0; }

}  // namespace

bool valid(Point p) {
  return std::isfinite(p.lat) && std::isfinite(p.lng) && p.lat >= -90 && p.lat <= 90 && p.lng >= -180 &&
         p.lng <= 180;
}

Result<Boundary> parse_boundary(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return bad("The boundary is not valid JSON");
  return geometry_from(j);
}

std::string to_geojson(const Boundary& b) {
  nlohmann::json polys = nlohmann::json::array();
  for (const auto& p : b.polygons) {
    nlohmann::json rings = nlohmann::json::array();
    for (const auto& r : p.rings) {
      nlohmann::json ring = nlohmann::json::array();
      for (const auto& pt : r) ring.push_back({pt.lng, pt.lat});
      rings.push_back(std::move(ring));
    }
    polys.push_back(std::move(rings));
  }
  return nlohmann::json{{"type", "MultiPolygon"}, {"coordinates", polys}}.dump();
}

bool contains(const Boundary& b, Point p) {
  for (const auto& poly : b.polygons) {
    if (poly.rings.empty() || !in_ring(poly.rings[0], p)) continue;
    bool in_hole = false;
    for (size_t i = 1; i < poly.rings.size() && !in_hole; ++i) in_hole = in_ring(poly.rings[i], p);
    if (!in_hole) return true;
  }
  return false;
}

double distance_m(Point a, Point b) {
  const double dlat = rad(b.lat - a.lat), dlng = rad(b.lng - a.lng);
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(rad(a.lat)) * std::cos(rad(b.lat)) * std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

Box box_around(Point c, double radius_m) {
  const double dlat = radius_m / kEarthRadiusM * 180.0 / kPi;
  const double coslat = std::cos(rad(std::min(89.0, std::abs(c.lat) + dlat)));
  const double dlng = std::min(180.0, dlat / std::max(coslat, 1e-6));
  return Box{std::max(-90.0, c.lat - dlat), std::min(90.0, c.lat + dlat), std::max(-180.0, c.lng - dlng),
             std::min(180.0, c.lng + dlng)};
}

}  // namespace civicdesk::geo
