// The front-end assets under /assets/: GOV.UK Frontend's compiled CSS and
// JavaScript, civicdesk's own script and the council's icon, embedded in the
// binary. Each has an ETag (a hash of its bytes); pages link them as
// /assets/NAME?v=HASH, and a request carrying the current hash may be
// cached for a year (immutable), since a new build changes the URL.
//
// /assets/council.css is made per council at run time: the brand colour as
// GOV.UK Frontend's --govuk-brand-colour custom property, so a council's
// colour changes without recompiling the Sass.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace civicdesk::web {

struct Asset {
  std::string_view name;
  std::string_view data;
  std::string content_type;
  std::string hash;  // 16 hex characters of the bytes' SHA-256
};

// nullopt for a name that is not an asset.
const Asset* find_asset(std::string_view name);
// "/assets/NAME?v=HASH" for an embedded asset ("/assets/NAME" if unknown).
std::string asset_url(std::string_view name);

// The stylesheet for a council's brand colour. Only a "#rgb"/"#rrggbb"
// colour is used; anything else falls back to the default blue (the value
// goes into CSS, so it must not carry anything else).
std::string council_css(std::string_view brand_colour);
std::string safe_colour(std::string_view brand_colour);

}  // namespace civicdesk::web
