// The security headers every response carries, set in one place
// (apply_security_headers), called by the pipeline for every routed
// response and by the server for the few it answers itself (413, 431, 503).
//
//   Content-Security-Policy      API: nothing may load or run at all;
//                                HTML pages: page_content_security_policy()
//   X-Content-Type-Options       nosniff
//   Referrer-Policy              no-referrer
//   X-Frame-Options              DENY (older browsers; CSP frame-ancestors for newer)
//   Cross-Origin-Opener-Policy   same-origin
//   Cross-Origin-Resource-Policy same-origin
//   Permissions-Policy           camera, microphone, payment... off; geolocation
//                                for this site only (the map's "use my location")
//   Strict-Transport-Security    only on responses sent over HTTPS (natively, or
//                                through a trusted proxy that says so)
//
// No Server header is ever sent (nothing to learn about versions).
#pragma once

#include <string>
#include <string_view>

#include "http/message.h"

namespace civicdesk::http {

// For JSON, problem+json, CSV...: nothing in the response may load, run or be
// framed.
inline constexpr std::string_view kApiContentSecurityPolicy =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// For server-rendered HTML pages: scripts, styles, fonts and images from this
// site only, no inline script or style attribute (so an injected <script>
// cannot run), map tiles from `tile_origins` (e.g. "https://tile.openstreetmap.org";
// may be empty), forms posting only back here, never framed.
std::string page_content_security_policy(std::string_view tile_origins = "");

// HSTS max-age: one year, subdomains included.
inline constexpr std::string_view kStrictTransportSecurity = "max-age=31536000; includeSubDomains";

// Sets the headers above on `res`. `https`: the request came over TLS (adds
// HSTS). `page_policy`: the CSP for text/html responses; every other
// response gets kApiContentSecurityPolicy. A Content-Security-Policy the
// handler set itself is kept (a page that needs a stricter one).
void apply_security_headers(Response& res, bool https, std::string_view page_policy);

}  // namespace civicdesk::http
