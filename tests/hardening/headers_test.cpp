// Security headers on every kind of response: API JSON, problem+json errors
// (from the pipeline and from the server itself), streamed CSV and HTML.
// HSTS only when the request came over HTTPS: natively (tls_test.cpp) or
// through a trusted proxy that says so, never on a spoofed header.
#include <gtest/gtest.h>

#include <sstream>

#include "http/security_headers.h"
#include "support/test_server.h"

namespace civicdesk::testing {
namespace {

// The sources a CSP allows for scripts: script-src, else default-src.
std::string script_sources(const std::string& csp) {
  std::string fallback;
  std::stringstream in(csp);
  std::string directive;
  while (std::getline(in, directive, ';')) {
    while (!directive.empty() && directive.front() == ' ') directive.erase(0, 1);
    if (directive.rfind("script-src ", 0) == 0) return directive.substr(11);
    if (directive.rfind("default-src ", 0) == 0) fallback = directive.substr(12);
  }
  return fallback;
}

// The headers every response must carry.
void expect_hardened(const HttpResult& r, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_FALSE(r.header("content-security-policy").empty());
  EXPECT_NE(r.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
  const std::string scripts = script_sources(r.header("content-security-policy"));
  EXPECT_FALSE(scripts.empty()) << r.header("content-security-policy");  // some rule for scripts
  EXPECT_EQ(scripts.find("'unsafe-inline'"), std::string::npos) << r.header("content-security-policy");
  EXPECT_EQ(scripts.find("'unsafe-eval'"), std::string::npos) << r.header("content-security-policy");
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("referrer-policy"), "no-referrer");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
  EXPECT_EQ(r.header("cross-origin-opener-policy"), "same-origin");
  EXPECT_NE(r.header("permissions-policy").find("camera=()"), std::string::npos);
  EXPECT_EQ(r.header("server"), "");
  EXPECT_FALSE(r.header("cache-control").empty());
}

class HardeningHeaders : public ::testing::TestWithParam<std::string> {};

TEST_P(HardeningHeaders, ApiErrorCsvAndHtmlResponsesAreHardened) {
  TestServer server(GetParam());
  const auto json = server.get("/api/v1/cases");
  ASSERT_EQ(json.status, 200) << json.body;
  expect_hardened(json, "JSON");
  EXPECT_EQ(json.header("content-security-policy"), http::kApiContentSecurityPolicy);
  EXPECT_EQ(json.header("cache-control"), "no-store");

  for (const auto& [what, r] : std::vector<std::pair<std::string, HttpResult>>{
           {"401", server.get("/api/v1/cases", {"X-Anonymous: 1"})},
           {"403", server.get("/api/v1/audit", {server.auth(Role::kResident)})},
           {"404 route", server.get("/api/v1/no-such-thing")},
           {"404 record", server.get("/api/v1/cases/TST-999999")},
           {"405", http_request(server.port(), "DELETE", "/api/v1/wards", "", {server.auth(Role::kAdministrator)})},
           {"400", server.get("/api/v1/cases?limit=banana")},
       }) {
    EXPECT_GE(r.status, 400) << what;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << what;
    expect_hardened(r, what);
    EXPECT_EQ(r.header("content-security-policy"), http::kApiContentSecurityPolicy) << what;
    EXPECT_EQ(r.header("strict-transport-security"), "") << what;  // plain HTTP
  }

  const auto csv = server.get("/api/v1/exports/cases.csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  expect_hardened(csv, "streamed CSV");

  // HTML: the subject-access page. Its own policy is kept (stricter: no
  // script at all), and it is never framed.
  const auto html = server.get("/api/v1/customers/" + std::to_string(server.resident_customer()) +
                               "/subject-access?format=html");
  ASSERT_EQ(html.status, 200) << html.body;
  EXPECT_EQ(html.header("content-type").rfind("text/html", 0), 0u) << html.header("content-type");
  expect_hardened(html, "HTML");
  EXPECT_NE(html.header("content-security-policy").find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(html.body.find("<script"), std::string::npos);
}

// Responses the server writes itself, before the pipeline runs.
TEST_P(HardeningHeaders, ServerAnsweredErrorsAreHardened) {
  http::ServerOptions o;
  o.header_limit = 2048;
  o.body_limit = 4096;
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), o);
  for (const std::string& request : {
           "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + std::string(4000, 'a') + "\r\n\r\n",
           "POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 9000\r\n\r\n" +
               std::string(9000, 'x'),
           std::string("GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
       }) {
    const std::string raw = raw_exchange(server.port(), request);
    ASSERT_EQ(raw.rfind("HTTP/1.1 4", 0), 0u) << raw;
    for (const std::string header :
         {"Content-Security-Policy: " + std::string(http::kApiContentSecurityPolicy), std::string("X-Content-Type-Options: nosniff"),
          std::string("X-Frame-Options: DENY"), std::string("Referrer-Policy: no-referrer")})
      EXPECT_NE(raw.find(header), std::string::npos) << header << " missing from:\n" << raw;
    EXPECT_EQ(raw.find("Strict-Transport-Security"), std::string::npos) << raw;
    EXPECT_EQ(raw.find("\r\nServer:"), std::string::npos) << raw;
  }
}

TEST_P(HardeningHeaders, NoHstsFromAnUntrustedPeerWhateverItSays) {
  TestServer server(GetParam());  // no trusted proxies
  EXPECT_EQ(server.get("/api/v1/cases").header("strict-transport-security"), "");
  for (const std::string spoof : {"X-Forwarded-Proto: https", "X-Forwarded-Proto: HTTPS", "X-Forwarded-Proto: http, https"}) {
    const auto r = server.get("/api/v1/cases", {spoof, server.auth(Role::kAdministrator)});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("strict-transport-security"), "") << spoof;
  }
}

TEST_P(HardeningHeaders, HstsWhenATrustedProxySaysHttps) {
  http::PipelineOptions p;
  p.trusted_proxies = *http::TrustedProxies::parse("127.0.0.1");
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), {}, p);
  const auto https = server.get("/api/v1/cases", {"X-Forwarded-Proto: https", server.auth(Role::kAdministrator)});
  EXPECT_EQ(https.status, 200);
  EXPECT_EQ(https.header("strict-transport-security"), http::kStrictTransportSecurity);
  // Errors too.
  EXPECT_EQ(http_request(server.port(), "GET", "/api/v1/nothing", "", {"X-Forwarded-Proto: https"})
                .header("strict-transport-security"),
            http::kStrictTransportSecurity);
  // The proxy says the client used plain HTTP, or says nothing.
  EXPECT_EQ(server.get("/api/v1/cases", {"X-Forwarded-Proto: http", server.auth(Role::kAdministrator)})
                .header("strict-transport-security"),
            "");
  EXPECT_EQ(server.get("/api/v1/cases").header("strict-transport-security"), "");
}

// A proxy that trusts a different address (not our peer) changes nothing.
TEST_P(HardeningHeaders, HstsNotFromAProxyThatIsNotListed) {
  http::PipelineOptions p;
  p.trusted_proxies = *http::TrustedProxies::parse("10.0.0.0/8, ::1");
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), {}, p);
  EXPECT_EQ(server.get("/api/v1/cases", {"X-Forwarded-Proto: https", server.auth(Role::kAdministrator)})
                .header("strict-transport-security"),
            "");
}

INSTANTIATE_TEST_SUITE_P(Backends, HardeningHeaders, ::testing::ValuesIn(test_backends()),
                         [](const auto& info) { return info.param; });

TEST(HardeningHeadersUnit, PagePolicyAllowsNoInlineScript) {
  const std::string csp = http::page_content_security_policy();
  EXPECT_EQ(script_sources(csp), "'self'");
  EXPECT_EQ(csp.find("unsafe"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(csp.find("base-uri 'none'"), std::string::npos);
  const std::string with_tiles = http::page_content_security_policy("https://tile.openstreetmap.org");
  EXPECT_NE(with_tiles.find("img-src 'self' data: https://tile.openstreetmap.org;"), std::string::npos) << with_tiles;
  EXPECT_EQ(script_sources(with_tiles), "'self'");  // tiles are images, never scripts
}

TEST(HardeningHeadersUnit, ApplySecurityHeadersPicksThePolicyByContentType) {
  const std::string page = http::page_content_security_policy();
  http::Response json = http::Response::json(200, "{}");
  http::apply_security_headers(json, false, page);
  EXPECT_EQ(json.header("Content-Security-Policy").value_or(""), http::kApiContentSecurityPolicy);
  EXPECT_FALSE(json.header("Strict-Transport-Security"));

  http::Response html = http::Response::text(200, "<p>hi</p>", "text/html; charset=utf-8");
  http::apply_security_headers(html, true, page);
  EXPECT_EQ(html.header("Content-Security-Policy").value_or(""), page);
  EXPECT_EQ(html.header("Strict-Transport-Security").value_or(""), http::kStrictTransportSecurity);

  http::Response own = http::Response::text(200, "<p>hi</p>", "text/html");
  own.set_header("Content-Security-Policy", "default-src 'none'");
  http::apply_security_headers(own, false, page);
  EXPECT_EQ(own.header("Content-Security-Policy").value_or(""), "default-src 'none'");
  EXPECT_EQ(own.header("X-Frame-Options").value_or(""), "DENY");
}

}  // namespace
}  // namespace civicdesk::testing
