// The real HTTP server on a random loopback port, over a fresh test store,
// with a fake clock; and a minimal blocking HTTP/1.1 client for tests.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app/services.h"
#include "http/api/api.h"
#include "http/pipeline.h"
#include "http/server.h"
#include "support/fixtures.h"
#include "support/test_store.h"

namespace civicdesk::testing {

struct HttpResult {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const;
};

// One request over a new connection to 127.0.0.1:port, given up after 10 s.
// status is -1 (and body the reason) when it fails or times out.
// `raw_headers` are extra "Name: value" lines; a "Host:" line among them
// replaces the default Host: 127.0.0.1.
HttpResult http_request(uint16_t port, const std::string& method, const std::string& target,
                        const std::string& body = "", const std::vector<std::string>& raw_headers = {});
// Sends raw bytes and returns whatever comes back before the server closes
// or `timeout_ms` passes (for malformed-HTTP tests).
std::string raw_exchange(uint16_t port, const std::string& bytes, int timeout_ms = 3000);

class TestServer {
 public:
  // Starts on `backend` with the small council seeded and the clock at `now`.
  // `pipeline` sets rate limits, trusted proxies and so on (by default none:
  // no limits, no proxies trusted).
  explicit TestServer(const std::string& backend, Instant now = at("2016-03-01T10:00:00Z"),
                      http::ServerOptions options = {}, http::PipelineOptions pipeline = {});
  ~TestServer();

  uint16_t port() const { return port_; }
  // A personal API token of a user with `role` in the test council (the
  // officer and lead work in Street Scene; the councillor represents West
  // Hendon; the resident is customer resident_customer()).
  const std::string& token(Role role) const { return tokens_.at(role); }
  // "Authorization: Bearer <token>" for `role`.
  std::string auth(Role role) const { return "Authorization: Bearer " + token(role); }
  Id resident_customer() const { return resident_customer_; }
  FakeClock& clock() { return clock_; }
  Services& services() { return *services_; }
  const SmallCouncil& council() const { return council_; }
  TestStore& db() { return db_; }

  // As an administrator unless the headers carry other credentials.
  HttpResult get(const std::string& target, std::vector<std::string> headers = {}) {
    return http_request(port_, "GET", target, "", with_default_auth(std::move(headers)));
  }
  HttpResult post(const std::string& target, const std::string& json_body, std::vector<std::string> headers = {}) {
    headers.push_back("Content-Type: application/json");
    return http_request(port_, "POST", target, json_body, with_default_auth(std::move(headers)));
  }
  std::vector<std::string> with_default_auth(std::vector<std::string> headers) const;

 private:
  TestStore db_;
  FakeClock clock_;
  std::unique_ptr<Services> services_;
  SmallCouncil council_;
  http::Router router_;
  std::unique_ptr<http::ApiDeps> deps_;
  std::unique_ptr<http::TenantDirectory> tenants_;
  std::unique_ptr<http::ApiPipeline> pipeline_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  uint16_t port_ = 0;
  std::map<Role, std::string> tokens_;
  Id resident_customer_ = 0;
};

}  // namespace civicdesk::testing
