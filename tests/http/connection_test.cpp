// Connection-level behaviour of the server (what scenario files cannot
// express): header and body limits, malformed HTTP, slow clients, too many
// connections, Expect: 100-continue, keep-alive and pipelining. Runs on each
// backend like the scenarios; timing is only ever checked against generous
// upper bounds.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <memory>

#include "support/test_server.h"

namespace civicdesk::testing {
namespace {

namespace bhttp = boost::beast::http;
using Clock = std::chrono::steady_clock;

// A raw client connection.
class Conn {
 public:
  explicit Conn(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Conn() { ::close(fd_); }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  bool connected() const { return connected_; }

  bool send(const std::string& bytes) {
    for (size_t sent = 0; sent < bytes.size();) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  // Reads whatever arrives until `done(data)` holds, the server closes
  // (closed() is then true) or `timeout` passes.
  std::string read_until(const std::function<bool(const std::string&)>& done,
                         std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!done(pending_)) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char buf[8192];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      pending_.append(buf, static_cast<size_t>(n));
    }
    return pending_;
  }
  // Everything until the server closes the connection (or the timeout).
  std::string read_to_close(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return read_until([](const std::string&) { return false; }, timeout);
  }

  // Reads one whole response (consuming it from the pending bytes).
  // status -1 when none arrived in time.
  struct Response {
    int status = -1;
    std::string body;
    std::string connection;
  };
  // `head`: the response is to a HEAD request (headers only).
  Response read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10), bool head = false) {
    Response out;
    const auto deadline = Clock::now() + timeout;
    while (true) {
      bhttp::response_parser<bhttp::string_body> parser;
      parser.eager(true);
      parser.skip(head);
      boost::beast::error_code ec;
      size_t used = 0;
      while (!parser.is_done() && used < pending_.size()) {
        const size_t n = parser.put(boost::asio::buffer(pending_.data() + used, pending_.size() - used), ec);
        used += n;
        if (ec == bhttp::error::need_more) {
          ec = {};
          if (n == 0) break;
        } else if (ec) {
          break;
        }
      }
      if (ec) return out;
      if (parser.is_done()) {
        out.status = static_cast<int>(parser.get().result_int());
        out.body = parser.get().body();
        out.connection = std::string(parser.get()[bhttp::field::connection]);
        pending_.erase(0, used);
        return out;
      }
      if (closed_ || Clock::now() >= deadline) return out;
      const size_t had = pending_.size();
      read_until([had](const std::string& d) { return d.size() > had; },
                 std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    }
  }

  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  std::string pending_;
};

std::string status_line(const std::string& raw) { return raw.substr(0, raw.find("\r\n")); }

const std::string kCaseBody = R"({"category":"general","description":"Keep-alive question"})";

// As the test council's administrator.
std::string post_case(const TestServer& server, const std::string& extra_headers = "",
                      const std::string& body = kCaseBody) {
  return "POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         server.auth(Role::kAdministrator) + "\r\n" + extra_headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

int count_cases(TestServer& server) {
  auto r = server.get("/api/v1/cases?limit=200");
  EXPECT_EQ(r.status, 200) << r.body;
  return static_cast<int>(nlohmann::json::parse(r.body)["items"].size());
}

class ConnectionTest : public ::testing::TestWithParam<std::string> {
 protected:
  static http::ServerOptions small_limits() {
    http::ServerOptions o;
    o.io_threads = 1;
    o.worker_threads = 2;
    o.header_limit = 2048;
    o.body_limit = 4096;
    o.request_timeout = std::chrono::seconds(1);
    o.max_connections = 3;
    return o;
  }
};

TEST_P(ConnectionTest, HeadersOverTheLimitGet431AndTheConnectionCloses) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), small_limits());
  Conn c(server.port());
  ASSERT_TRUE(c.connected());
  c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + std::string(4000, 'a') + "\r\n\r\n");
  const std::string raw = c.read_to_close();
  EXPECT_EQ(status_line(raw), "HTTP/1.1 431 Request Header Fields Too Large") << raw;
  EXPECT_NE(raw.find("application/problem+json"), std::string::npos) << raw;
  EXPECT_TRUE(c.closed());

  // Just under the limit is fine.
  Conn ok(server.port());
  ok.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + std::string(1500, 'a') + "\r\n\r\n");
  EXPECT_EQ(ok.read_response().status, 200);
}

TEST_P(ConnectionTest, GarbageGets400AndTheConnectionCloses) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), small_limits());
  for (const std::string garbage :
       {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15),
        std::string("HELLO THERE\r\n\r\n"), std::string("GET / HTTP/1.1\r\nBad Header Line\r\n\r\n"),
        std::string("POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")}) {
    Conn c(server.port());
    ASSERT_TRUE(c.connected());
    c.send(garbage);
    const std::string raw = c.read_to_close();
    EXPECT_EQ(status_line(raw), "HTTP/1.1 400 Bad Request") << garbage;
    EXPECT_NE(raw.find("\"code\":\"invalid_query\""), std::string::npos) << raw;
    EXPECT_TRUE(c.closed()) << garbage;
  }
  EXPECT_EQ(server.get("/healthz").status, 200);
}

TEST_P(ConnectionTest, BodyOverTheLimitGets413AndNothingIsWritten) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), small_limits());
  const std::string big = R"({"category":"general","description":")" + std::string(5000, 'x') + "\"}";
  {
    Conn c(server.port());
    c.send(post_case(server, "", big));
    const std::string raw = c.read_to_close();
    EXPECT_EQ(status_line(raw), "HTTP/1.1 413 Payload Too Large") << raw;
    EXPECT_NE(raw.find("\"code\":\"payload_too_large\""), std::string::npos) << raw;
  }
  {
    // Chunked, so the size is only known once the body is being read.
    Conn c(server.port());
    char size[16];
    std::snprintf(size, sizeof size, "%zx", big.size());
    c.send(
        "POST /api/v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n" +
        std::string(size) + "\r\n" + big + "\r\n0\r\n\r\n");
    const std::string raw = c.read_to_close();
    EXPECT_EQ(status_line(raw), "HTTP/1.1 413 Payload Too Large") << raw;
  }
  EXPECT_EQ(count_cases(server), 0);
}

TEST_P(ConnectionTest, ClientThatStallsMidHeaderIsDisconnected) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), small_limits());
  Conn c(server.port());
  const auto start = Clock::now();
  c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
  c.read_to_close(std::chrono::seconds(20));
  EXPECT_TRUE(c.closed()) << "still connected after 20 s (request_timeout is 1 s)";
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10));
}

TEST_P(ConnectionTest, ClientThatStallsMidBodyIsDisconnectedAndNothingIsWritten) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), small_limits());
  Conn c(server.port());
  const auto start = Clock::now();
  const std::string whole = post_case(server);
  c.send(whole.substr(0, whole.size() - 10));
  c.read_to_close(std::chrono::seconds(20));
  EXPECT_TRUE(c.closed()) << "still connected after 20 s (request_timeout is 1 s)";
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(count_cases(server), 0);
}

TEST_P(ConnectionTest, ClientThatTricklesBytesIsStillCutOff) {
  // Each byte resets no timer: the whole request must arrive within the limit.
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), small_limits());
  Conn c(server.port());
  const auto start = Clock::now();
  const std::string head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: abcdefghijklmnopqrstuvwxyz";
  for (char ch : head) {
    if (!c.send(std::string(1, ch))) break;
    c.read_until([](const std::string&) { return false; }, std::chrono::milliseconds(150));
    if (c.closed() || Clock::now() - start > std::chrono::seconds(15)) break;
  }
  EXPECT_TRUE(c.closed()) << "a client sending one byte every 150 ms was never cut off";
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10));
}

TEST_P(ConnectionTest, MoreConnectionsThanTheLimitGet503) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), small_limits());  // max_connections 3
  std::vector<std::unique_ptr<Conn>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<Conn>(server.port()));
    ASSERT_TRUE(held.back()->connected());
  }
  // The server accepts in order, so the first three are sessions by the time
  // it sees the fourth.
  Conn extra(server.port());
  ASSERT_TRUE(extra.connected());
  const std::string raw = extra.read_to_close();
  EXPECT_EQ(status_line(raw), "HTTP/1.1 503 Service Unavailable") << raw;
  EXPECT_NE(raw.find("Retry-After: 5"), std::string::npos) << raw;
  EXPECT_TRUE(extra.closed());
  // The canned response must be well-formed HTTP (its Content-Length right).
  Conn parse_check(server.port());
  const auto res = parse_check.read_response();
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(nlohmann::json::parse(res.body, nullptr, false).value("code", ""), "unavailable") << res.body;

  // The held connections still work, and once one goes a newcomer is served.
  held[0]->send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(held[0]->read_response().status, 200);
  held.erase(held.begin());
  int status = -1;
  for (const auto until = Clock::now() + std::chrono::seconds(10); Clock::now() < until && status != 200;) {
    Conn again(server.port());
    again.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    status = again.read_response().status;
  }
  EXPECT_EQ(status, 200);
}

TEST_P(ConnectionTest, Expect100ContinueWorks) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), small_limits());
  Conn c(server.port());
  const std::string whole = post_case(server, "Expect: 100-continue\r\n");
  const size_t split = whole.find("\r\n\r\n") + 4;
  c.send(whole.substr(0, split));
  const std::string interim = c.read_until(
      [](const std::string& d) { return d.find("\r\n\r\n") != std::string::npos; }, std::chrono::seconds(10));
  EXPECT_EQ(status_line(interim), "HTTP/1.1 100 Continue") << interim;
  c.send(whole.substr(split));
  // The interim response is parsed (and skipped) like any other.
  auto first = c.read_response();
  EXPECT_EQ(first.status, 100);
  auto created = c.read_response();
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(count_cases(server), 1);
}

TEST_P(ConnectionTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), small_limits());
  Conn c(server.port());
  for (int i = 0; i < 3; ++i) {
    c.send(post_case(server));
    auto r = c.read_response();
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_NE(r.connection, "close");
  }
  // Pipelined: two requests in one write, two responses in order.
  c.send("GET /api/v1/cases/TST-0000000 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + server.auth(Role::kAdministrator) +
         "\r\n\r\n"
         "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(c.read_response().status, 404);
  EXPECT_EQ(c.read_response().status, 200);
  // A response to HEAD has no body, so the next response is read intact.
  c.send("HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(c.read_response(std::chrono::seconds(10), /*head=*/true).status, 405);
  auto after_head = c.read_response();
  EXPECT_EQ(after_head.status, 200);
  EXPECT_EQ(after_head.body, R"({"status":"ok"})");
  // A request that fails validation keeps the connection too.
  c.send(post_case(server, "", "{\"category\":5}"));
  EXPECT_EQ(c.read_response().status, 400);
  c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  auto last = c.read_response();
  EXPECT_EQ(last.status, 200);
  EXPECT_EQ(last.connection, "close");
  c.read_to_close();
  EXPECT_TRUE(c.closed());
  EXPECT_EQ(count_cases(server), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, ConnectionTest, ::testing::ValuesIn(test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk::testing
