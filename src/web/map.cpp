#include "web/map.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace civicdesk::web {

Result<std::string> tile_origin(std::string_view url) {
  if (url.empty()) return std::string();
  auto bad = [&](const std::string& why) {
    return Error(ErrorCode::kInvalidConfig, "--map-tiles-url: " + why);
  };
  if (url.size() > 500) return bad("too long");
  std::string_view scheme;
  if (url.starts_with("https://")) scheme = "https://";
  else if (url.starts_with("http://")) scheme = "http://";
  else return bad("must start with https://");
  if (url.find("{z}") == std::string_view::npos || url.find("{x}") == std::string_view::npos ||
      url.find("{y}") == std::string_view::npos)
    return bad("must contain {z}, {x} and {y}");
  std::string_view rest = url.substr(scheme.size());
  std::string host(rest.substr(0, rest.find('/')));
  if (host.empty()) return bad("has no host");
  // A subdomain placeholder becomes the CSP wildcard; nothing else but a
  // host name and a port may appear (no spaces, quotes or ';').
  if (host.starts_with("{s}.")) host = "*." + host.substr(4);
  for (size_t i = 0; i < host.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(host[i]);
    const bool wildcard = i == 0 && c == '*';
    if (!wildcard && !std::isalnum(c) && c != '-' && c != '.' && c != ':') return bad("has an unusable host");
  }
  const std::string name = host.substr(0, host.find(':'));
  if (scheme == "http://" && name != "127.0.0.1" && name != "localhost")
    return bad("must use https:// (http:// only on 127.0.0.1 or localhost)");
  return std::string(scheme) + host;
}

std::optional<std::string> boundary_bounds(const geo::Boundary& b) {
  bool any = false;
  geo::Box box{90, -90, 180, -180};
  for (const auto& polygon : b.polygons) {
    if (polygon.rings.empty()) continue;
    for (const auto& p : polygon.rings.front()) {
      any = true;
      box.min_lat = std::min(box.min_lat, p.lat);
      box.max_lat = std::max(box.max_lat, p.lat);
      box.min_lng = std::min(box.min_lng, p.lng);
      box.max_lng = std::max(box.max_lng, p.lng);
    }
  }
  if (!any) return std::nullopt;
  char buf[128];
  std::snprintf(buf, sizeof buf, "%.6f,%.6f,%.6f,%.6f", box.min_lat, box.min_lng, box.max_lat, box.max_lng);
  return std::string(buf);
}

}  // namespace civicdesk::web
