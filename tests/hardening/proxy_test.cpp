// Trusted proxies: X-Forwarded-For and X-Forwarded-Proto believed only from
// the listed proxies. Unit tests of the parsing and the right-to-left walk,
// the client address as the audit trail records it, and `serve` refusing a
// malformed --trusted-proxy.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/client_origin.h"
#include "support/process.h"
#include "support/test_server.h"

namespace civicdesk::testing {
namespace {

using nlohmann::json;

http::Request from(const std::string& peer, std::vector<std::pair<std::string, std::string>> headers = {},
                   bool tls = false) {
  http::Request r;
  r.remote_address = peer;
  r.headers = std::move(headers);
  r.tls = tls;
  return r;
}

http::TrustedProxies proxies(const std::string& list) {
  auto p = http::TrustedProxies::parse(list);
  EXPECT_TRUE(p) << list << ": " << p.error().message;
  return p ? *p : http::TrustedProxies();
}

TEST(HardeningProxyUnit, ParsesAddressesAsProxiesWriteThem) {
  EXPECT_EQ(http::IpAddress::parse("192.0.2.1")->text(), "192.0.2.1");
  EXPECT_EQ(http::IpAddress::parse(" 192.0.2.1:8080 ")->text(), "192.0.2.1");
  EXPECT_EQ(http::IpAddress::parse("2001:db8::1")->text(), "2001:db8::1");
  EXPECT_EQ(http::IpAddress::parse("[2001:db8::1]:443")->text(), "2001:db8::1");
  EXPECT_EQ(http::IpAddress::parse("::ffff:192.0.2.1")->text(), "192.0.2.1");
  EXPECT_TRUE(http::IpAddress::parse("::ffff:192.0.2.1")->v4());
  for (const char* bad : {"", "unknown", "example.org", "192.0.2", "192.0.2.1.5", "[192.0.2.1]:80", "[::1", "1.2.3.4:80:90",
                          "300.0.0.1", "_hidden"})
    EXPECT_FALSE(http::IpAddress::parse(bad)) << bad;
}

TEST(HardeningProxyUnit, TrustedProxyListsAreValidated) {
  for (const char* good : {"", "127.0.0.1", "::1", "10.0.0.0/8, 192.168.0.0/16,fd00::/8", "0.0.0.0/0", "10.1.2.3/32",
                           "2001:db8::/128", " 127.0.0.1 ,"})
    EXPECT_TRUE(http::TrustedProxies::parse(good)) << good;
  for (const char* bad : {"nginx", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/8x", "10.0.0.0/-1", "10.0.0.0/0008",
                          "127.0.0.1:80", "10.0.0.1/8/8", "127.0.0.1, localhost", "*"}) {
    auto p = http::TrustedProxies::parse(bad);
    ASSERT_FALSE(p) << bad;
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidConfig);
    EXPECT_NE(p.error().message.find("is not an IP address or CIDR block"), std::string::npos) << p.error().message;
  }
}

TEST(HardeningProxyUnit, CidrBlocksMatchExactlyTheirAddresses) {
  const auto p = proxies("10.0.0.0/8,192.168.1.128/25,2001:db8:1::/48,198.51.100.7");
  const auto in = [&](const char* a) { return p.contains(*http::IpAddress::parse(a)); };
  EXPECT_TRUE(in("10.0.0.0"));
  EXPECT_TRUE(in("10.255.255.255"));
  EXPECT_FALSE(in("11.0.0.0"));
  EXPECT_FALSE(in("9.255.255.255"));
  EXPECT_TRUE(in("192.168.1.128"));
  EXPECT_TRUE(in("192.168.1.255"));
  EXPECT_FALSE(in("192.168.1.127"));
  EXPECT_TRUE(in("2001:db8:1:ffff::1"));
  EXPECT_FALSE(in("2001:db8:2::1"));
  EXPECT_TRUE(in("198.51.100.7"));
  EXPECT_FALSE(in("198.51.100.8"));
  EXPECT_TRUE(in("::ffff:10.1.2.3"));  // an IPv4 peer on a dual-stack socket
  // An IPv4 block never matches IPv6 addresses that merely start alike.
  EXPECT_FALSE(proxies("0.0.0.0/0").contains(*http::IpAddress::parse("2001:db8::1")));
  EXPECT_TRUE(proxies("0.0.0.0/0").contains(*http::IpAddress::parse("203.0.113.9")));
  EXPECT_FALSE(http::TrustedProxies().contains(*http::IpAddress::parse("127.0.0.1")));
}

TEST(HardeningProxyUnit, ForwardedHeadersAreBelievedOnlyFromTrustedProxies) {
  const auto trusted = proxies("127.0.0.1,10.0.0.0/8");
  const std::vector<std::pair<std::string, std::string>> spoof = {{"x-forwarded-for", "203.0.113.5"},
                                                                  {"x-forwarded-proto", "https"}};
  // From a stranger: ignored.
  auto o = http::client_origin(from("198.51.100.1", spoof), trusted);
  EXPECT_EQ(o.address, "198.51.100.1");
  EXPECT_FALSE(o.https);
  EXPECT_FALSE(o.proxied);
  // From nobody trusted at all.
  o = http::client_origin(from("127.0.0.1", spoof), http::TrustedProxies());
  EXPECT_EQ(o.address, "127.0.0.1");
  EXPECT_FALSE(o.https);
  // From our proxy.
  o = http::client_origin(from("127.0.0.1", spoof), trusted);
  EXPECT_EQ(o.address, "203.0.113.5");
  EXPECT_TRUE(o.https);
  EXPECT_TRUE(o.proxied);
  // A mapped IPv4 peer is the same proxy.
  EXPECT_EQ(http::client_origin(from("::ffff:127.0.0.1", spoof), trusted).address, "203.0.113.5");
}

TEST(HardeningProxyUnit, TheClientIsTheRightmostAddressThatIsNotAProxy) {
  const auto trusted = proxies("127.0.0.1,10.0.0.0/8");
  // The client made up "1.1.1.1" on the left; our proxies appended the rest.
  auto o = http::client_origin(
      from("127.0.0.1", {{"x-forwarded-for", "1.1.1.1, 203.0.113.5"}, {"x-forwarded-for", "10.0.0.3"}}), trusted);
  EXPECT_EQ(o.address, "203.0.113.5");
  // Every hop a proxy: the leftmost one we read.
  EXPECT_EQ(http::client_origin(from("127.0.0.1", {{"x-forwarded-for", "10.0.0.9, 10.0.0.3"}}), trusted).address,
            "10.0.0.9");
  // Garbage in the chain: stop at the last readable hop.
  EXPECT_EQ(http::client_origin(from("127.0.0.1", {{"x-forwarded-for", "203.0.113.5, unknown, 10.0.0.3"}}), trusted)
                .address,
            "10.0.0.3");
  EXPECT_EQ(http::client_origin(from("127.0.0.1", {{"x-forwarded-for", "garbage"}}), trusted).address, "127.0.0.1");
  // Ports and brackets as some proxies write them.
  EXPECT_EQ(http::client_origin(from("127.0.0.1", {{"x-forwarded-for", "[2001:db8::5]:4711"}}), trusted).address,
            "2001:db8::5");
  // The last X-Forwarded-Proto (our proxy's) counts, not what the client sent.
  EXPECT_FALSE(http::client_origin(from("127.0.0.1", {{"x-forwarded-proto", "https"}, {"x-forwarded-proto", "http"}}),
                                   trusted)
                   .https);
  EXPECT_FALSE(http::client_origin(from("127.0.0.1", {{"x-forwarded-proto", "https, http"}}), trusted).https);
  // TLS straight to us is HTTPS whatever a header says.
  EXPECT_TRUE(http::client_origin(from("198.51.100.1", {{"x-forwarded-proto", "http"}}, true), trusted).https);
}

TEST(HardeningProxyUnit, Ipv6ClientsAreCountedByTheirSlash64) {
  EXPECT_EQ(http::address_block("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(http::address_block("2001:db8:1:2::1"), http::address_block("2001:db8:1:2:ffff::9"));
  EXPECT_NE(http::address_block("2001:db8:1:2::1"), http::address_block("2001:db8:1:3::1"));
  EXPECT_EQ(http::address_block("192.0.2.1"), "192.0.2.1");
}

// The address the audit trail records for creating `reference`.
std::string audited_address(TestServer& server, const std::string& reference) {
  const auto r = server.get("/api/v1/audit?limit=200");
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return "?";
  const json body = json::parse(r.body);
  for (const auto& e : body["items"])
    if (e["action"] == "case.create" && e["entity_id"] == reference) return e["address"];
  ADD_FAILURE() << "no case.create entry for " << reference << " in " << r.body;
  return "?";
}

std::string create_case(TestServer& server, const std::vector<std::string>& headers) {
  std::vector<std::string> h = headers;
  h.push_back(server.auth(Role::kAdministrator));
  const auto r = server.post("/api/v1/cases", R"({"category":"general","description":"Where from?"})", h);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? json::parse(r.body)["reference"].get<std::string>() : "";
}

class HardeningProxy : public ::testing::TestWithParam<std::string> {};

TEST_P(HardeningProxy, SpoofedForwardedForIsIgnoredFromAnUntrustedPeer) {
  TestServer server(GetParam());  // trusts nobody
  const std::string ref = create_case(server, {"X-Forwarded-For: 203.0.113.66"});
  EXPECT_EQ(audited_address(server, ref), "127.0.0.1");
}

TEST_P(HardeningProxy, ForwardedForFromATrustedProxyIsTheClientAddress) {
  http::PipelineOptions p;
  p.trusted_proxies = *http::TrustedProxies::parse("127.0.0.0/8");
  TestServer server(GetParam(), at("2016-03-01T10:00:00Z"), {}, p);
  const std::string ref = create_case(server, {"X-Forwarded-For: 10.9.9.9, 203.0.113.66"});
  EXPECT_EQ(audited_address(server, ref), "203.0.113.66");
  // No header: the proxy itself.
  EXPECT_EQ(audited_address(server, create_case(server, {})), "127.0.0.1");
}

// The per-address throttle on sign-ins is keyed on the same address: a
// client cannot reset it by sending a new X-Forwarded-For each time, but
// clients behind a trusted proxy are told apart.
TEST_P(HardeningProxy, PerAddressLimitsUseTheBelievedAddressOnly) {
  http::PipelineOptions p;
  p.rate_limits.public_forms = {0.001, 2};  // 2 sign-in attempts, no refill during the test
  const std::string wrong = R"({"email":"officer@testshire.gov.uk","password":"not the password"})";
  const auto sign_in = [&](TestServer& s, const std::string& xff) {
    return http_request(s.port(), "POST", "/api/v1/session", wrong,
                        {"Content-Type: application/json", "X-Forwarded-For: " + xff});
  };
  {
    TestServer untrusted(GetParam(), at("2016-03-01T10:00:00Z"), {}, p);
    EXPECT_EQ(sign_in(untrusted, "198.51.100.1").status, 401);
    EXPECT_EQ(sign_in(untrusted, "198.51.100.2").status, 401);
    // All three came from 127.0.0.1 whatever the header said.
    EXPECT_EQ(sign_in(untrusted, "198.51.100.3").status, 429);
  }
  p.trusted_proxies = *http::TrustedProxies::parse("127.0.0.1");
  TestServer behind_proxy(GetParam(), at("2016-03-01T10:00:00Z"), {}, p);
  EXPECT_EQ(sign_in(behind_proxy, "198.51.100.1").status, 401);
  EXPECT_EQ(sign_in(behind_proxy, "198.51.100.1").status, 401);
  EXPECT_EQ(sign_in(behind_proxy, "198.51.100.1").status, 429);
  EXPECT_EQ(sign_in(behind_proxy, "198.51.100.2").status, 401);  // another client behind the proxy
}

INSTANTIATE_TEST_SUITE_P(Backends, HardeningProxy, ::testing::ValuesIn(test_backends()),
                         [](const auto& info) { return info.param; });

TEST(HardeningProxyServe, MalformedTrustedProxyIsRefused) {
  TestStore db("sqlite");
  for (const std::string bad : {"10.0.0.0/33", "nginx.internal", "10.0.0.1,,fe80::/200"}) {
    const ExitStatus r = run_civicdesk(
        {"--db", db.url(), "serve", "--port", std::to_string(free_port()), "--trusted-proxy", bad}, std::chrono::seconds(30));
    EXPECT_TRUE(r.exited) << r.output;
    EXPECT_NE(r.code, 0) << r.output;
    EXPECT_NE(r.output.find("is not an IP address or CIDR block"), std::string::npos) << bad << ":\n" << r.output;
    EXPECT_EQ(r.output.find("is serving"), std::string::npos) << r.output;
  }
}

}  // namespace
}  // namespace civicdesk::testing
