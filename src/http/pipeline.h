// The request pipeline, in order:
//   1. request id (X-Request-Id if the client sent a sane one, else new);
//   2. routing (404 / 405 with Allow);
//   3. council: from the Host header, else the default council;
//   4. who is asking: a bearer token, or a session cookie (with its CSRF
//      token on state-changing requests), else anonymous;
//   5. the handler, with exceptions caught (500, logged once with the id);
//   5. response headers (security, caching, X-Request-Id);
//   6. metrics and the access log.
// Errors anywhere become problem+json (problem.h).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/services.h"
#include "http/message.h"
#include "http/metrics.h"
#include "http/router.h"

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
};

class ApiPipeline {
 public:
  ApiPipeline(Router& router, TenantDirectory& tenants, AccountService& accounts, const Clock& clock,
              PipelineOptions options);
  Response handle(Request& req);
  Metrics& metrics() { return metrics_; }

 private:
  Result<Response> dispatch(Request& req, const Route*& route);

  Result<Principal> authenticate(const Request& req);

  Router& router_;
  TenantDirectory& tenants_;
  AccountService& accounts_;
  const Clock& clock_;
  PipelineOptions options_;
  Metrics metrics_;
};

// Routes under /api/ need a council; these do not.
bool needs_tenant(std::string_view path);

// The session cookie's name, and its value in a Cookie header ("" if none).
inline constexpr std::string_view kSessionCookie = "civicdesk_session";
std::string cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace civicdesk::http
