// Secrets kept out of the logs (redact.h, and the real server's output),
// constant-time secret comparison, and the benchmark switch that turns
// authentication off being refused anywhere but on loopback.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/crypto.h"
#include "http/pipeline.h"
#include "http/redact.h"
#include "support/process.h"
#include "support/test_server.h"

namespace civicdesk::testing {
namespace {

using nlohmann::json;

http::Request request(std::vector<std::pair<std::string, std::string>> headers, std::string query = "",
                      std::string body = "") {
  http::Request r;
  r.headers = std::move(headers);
  r.query = std::move(query);
  r.body = std::move(body);
  return r;
}

TEST(HardeningRedact, HeadersAreBlankedOut) {
  const auto req = request({{"authorization", "Bearer cds_SecretToken123"},
                            {"cookie", "civicdesk_session=SessionValue456; theme=dark-mode"},
                            {"x-csrf-token", "CsrfValue789"},
                            {"user-agent", "Mozilla/5.0"}});
  const std::string out = http::redact_secrets(
      "failed: Bearer cds_SecretToken123 / cds_SecretToken123 / SessionValue456 / CsrfValue789 / dark-mode / Mozilla/5.0",
      req);
  EXPECT_EQ(out.find("SecretToken123"), std::string::npos) << out;
  EXPECT_EQ(out.find("SessionValue456"), std::string::npos) << out;
  EXPECT_EQ(out.find("CsrfValue789"), std::string::npos) << out;
  EXPECT_EQ(out.find("dark-mode"), std::string::npos) << out;  // every cookie value
  EXPECT_NE(out.find("Mozilla/5.0"), std::string::npos) << out;  // not a secret
  EXPECT_NE(out.find("[redacted]"), std::string::npos) << out;
  EXPECT_EQ(out.rfind("failed: ", 0), 0u);
}

TEST(HardeningRedact, QueryFormAndJsonSecretsAreBlankedOut) {
  const auto q = request({}, "reset_token=Abc%2BDef%2F123&page=2&api_key=KeyKeyKey&name=Visible");
  const std::string out = http::redact_secrets("Abc+Def/123 and Abc%2BDef%2F123 KeyKeyKey page=2 Visible", q);
  EXPECT_EQ(out.find("Abc"), std::string::npos) << out;  // as sent and decoded
  EXPECT_EQ(out.find("KeyKeyKey"), std::string::npos) << out;
  EXPECT_NE(out.find("Visible"), std::string::npos) << out;

  const auto form = request({{"content-type", "application/x-www-form-urlencoded"}}, "",
                            "email=a%40b.example&password=hunter2hunter2");
  EXPECT_EQ(http::redact_secrets("password was hunter2hunter2", form), "password was [redacted]");

  const auto body = request({{"content-type", "application/json"}}, "",
                            R"({"email":"a@b.example","password":"Tr0ub4dor&3","nested":{"new_password":"Correct-Horse"},)"
                            R"("list":[{"totp_code":"123456"}],"description":"a pothole"})");
  const std::string j = http::redact_secrets("Tr0ub4dor&3 Correct-Horse 123456 a pothole a@b.example", body);
  EXPECT_EQ(j, "[redacted] [redacted] [redacted] a pothole a@b.example");
}

TEST(HardeningRedact, LongestSecretFirstAndShortValuesKept) {
  // "abcd" is inside "abcdefgh": the longer one is blanked whole.
  const auto req = request({{"x-csrf-token", "abcd"}, {"authorization", "Bearer abcdefgh"}});
  EXPECT_EQ(http::redact_secrets("token abcdefgh", req), "token [redacted]");
  // Values under 4 characters would blank out ordinary words.
  const auto tiny = request({}, "code=ab");
  EXPECT_EQ(http::redact_secrets("a cab", tiny), "a cab");
  EXPECT_TRUE(http::secret_name("X-Api-Key"));
  EXPECT_TRUE(http::secret_name("sessionId"));
  EXPECT_FALSE(http::secret_name("description"));
  EXPECT_FALSE(http::secret_name("email"));
}

// An unexpected exception whose message quotes the request: the pipeline
// logs it with the secrets blanked out.
TEST(HardeningRedact, PipelineLogsFailuresWithoutSecrets) {
  TestStore db("sqlite");
  Services services(db.store());
  FakeClock clock(at("2016-03-01T10:00:00Z"));
  http::Router router;
  router.add("POST", "/boom", [](http::Request& req) -> Result<http::Response> {
    throw std::runtime_error("cannot handle " + std::string(req.header("authorization").value_or("")) + " with " +
                             req.body);
  });
  http::TenantDirectory tenants(services.catalogue, "");
  http::ApiPipeline pipeline(router, tenants, services.accounts, clock, http::PipelineOptions{});
  http::Request req;
  req.method = "POST";
  req.target = req.path = "/boom";
  req.remote_address = "127.0.0.1";
  req.headers = {{"authorization", "Bearer cds_VerySecretToken42"}, {"content-type", "application/json"}};
  req.body = R"({"password":"Sup3r-S3cret-Passw0rd"})";
  ::testing::internal::CaptureStderr();
  const http::Response res = pipeline.handle(req);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(res.status, 500);
  EXPECT_NE(log.find("request_failed"), std::string::npos) << log;
  EXPECT_NE(log.find(req.request_id), std::string::npos) << log;
  EXPECT_NE(log.find("[redacted]"), std::string::npos) << log;
  EXPECT_EQ(log.find("VerySecretToken42"), std::string::npos) << log;
  EXPECT_EQ(log.find("Sup3r-S3cret-Passw0rd"), std::string::npos) << log;
  // Nor in the response.
  EXPECT_EQ(res.body.find("VerySecretToken42"), std::string::npos) << res.body;
  EXPECT_EQ(res.body.find("Sup3r-S3cret-Passw0rd"), std::string::npos) << res.body;
}

// The real binary with the access log on: failed requests carrying secrets
// are logged, the secrets are not.
TEST(HardeningRedact, ServerOutputHasNoSecrets) {
  TestStore db("sqlite");
  {
    Services s(db.store());
    const auto council = seed_small_council(s);
    Id resident = 0;
    seed_users(s, council, &resident);
  }
  ServerProcess server(db.url(), {"--access-log"});
  const uint16_t port = server.port();
  const std::vector<std::string> secrets = {"cds_NotARealTokenButSecret", "Sup3r-S3cret-Passw0rd", "SessionCookieSecret1",
                                            "CsrfSecretValue2", "QueryTokenSecret3"};
  EXPECT_EQ(http_request(port, "GET", "/api/v1/cases", "", {"Authorization: Bearer " + secrets[0]}).status, 401);
  EXPECT_EQ(http_request(port, "POST", "/api/v1/session",
                         R"({"email":"officer@testshire.gov.uk","password":")" + secrets[1] + "\"}",
                         {"Content-Type: application/json"})
                .status,
            401);
  EXPECT_EQ(http_request(port, "POST", "/api/v1/cases", R"({"category":"general","description":"x"})",
                         {"Content-Type: application/json", "Cookie: civicdesk_session=" + secrets[2],
                          "X-CSRF-Token: " + secrets[3]})
                .status,
            401);
  EXPECT_GE(http_request(port, "GET", "/api/v1/cases?token=" + secrets[4], "", {"Authorization: Bearer " + secrets[0]})
                .status,
            400);
  // Malformed credentials too.
  EXPECT_EQ(http_request(port, "GET", "/api/v1/cases", "", {"Authorization: Basic " + secrets[1]}).status, 401);
  server.stop();
  const std::string out = server.output();
  EXPECT_NE(out.find("\"status\":401"), std::string::npos) << out;  // the failures were logged
  for (const auto& s : secrets) EXPECT_EQ(out.find(s), std::string::npos) << s << " in:\n" << out;
}

TEST(HardeningCrypto, EqualSecretComparesWholeValues) {
  EXPECT_TRUE(crypto::equal_secret("", ""));
  EXPECT_TRUE(crypto::equal_secret("csrf-token-value", "csrf-token-value"));
  EXPECT_FALSE(crypto::equal_secret("csrf-token-value", "csrf-token-valuf"));
  EXPECT_FALSE(crypto::equal_secret("csrf-token-value", "Csrf-token-value"));
  // Different lengths, including prefixes and the empty string.
  EXPECT_FALSE(crypto::equal_secret("csrf-token-value", "csrf-token-valu"));
  EXPECT_FALSE(crypto::equal_secret("csrf-token-valu", "csrf-token-value"));
  EXPECT_FALSE(crypto::equal_secret("", "x"));
  EXPECT_FALSE(crypto::equal_secret("x", ""));
  // Embedded NULs are compared too.
  EXPECT_FALSE(crypto::equal_secret(std::string("ab\0c", 4), std::string("ab\0d", 4)));
  EXPECT_FALSE(crypto::equal_secret(std::string("ab\0c", 4), "ab"));
  EXPECT_TRUE(crypto::equal_secret(std::string("ab\0c", 4), std::string("ab\0c", 4)));
  const std::string a = crypto::random_token("cds_"), b = crypto::random_token("cds_");
  EXPECT_TRUE(crypto::equal_secret(a, std::string(a)));
  EXPECT_FALSE(crypto::equal_secret(a, b));
}

TEST(HardeningBenchmarkSwitch, RefusedUnlessOnLoopback) {
  TestStore db("sqlite");
  for (const std::vector<std::string> extra :
       {std::vector<std::string>{"--address", "0.0.0.0"}, std::vector<std::string>{"--address", "::"},
        std::vector<std::string>{"--address", "192.0.2.10"}}) {
    std::vector<std::string> args = {"--db", db.url(), "serve", "--port", std::to_string(free_port()),
                                      "--insecure-benchmark-without-auth"};
    args.insert(args.end(), extra.begin(), extra.end());
    const ExitStatus r = run_civicdesk(args, std::chrono::seconds(30));
    EXPECT_TRUE(r.exited) << r.output;
    EXPECT_NE(r.code, 0) << extra[1] << ":\n" << r.output;
    EXPECT_NE(r.output.find("works on 127.0.0.1 or ::1 only"), std::string::npos) << extra[1] << ":\n" << r.output;
  }
  // Nor behind a proxy (whose clients would all be let in).
  const ExitStatus proxied = run_civicdesk({"--db", db.url(), "serve", "--port", std::to_string(free_port()),
                                            "--insecure-benchmark-without-auth", "--trusted-proxy", "127.0.0.1"},
                                           std::chrono::seconds(30));
  EXPECT_TRUE(proxied.exited) << proxied.output;
  EXPECT_NE(proxied.code, 0) << proxied.output;
  EXPECT_NE(proxied.output.find("cannot be used behind a proxy"), std::string::npos) << proxied.output;
}

TEST(HardeningBenchmarkSwitch, OnLoopbackItServesWithoutAuthAndSaysSo) {
  TestStore db("sqlite");
  {
    Services s(db.store());
    seed_small_council(s);
  }
  {
    ServerProcess normal(db.url());
    EXPECT_EQ(http_request(normal.port(), "GET", "/api/v1/cases").status, 401);
  }
  ServerProcess bench(db.url(), {"--address", "127.0.0.1", "--insecure-benchmark-without-auth"});
  EXPECT_EQ(http_request(bench.port(), "GET", "/api/v1/cases").status, 200);
  bench.stop();
  EXPECT_NE(bench.output().find("insecure_benchmark_without_auth"), std::string::npos) << bench.output();
}

}  // namespace
}  // namespace civicdesk::testing
