#include "support/test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdlib>
#include <iostream>

namespace civicdesk::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string HttpResult::header(const std::string& lower_name) const {
  for (const auto& [n, v] : headers)
    if (n == lower_name) return v;
  return "";
}

HttpResult http_request(uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                        const std::vector<std::string>& raw_headers) {
  // A Host header among raw_headers replaces the default one (for tests of
  // councils told apart by host name).
  bool has_host = false;
  for (const auto& h : raw_headers)
    if (h.size() >= 5 && (h.compare(0, 5, "Host:") == 0 || h.compare(0, 5, "host:") == 0)) has_host = true;
  std::string req = method + " " + target + " HTTP/1.1\r\n" + (has_host ? "" : "Host: 127.0.0.1\r\n") +
                    "Connection: close\r\n";
  for (const auto& h : raw_headers) req += h + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;

  // Asynchronous operations driven by run_for(): a server that hangs makes
  // this return a -1 status after the timeout instead of hanging the test.
  net::io_context ioc;
  tcp::socket socket(ioc);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  parser.skip(method == "HEAD");
  HttpResult out;
  out.status = -1;
  out.body = "timed out";
  socket.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
    if (ec) {
      out.body = ec.message();
      return;
    }
    net::async_write(socket, net::buffer(req), [&](beast::error_code ec2, std::size_t) {
      if (ec2) {
        out.body = ec2.message();
        return;
      }
      bhttp::async_read(socket, buffer, parser, [&](beast::error_code ec3, std::size_t) {
        if (ec3) {
          out.body = ec3.message();
          return;
        }
        auto& res = parser.get();
        out.status = static_cast<int>(res.result_int());
        for (const auto& f : res) {
          std::string name(f.name_string().data(), f.name_string().size());
          for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          out.headers.emplace_back(name, std::string(f.value().data(), f.value().size()));
        }
        out.body = res.body();
      });
    });
  });
  ioc.run_for(std::chrono::seconds(10));
  return out;
}

std::string raw_exchange(uint16_t port, const std::string& bytes, int timeout_ms) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "";
  }
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string out;
  char buf[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    const int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    if (::poll(&p, 1, std::max(1, left)) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

TestServer::TestServer(const std::string& backend, Instant now, http::ServerOptions options,
                       http::PipelineOptions pipeline)
    : db_(backend), clock_(now) {
  AccountOptions accounts;
  accounts.password_cost = crypto::PasswordCost::minimum();  // tests do not need slow hashes
  services_ = std::make_unique<Services>(db_.store(), accounts);
  council_ = seed_small_council(*services_);
  tokens_ = seed_users(*services_, council_, &resident_customer_);
  deps_ = std::make_unique<http::ApiDeps>(http::ApiDeps{*services_});
  http::add_api_routes(router_, *deps_);
  tenants_ = std::make_unique<http::TenantDirectory>(services_->catalogue, "");
  pipeline_ = std::make_unique<http::ApiPipeline>(router_, *tenants_, services_->accounts, clock_, std::move(pipeline));
  deps_->pipeline = pipeline_.get();
  options.address = "127.0.0.1";
  options.port = 0;
  if (options.worker_threads == 64) options.worker_threads = 8;
  server_ = std::make_unique<http::Server>(options, [this](http::Request& r) { return pipeline_->handle(r); });
  auto port = server_->listen();
  if (!port) {
    std::cerr << "test server: " << port.error().message << std::endl;
    std::abort();
  }
  port_ = *port;
  thread_ = std::thread([this] { server_->run(); });
}

std::vector<std::string> TestServer::with_default_auth(std::vector<std::string> headers) const {
  for (const auto& h : headers)
    if (h.rfind("Authorization:", 0) == 0 || h.rfind("Cookie:", 0) == 0 || h == "X-Anonymous: 1") return headers;
  headers.push_back(auth(Role::kAdministrator));
  return headers;
}

TestServer::~TestServer() {
  server_->stop();
  thread_.join();
}

}  // namespace civicdesk::testing
