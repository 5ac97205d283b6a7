// Native TLS: a self-signed certificate made by the test, HTTPS answered
// with HSTS, plain HTTP to the HTTPS port refused in the clear, silent
// connections cut off, and `civicdesk serve` refusing bad certificate or key
// files with a clear message.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <thread>

#include "hardening/tls_support.h"
#include "http/security_headers.h"
#include "http/tls.h"
#include "support/process.h"
#include "support/test_server.h"

extern char** environ;

namespace civicdesk::testing {
namespace {

using nlohmann::json;

class HardeningTls : public ::testing::Test {
 protected:
  void SetUp() override {
    cert_ = dir_.file("cert.pem");
    key_ = dir_.file("key.pem");
    other_key_ = dir_.file("other-key.pem");
    write_self_signed(cert_, key_, other_key_);
  }
  http::ServerOptions tls_options() {
    auto tls = http::load_tls({cert_, key_});
    EXPECT_TRUE(tls) << tls.error().message;
    http::ServerOptions o;
    o.io_threads = 1;
    o.worker_threads = 2;
    o.request_timeout = std::chrono::seconds(1);
    if (tls) o.tls = *tls;
    return o;
  }

  TempDir dir_;
  std::string cert_, key_, other_key_;
};

TEST_F(HardeningTls, AnswersHttpsWithStrictTransportSecurity) {
  TestServer server("sqlite", at("2016-03-01T10:00:00Z"), tls_options());
  auto health = https_request(server.port(), "GET", "/healthz");
  ASSERT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(health.header("strict-transport-security"), http::kStrictTransportSecurity);
  EXPECT_EQ(health.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(health.header("server"), "");

  // An authenticated read (answered on the I/O thread) and a write (on the
  // worker pool) both work through TLS.
  const std::string auth = server.auth(Role::kAdministrator);
  auto created = https_request(server.port(), "POST", "/api/v1/cases",
                               R"({"category":"general","description":"Reported over HTTPS"})",
                               {auth, "Content-Type: application/json"});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("strict-transport-security"), http::kStrictTransportSecurity);
  const std::string ref = json::parse(created.body)["reference"];
  auto read = https_request(server.port(), "GET", "/api/v1/cases/" + ref, "", {auth});
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(json::parse(read.body)["description"], "Reported over HTTPS");

  // Errors carry it too.
  auto missing = https_request(server.port(), "GET", "/api/v1/cases/TST-999999", "", {auth});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.header("strict-transport-security"), http::kStrictTransportSecurity);
}

TEST_F(HardeningTls, PlainHttpToTheHttpsPortGetsOnePlain400AndIsClosed) {
  TestServer server("sqlite", at("2016-03-01T10:00:00Z"), tls_options());
  const RawReply r = raw_until_closed(server.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(r.data.rfind("HTTP/1.1 400 ", 0), 0u) << r.data;
  EXPECT_NE(r.data.find("HTTPS only"), std::string::npos) << r.data;
  EXPECT_NE(r.data.find("Connection: close"), std::string::npos) << r.data;
  EXPECT_TRUE(r.closed);
  // Exactly one response.
  EXPECT_EQ(r.data.find("HTTP/1.1", 1), std::string::npos) << r.data;
  // The server is still fine for HTTPS clients.
  EXPECT_EQ(https_request(server.port(), "GET", "/healthz").status, 200);
  // And the plain client is not mistaken for a TLS one by http_request either.
  EXPECT_NE(http_request(server.port(), "GET", "/healthz").status, 200);
}

TEST_F(HardeningTls, ClientsThatNeverFinishTheHandshakeAreCutOff) {
  TestServer server("sqlite", at("2016-03-01T10:00:00Z"), tls_options());  // request_timeout 1 s
  // Nothing at all, then the first bytes of a ClientHello and a stall: both
  // are closed by the server (well before the 10 s this waits).
  EXPECT_TRUE(raw_until_closed(server.port(), "").closed);
  const RawReply partial = raw_until_closed(server.port(), std::string("\x16\x03\x01\x02\x00", 5));
  EXPECT_TRUE(partial.closed);
  EXPECT_EQ(partial.data.find("HTTP/1.1"), std::string::npos) << partial.data;
  EXPECT_EQ(https_request(server.port(), "GET", "/healthz").status, 200);
}

TEST_F(HardeningTls, LoadTlsExplainsWhatIsWrong) {
  auto ok = http::load_tls({cert_, key_});
  ASSERT_TRUE(ok) << ok.error().message;

  auto missing = http::load_tls({dir_.file("nope.pem"), key_});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidConfig);
  EXPECT_NE(missing.error().message.find(dir_.file("nope.pem")), std::string::npos) << missing.error().message;

  auto no_key = http::load_tls({cert_, ""});
  ASSERT_FALSE(no_key);
  EXPECT_NE(no_key.error().message.find("--tls-key"), std::string::npos) << no_key.error().message;

  std::ofstream(dir_.file("garbage.pem")) << "this is not PEM\n";
  auto garbage = http::load_tls({dir_.file("garbage.pem"), key_});
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error().message.find("certificate"), std::string::npos) << garbage.error().message;
  auto garbage_key = http::load_tls({cert_, dir_.file("garbage.pem")});
  ASSERT_FALSE(garbage_key);
  EXPECT_NE(garbage_key.error().message.find("key"), std::string::npos) << garbage_key.error().message;

  // The certificate and key swapped.
  auto swapped = http::load_tls({key_, cert_});
  ASSERT_FALSE(swapped);

  auto mismatch = http::load_tls({cert_, other_key_});
  ASSERT_FALSE(mismatch);
  EXPECT_NE(mismatch.error().message.find("does not belong"), std::string::npos) << mismatch.error().message;
}

TEST_F(HardeningTls, ServeRefusesBadCertificateOrKeyFiles) {
  TestStore db("sqlite");
  const auto serve = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"--db", db.url(), "serve", "--address", "127.0.0.1", "--port",
                                     std::to_string(free_port())};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_civicdesk(args, std::chrono::seconds(30));
  };
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {{"--tls-cert", dir_.file("missing.pem"), "--tls-key", key_}, "Cannot read the TLS certificate " + dir_.file("missing.pem")},
      {{"--tls-cert", cert_, "--tls-key", dir_.file("missing-key.pem")}, "Cannot read the TLS key " + dir_.file("missing-key.pem")},
      {{"--tls-cert", cert_}, "Give both --tls-cert and --tls-key"},
      {{"--tls-key", key_}, "Give both --tls-cert and --tls-key"},
      {{"--tls-cert", cert_, "--tls-key", other_key_}, "does not belong to the certificate"},
  };
  for (const auto& c : cases) {
    const ExitStatus r = serve(c.args);
    EXPECT_TRUE(r.exited) << r.output;  // exits by itself, does not serve
    EXPECT_NE(r.code, 0) << r.output;
    EXPECT_NE(r.output.find(c.expected), std::string::npos) << "expected \"" << c.expected << "\" in:\n" << r.output;
    EXPECT_EQ(r.output.find("is serving"), std::string::npos) << r.output;
  }
}

// The binary itself: `serve --tls-cert --tls-key` speaks HTTPS.
TEST_F(HardeningTls, ServeWithCertificateSpeaksHttps) {
  TestStore db("sqlite");
  const uint16_t port = free_port();
  const std::string log = dir_.file("serve.log");
  std::vector<std::string> args = {civicdesk_binary(), "--db", db.url(), "serve", "--address", "127.0.0.1",
                                   "--port", std::to_string(port), "--tls-cert", cert_, "--tls-key", key_};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  ASSERT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);

  HttpResult r;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      pid = -1;
      break;
    }
    r = https_request(port, "GET", "/healthz");
    if (r.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("strict-transport-security"), http::kStrictTransportSecurity);
  EXPECT_EQ(raw_until_closed(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").data.rfind("HTTP/1.1 400 ", 0), 0u);
  if (pid > 0) {
    ::kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 200 && ::waitpid(pid, &status, WNOHANG) != pid; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (::waitpid(pid, &status, WNOHANG) == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
    }
  }
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_NE(ss.str().find("serving on https://127.0.0.1:" + std::to_string(port)), std::string::npos) << ss.str();
}

}  // namespace
}  // namespace civicdesk::testing
