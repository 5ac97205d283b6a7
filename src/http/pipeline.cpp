#include "http/pipeline.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <random>

#include "http/problem.h"
#include "http/redact.h"
#include "log/log.h"

namespace civicdesk::http {

namespace {

std::vector<std::string> route_names(const Router& r) {
  std::vector<std::string> out;
  for (const auto& route : r.routes()) out.push_back(route.method + " " + route.pattern);
  return out;
}

// 16 hex characters: unique enough to find one request in the logs.
std::string new_request_id() {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t seed = std::random_device{}();
  uint64_t x = seed ^ (counter.fetch_add(1) * 0x9E3779B97F4A7C15ull);
  x ^= x >> 31;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 29;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(x));
  return buf;
}

bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

}  // namespace

bool needs_tenant(std::string_view path) { return path.rfind("/api/", 0) == 0 && path != "/api/v1/openapi.json"; }

// The paths web/ registers (tests/web checks every one of its routes is
// here, so the two cannot drift apart).
bool page_route(std::string_view path) {
  static constexpr std::string_view kExact[] = {"/", "/accessibility", "/signed-out", "/favicon.ico"};
  static constexpr std::string_view kUnder[] = {"/sign-in",       "/sign-out", "/register", "/verify-email",
                                                "/reset-password", "/account",  "/report",   "/requests",
                                                "/assets/",       "/unsubscribe", "/survey",   "/admin",
                                                "/staff",         "/member",   "/enquiry",  "/complaint",
                                                "/compliment"};
  for (auto p : kExact)
    if (path == p) return true;
  for (auto p : kUnder)
    if (path.rfind(p, 0) == 0 && (p.back() == '/' || path.size() == p.size() || path[p.size()] == '/')) return true;
  return false;
}

namespace {
// Errors on pages, and on paths nothing answers outside the API and Open311
// (a person who mistyped an address), are HTML pages when web/ is there.
bool html_errors(const PipelineOptions& o, std::string_view path, bool routed) {
  if (!o.page_errors) return false;
  if (page_route(path)) return true;
  return !routed && path.rfind("/api/", 0) != 0 && path.rfind("/open311/", 0) != 0;
}
}  // namespace

namespace {
bool asset_route(std::string_view path) { return path.rfind("/assets/", 0) == 0; }
}  // namespace

// Pages count too (not their assets: a page loads several at once).
bool rate_limited(std::string_view path) {
  return path.rfind("/api/", 0) == 0 || path.rfind("/open311/", 0) == 0 || (page_route(path) && !asset_route(path));
}

std::string session_cookie(const std::string& token, std::chrono::seconds max_age) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=" +
         std::to_string(max_age.count());
}

Result<Tenant> TenantDirectory::resolve(std::string_view host, Instant now) {
  const size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(']') == std::string_view::npos) host = host.substr(0, colon);
  std::vector<Tenant> tenants;
  {
    std::lock_guard lock(mu_);
    if (tenants_.empty() || now - loaded_at_ > std::chrono::seconds(5)) {
      ASSIGN_OR_RETURN(tenants_, catalogue_.tenants());
      loaded_at_ = now;
    }
    tenants = tenants_;
  }
  for (const auto& t : tenants)
    for (const auto& h : t.hostnames)
      if (h == host) return t;
  if (!default_slug_.empty()) {
    for (const auto& t : tenants)
      if (t.slug == default_slug_) return t;
    return not_found("The council \"" + default_slug_ + "\" does not exist");
  }
  if (tenants.size() == 1) return tenants.front();
  return not_found(tenants.empty() ? "No council has been set up yet: run `civicdesk demo` or create one"
                                   : "No council is served at this address; start the server with --tenant");
}

ApiPipeline::ApiPipeline(Router& router, TenantDirectory& tenants, AccountService& accounts, const Clock& clock,
                         PipelineOptions options)
    : router_(router),
      tenants_(tenants),
      accounts_(accounts),
      clock_(clock),
      options_(options),
      metrics_(route_names(router)) {}

std::string cookie_value(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    pos = end + 1;
  }
  return "";
}

namespace {
// Requests that work without being signed in, and so must not fail on a
// stale cookie: signing in, registering, and the links sent by email
// (including unsubscribe and survey links).
bool anonymous_route(std::string_view path) {
  return path == "/api/v1/session" || path == "/api/v1/registrations" || path == "/api/v1/email-verifications" ||
         path.rfind("/api/v1/password-resets", 0) == 0 || path == "/api/v1/unsubscribe" || path == "/api/v1/survey";
}

bool state_changing(const Request& req) { return req.method != "GET" && req.method != "HEAD"; }

// Forms anyone may post that test a password or a code, or send email: the
// low per-address limit applies whoever is asking. POST only: signing out
// (DELETE /api/v1/session) shares the path but must never be refused, or a
// user over the limit could not end their session.
bool public_form(const Request& req) {
  return req.method == "POST" && (anonymous_route(req.path) || req.path == "/api/v1/session/second-factor" ||
                                  req.path == "/sign-in" || req.path == "/sign-in/code" || req.path == "/register" ||
                                  req.path == "/reset-password" || req.path == "/verify-email" ||
                                  // a guest's enquiry, complaint or compliment makes a customer and emails them
                                  req.path == "/enquiry" || req.path == "/complaint" || req.path == "/compliment");
}

// Whose bucket a request counts against: the token's client or the signed-in
// user (wherever they are), else the client's address (block).
std::string client_key(char kind, const Request& req) {
  const Principal& p = req.ctx.principal;
  std::string key(1, kind);
  switch (p.kind) {
    case Principal::Kind::kUser: key += "u" + std::to_string(req.ctx.tenant) + ":" + std::to_string(p.id); break;
    case Principal::Kind::kApiClient: key += "c" + std::to_string(req.ctx.tenant) + ":" + std::to_string(p.id); break;
    case Principal::Kind::kSystem: key += "s"; break;
    case Principal::Kind::kAnonymous: key += "a" + address_block(req.ctx.address); break;
  }
  return key;
}
}  // namespace

std::optional<Response> ApiPipeline::over_limit(const Request& req, std::string_view key, const RateLimit& limit) {
  const RateDecision d = limiter_.take(key, limit, std::chrono::steady_clock::now());
  if (d.allowed) return std::nullopt;
  Error e(ErrorCode::kTooManyRequests, "Too many requests: try again in " + std::to_string(d.retry_after_seconds) +
                                           (d.retry_after_seconds == 1 ? " second" : " seconds"));
  e.retry_after_seconds = d.retry_after_seconds;
  if (!options_.page_errors || !page_route(req.path)) return problem(e, req);
  Response r = options_.page_errors(e, req);
  r.set_header("Retry-After", std::to_string(d.retry_after_seconds));
  return r;
}

Result<Principal> ApiPipeline::authenticate(const Request& req) {
  Credentials c;
  if (auto auth = req.header("authorization")) {
    std::string_view v = *auth;
    if (v.size() < 8 || !(v.substr(0, 7) == "Bearer " || v.substr(0, 7) == "bearer "))
      return Error(ErrorCode::kUnauthenticated, "Send credentials as Authorization: Bearer <token>");
    v.remove_prefix(7);
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    c.bearer = std::string(v.substr(0, 200));
  }
  if (auto cookie = req.header("cookie")) c.session_cookie = cookie_value(*cookie, kSessionCookie).substr(0, 200);
  if (auto csrf = req.header("x-csrf-token")) c.csrf_header = std::string(csrf->substr(0, 200));
  c.state_changing = state_changing(req);
  auto p = accounts_.authenticate(req.ctx.tenant, c, req.ctx.now);
  if (!p && anonymous_route(req.path) && c.bearer.empty()) return Principal{};
  return p;
}

Result<Response> ApiPipeline::dispatch(Request& req, const Route*& route) {
  std::string allow;
  auto matched = router_.match(req, &allow);
  if (!matched) {
    if (matched.error().code == ErrorCode::kMethodNotAllowed) {
      Response r = problem(matched.error(), req);
      r.set_header("Allow", allow);
      return r;
    }
    return matched.error();
  }
  route = *matched;
  req.ctx.now = clock_.now();
  const RateLimits& limits = options_.rate_limits;
  // Open311 clients authenticate with an api_key parameter, which its
  // handlers check (http/open311): bearer tokens and cookies are not read.
  const bool open311 = req.path.rfind("/open311/", 0) == 0;
  if (open311) {
    ASSIGN_OR_RETURN(Tenant t, tenants_.resolve(req.header("host").value_or(""), req.ctx.now));
    req.ctx.tenant = t.id;
    req.ctx.principal = Principal{};
  } else if (needs_tenant(req.path)) {
    ASSIGN_OR_RETURN(Tenant t, tenants_.resolve(req.header("host").value_or(""), req.ctx.now));
    req.ctx.tenant = t.id;
    if (public_form(req))
      if (auto r = over_limit(req, "p" + address_block(req.ctx.address), limits.public_forms)) return std::move(*r);
    if (options_.insecure_no_auth) {
      req.ctx.principal = Principal::system("benchmark");
    } else {
      auto principal = authenticate(req);
      if (!principal) {
        // Failed credentials count against the address, so that a flood of
        // made-up tokens is throttled like any other.
        if (auto r = over_limit(req, client_key('g', req), limits.general)) return std::move(*r);
        return std::move(principal).error();
      }
      req.ctx.principal = std::move(*principal);
    }
  } else if (page_route(req.path)) {
    ASSIGN_OR_RETURN(Tenant t, tenants_.resolve(req.header("host").value_or(""), req.ctx.now));
    req.ctx.tenant = t.id;
    req.ctx.principal = Principal{};
    if (public_form(req))
      if (auto r = over_limit(req, "p" + address_block(req.ctx.address), limits.public_forms)) return std::move(*r);
    if (!asset_route(req.path)) {
      // The session cookie only (pages ignore bearer tokens); an ended
      // session is simply nobody, so the page can offer to sign in again.
      // State-changing forms are checked against the form's token by web/.
      Credentials c;
      if (auto cookie = req.header("cookie")) c.session_cookie = cookie_value(*cookie, kSessionCookie).substr(0, 200);
      if (auto p = accounts_.authenticate(req.ctx.tenant, c, req.ctx.now)) req.ctx.principal = std::move(*p);
    }
  } else {
    req.ctx.principal = Principal{};
  }
  if (rate_limited(req.path)) {
    if (auto r = over_limit(req, client_key('g', req), limits.general)) return std::move(*r);
    if (state_changing(req))
      if (auto r = over_limit(req, client_key('w', req), limits.writes)) return std::move(*r);
  }
  try {
    return route->handler(req);
  } catch (const std::exception& e) {
    return internal_error(std::string("unhandled exception: ") + e.what());
  } catch (...) {
    return internal_error("unhandled exception");
  }
}

Response ApiPipeline::handle(Request& req) {
  const auto start = std::chrono::steady_clock::now();
  auto given = req.header("x-request-id");
  req.request_id = given && sane_request_id(*given) ? std::string(*given) : new_request_id();

  const ClientOrigin origin = client_origin(req, options_.trusted_proxies);
  req.https = origin.https;
  req.ctx.address = origin.address;
  req.ctx.principal = Principal{};

  const Route* route = nullptr;
  Result<Response> result = dispatch(req, route);
  Response res;
  if (result) {
    res = std::move(result).value();
  } else {
    const Error& e = result.error();
    if (e.kind() == ErrorKind::kInternal || e.kind() == ErrorKind::kUnavailable)
      log::error("request_failed", {{"request_id", req.request_id},
                                    {"route", req.route},
                                    {"code", std::string(wire_code(e.code))},
                                    {"error", redact_secrets(e.message, req)}});
    res = html_errors(options_, req.path, route != nullptr) ? options_.page_errors(e, req) : problem(e, req);
    if (e.code == ErrorCode::kTooManyRequests && e.retry_after_seconds > 0 && !res.header("Retry-After"))
      res.set_header("Retry-After", std::to_string(e.retry_after_seconds));
    if (e.code == ErrorCode::kUnauthenticated && !page_route(req.path)) res.set_header("WWW-Authenticate", "Bearer realm=\"civicdesk\"");
  }
  res.set_header("X-Request-Id", req.request_id);
  apply_security_headers(res, req.https, options_.page_csp);
  if (!res.header("Cache-Control")) res.set_header("Cache-Control", "no-store");

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.record(route ? route->index + 1 : 0, res.status, seconds);
  if (options_.access_log)
    log::info("request", {{"request_id", req.request_id},
                          {"method", req.method},
                          {"route", req.route},
                          {"status", res.status},
                          {"ms", seconds * 1000},
                          {"address", req.ctx.address},
                          {"actor", req.ctx.principal.actor_tag()}});
  return res;
}

}  // namespace civicdesk::http
