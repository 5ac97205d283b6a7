#include "http/security_headers.h"

namespace civicdesk::http {

std::string page_content_security_policy(std::string_view tile_origins) {
  std::string img = "img-src 'self' data:";
  if (!tile_origins.empty()) img += " " + std::string(tile_origins);
  return "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; " + img +
         "; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
}

void apply_security_headers(Response& res, bool https, std::string_view page_policy) {
  if (!res.header("Content-Security-Policy")) {
    const auto type = res.header("Content-Type");
    const bool html = type && type->rfind("text/html", 0) == 0;
    res.set_header("Content-Security-Policy", std::string(html ? page_policy : kApiContentSecurityPolicy));
  }
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
  res.set_header("Permissions-Policy",
                 "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)");
  if (https) res.set_header("Strict-Transport-Security", std::string(kStrictTransportSecurity));
}

}  // namespace civicdesk::http
