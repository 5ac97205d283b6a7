// The map on "Report a problem" (docs/pages.md, "The map"): pure helpers for
// the tile server option and the map's starting view. The map itself is
// Leaflet, started by web/js/map.js; without JavaScript the street and
// postcode fields are used instead.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "domain/geo.h"

namespace civicdesk::web {

// The origin to allow in the pages' CSP img-src for a tile URL template:
// "https://tile.openstreetmap.org" for "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
// "https://*.tile.example.org" for "https://{s}.tile.example.org/...". ""
// for "" (no map). invalid_config unless it is an https:// URL (http:// on
// 127.0.0.1 and localhost only) with {z}, {x} and {y}, and nothing in the
// host that could widen or break the policy.
Result<std::string> tile_origin(std::string_view url);

// "min_lat,min_lng,max_lat,max_lng" around the council's boundary (outer
// rings), for the map's first view; nullopt when there is none.
std::optional<std::string> boundary_bounds(const geo::Boundary& b);

}  // namespace civicdesk::web
