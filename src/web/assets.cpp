#include "web/assets.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "app/crypto.h"
#include "web/embedded.h"

namespace civicdesk::web {

namespace {

std::string type_for(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js") || name.ends_with(".mjs")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".ico")) return "image/x-icon";
  if (name.ends_with(".json") || name.ends_with(".webmanifest")) return "application/manifest+json";
  return "application/octet-stream";
}

const std::map<std::string, Asset, std::less<>>& table() {
  static const auto t = [] {
    std::map<std::string, Asset, std::less<>> m;
    for (const auto& f : embedded_assets())
      m.emplace(std::string(f.name),
                Asset{f.name, f.data, type_for(f.name), crypto::sha256_hex(std::string(f.data)).substr(0, 16)});
    return m;
  }();
  return t;
}

}  // namespace

const Asset* find_asset(std::string_view name) {
  auto it = table().find(name);
  return it == table().end() ? nullptr : &it->second;
}

std::string asset_url(std::string_view name) {
  const Asset* a = find_asset(name);
  return "/assets/" + std::string(name) + (a ? "?v=" + a->hash : "");
}

std::string safe_colour(std::string_view c) {
  const bool ok = (c.size() == 4 || c.size() == 7) && c[0] == '#' &&
                  std::all_of(c.begin() + 1, c.end(), [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)); });
  return ok ? std::string(c) : "#1d70b8";
}

std::string council_css(std::string_view brand_colour) {
  const std::string c = safe_colour(brand_colour);
  return ":root{--govuk-brand-colour:" + c + "}\n.govuk-generic-header{background-color:" + c +
         "}\n.govuk-service-navigation{border-top-color:" + c + "}\n";
}

}  // namespace civicdesk::web
