// The request pipeline, in order:
//   1. request id (X-Request-Id if the client sent a sane one, else new);
//   2. routing (404 / 405 with Allow);
//   3. where from: the client's address and scheme, through trusted proxies
//      only (client_origin.h);
//   4. council: from the Host header, else the default council;
//   5. rate limits for the public forms (sign-in, registration, password
//      reset...), per client address (rate_limit.h);
//   6. who is asking: a bearer token, or a session cookie (with its CSRF
//      token on state-changing requests), else anonymous;
//   7. rate limits per client (token or user, else address), and for writes;
//      429 with Retry-After beyond them;
//   8. the handler, with exceptions caught (500, logged once with the id,
//      secrets blanked out: redact.h);
//   9. response headers (security_headers.h, caching, X-Request-Id);
//  10. metrics and the access log.
// Errors anywhere become problem+json (problem.h).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/services.h"
#include "http/client_origin.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/rate_limit.h"
#include "http/router.h"
#include "http/security_headers.h"

namespace civicdesk::http {

// Which council a request belongs to. Councils are cached and re-read at most
// every few seconds, so one created by the CLI is served without a restart.
class TenantDirectory {
 public:
  TenantDirectory(CatalogueService& catalogue, std::string default_slug)
      : catalogue_(catalogue), default_slug_(std::move(default_slug)) {}

  // The council for `host` (the Host header, port ignored). not_found when
  // nothing matches and there is no single default.
  Result<Tenant> resolve(std::string_view host, Instant now);

 private:
  CatalogueService& catalogue_;
  const std::string default_slug_;
  std::mutex mu_;
  std::vector<Tenant> tenants_;  // guarded by mu_
  Instant loaded_at_{};          // guarded by mu_
};

struct PipelineOptions {
  bool access_log = false;
  // Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed.
  TrustedProxies trusted_proxies;
  // Off unless set (tests); `civicdesk serve` turns them on.
  RateLimits rate_limits = RateLimits::off();
  // Content-Security-Policy for text/html responses.
  std::string page_csp = page_content_security_policy();
  // Benchmarks only (`serve --insecure-benchmark-without-auth`, loopback
  // only): no authentication at all, every request acts as the system. It
  // measures what authentication and permission checks cost.
  bool insecure_no_auth = false;
  // Renders an error on a page route (page_route()) as an HTML page; unset:
  // problem+json like the API. The web module provides it (web/web.h).
  std::function<Response(const Error&, const Request&)> page_errors;
};

class ApiPipeline {
 public:
  ApiPipeline(Router& router, TenantDirectory& tenants, AccountService& accounts, const Clock& clock,
              PipelineOptions options);
  Response handle(Request& req);
  Metrics& metrics() { return metrics_; }
  // The per-client limiter (Open311 routes share it).
  RateLimiter& limiter() { return limiter_; }

 private:
  Result<Response> dispatch(Request& req, const Route*& route);

  Result<Principal> authenticate(const Request& req);
  // Takes a token from `key`'s bucket; a 429 response (with Retry-After)
  // when there is none.
  std::optional<Response> over_limit(const Request& req, std::string_view key, const RateLimit& limit);

  Router& router_;
  TenantDirectory& tenants_;
  AccountService& accounts_;
  const Clock& clock_;
  PipelineOptions options_;
  Metrics metrics_;
  RateLimiter limiter_;
};

// Routes under /api/ need a council; these do not.
bool needs_tenant(std::string_view path);
// The server-rendered pages and their assets: the paths web/ serves (listed
// in pipeline.cpp; tests/web checks every web route is one). They need a
// council too, and read the session cookie; their forms carry their own CSRF
// token (web/csrf.h) since a form cannot send the X-CSRF-Token header. Their
// errors, and those of paths nothing answers outside /api/ and /open311/,
// are HTML pages when page_errors is set.
bool page_route(std::string_view path);
// Paths whose requests count against the per-client rate limits: the API
// and Open311 (not /healthz or /metrics, which monitoring polls).
bool rate_limited(std::string_view path);

// The session cookie's name, and its value in a Cookie header ("" if none).
inline constexpr std::string_view kSessionCookie = "civicdesk_session";
std::string cookie_value(std::string_view cookie_header, std::string_view name);
// The Set-Cookie value for a session: sent back only to this site, never to
// scripts (HttpOnly), only over HTTPS (Secure; browsers treat localhost as
// secure), and not on cross-site requests other than top-level links (Lax).
// An empty token with max_age 0 clears it.
std::string session_cookie(const std::string& token, std::chrono::seconds max_age);

}  // namespace civicdesk::http
