// Injection: SQL injection attempts everywhere user text reaches a query
// (search, filters, path ids, sort and cursor parameters, JSON fields),
// header injection (CR/LF in what the server might echo into a header), and
// malformed or oversized credentials. Every attempt must be answered as
// ordinary data or a 4xx; never a 5xx, never a changed database, on both
// backends.
#include <gtest/gtest.h>

#include <cctype>
#include <regex>

#include <nlohmann/json.hpp>

#include "security/security_world.h"

namespace civicdesk::security {
namespace {

using testing::HttpResult;

class InjectionOn : public ::testing::TestWithParam<std::string> {};

// Classic SQL (and full-text query syntax) injection strings.
const std::vector<std::string>& payloads() {
  static const std::vector<std::string> kPayloads = {
      "' OR '1'='1",
      "' OR 1=1 --",
      "\" OR \"\"=\"",
      "'; DROP TABLE cases; --",
      "\"; DROP TABLE customers; --",
      "1; DELETE FROM users",
      "') OR ('a'='a",
      "' UNION SELECT password_hash, token_hash FROM users, api_tokens --",
      "' || (SELECT password_hash FROM users LIMIT 1) || '",
      "$$; DROP TABLE cases; $$",
      "/**/OR/**/1=1",
      "\\'; DROP TABLE sessions; --",
      "%",
      "_",
      "%' --",
      "*",
      "\"*",
      "NEAR(a b)",
      "title:x OR description:*",
      "a & b | !c <-> d:*",
      "'::text",
      "O'Brien",
      "ʼ OR 1=1 --",        // modifier letter apostrophe
      "x\xC2\xA0y",          // no-break space inside a word
      "’; DROP TABLE cases; --",
      "\\",
  };
  return kPayloads;
}

// The words a search is about: runs of ASCII letters and digits, and of
// non-ASCII bytes (as the store's search does).
std::string words_of(const std::string& s) {
  std::string out, cur;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) {
      cur += c;
    } else if (!cur.empty()) {
      out += (out.empty() ? "" : " ") + cur;
      cur.clear();
    }
  }
  if (!cur.empty()) out += (out.empty() ? "" : " ") + cur;
  return out;
}

int item_count(const HttpResult& r, const std::string& key = "items") {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains(key)) return -1;
  return static_cast<int>(j[key].size());
}

std::string base64url(const std::string& in) {
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  int val = 0, bits = -6;
  for (unsigned char c : in) {
    val = (val << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out += abc[(val >> bits) & 0x3F];
      bits -= 6;
    }
  }
  if (bits > -6) out += abc[((val << 8) >> (bits + 8)) & 0x3F];
  return out;
}

// Everything is still there and still works: every principal's token, the
// listings, the fixture records.
void expect_intact(World& w, const std::string& totals, const std::map<std::string, std::string>& records) {
  EXPECT_EQ(w.render_totals(), totals) << "the database changed";
  for (const auto& [ref, rendered] : records) EXPECT_EQ(w.render_case(ref), rendered);
  for (int col = 1; col < kWhoCount; ++col)
    EXPECT_EQ(w.request(who_at(col), "GET", "/api/v1/session").status, 200) << column_name(who_at(col));
  const HttpResult cases = w.request(Who::kAdministrator, "GET", "/api/v1/cases?limit=200");
  ASSERT_EQ(cases.status, 200);
  EXPECT_NE(cases.body.find(w.street), std::string::npos);
  EXPECT_EQ(w.request(Who::kAdministrator, "GET", "/api/v1/users").status, 200);
  EXPECT_EQ(w.request(Who::kAdministrator, "GET", "/api/v1/customers/" + std::to_string(w.customer)).status, 200);
}

std::map<std::string, std::string> fixture_cases(World& w) {
  std::map<std::string, std::string> out;
  for (const auto& ref : {w.street, w.highways, w.own, w.me, w.restricted}) out[ref] = w.render_case(ref);
  return out;
}

TEST_P(InjectionOn, SearchTextIsOnlyEverWords) {
  World w(GetParam());
  const std::string totals = w.render_totals();
  const auto records = fixture_cases(w);
  const std::string searches[] = {"/api/v1/search?q=", "/api/v1/cases?q=", "/api/v1/customers?q="};
  for (const std::string& p : payloads()) {
    for (const std::string& base : searches) {
      SCOPED_TRACE(base + p);
      const HttpResult r = w.request(Who::kAdministrator, "GET", base + url_encode(p));
      ASSERT_GT(r.status, 0) << r.body;
      EXPECT_LT(r.status, 500) << r.body;
      if (r.status != 200) {
        EXPECT_EQ(r.status, 400) << r.body;
        continue;
      }
      // The answer is the one for the payload's words alone: no operator,
      // quote or comment in it changed the query.
      const std::string words = words_of(p);
      if (words.empty()) {
        EXPECT_EQ(r.body.find(w.street), std::string::npos) << "punctuation alone matched cases: " << r.body;
        continue;
      }
      const HttpResult plain = w.request(Who::kAdministrator, "GET", base + url_encode(words));
      EXPECT_EQ(plain.status, 200) << plain.body;
      EXPECT_EQ(r.body, plain.body);
    }
  }
  // The classic "always true" attempts must not return everything.
  const HttpResult all = w.request(Who::kAdministrator, "GET", "/api/v1/customers?q=" + url_encode("' OR '1'='1"));
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(item_count(all), 0) << all.body;
  expect_intact(w, totals, records);
}

TEST_P(InjectionOn, FiltersSortsCursorsAndPathIdsAreData) {
  World w(GetParam());
  const std::string totals = w.render_totals();
  const auto records = fixture_cases(w);
  const std::string cases_filters[] = {"category", "delivery_unit", "team", "ward", "status", "type", "customer_id",
                                       "sort", "cursor", "limit", "due_before", "received_from", "open"};
  const std::string customer_filters[] = {"email", "phone", "postcode", "uprn", "cursor", "limit"};
  const std::string contact_filters[] = {"customer_id", "channel", "from", "to", "cursor"};
  auto check = [&](const std::string& target, bool may_match) {
    SCOPED_TRACE(target);
    const HttpResult r = w.request(Who::kAdministrator, "GET", target);
    ASSERT_GT(r.status, 0) << r.body;
    EXPECT_LT(r.status, 500) << r.body;
    if (r.status == 200 && !may_match) EXPECT_EQ(item_count(r), 0) << "a made-up filter value matched: " << r.body;
    if (r.status != 200) EXPECT_TRUE(r.status == 400 || r.status == 404) << r.status << " " << r.body;
  };
  std::vector<std::string> values = payloads();
  // Cursors that decode to SQL.
  for (const std::string& raw : {"n:1 OR 1=1", "n:1; DROP TABLE cases", "d:2016-01-01' OR '1'='1:1",
                                 "d:-:1) OR (1=1", "i:1 OR 1=1", "i:0 UNION SELECT 1"})
    values.push_back(base64url(raw));
  for (const std::string& v : values) {
    for (const auto& f : cases_filters) check("/api/v1/cases?" + f + "=" + url_encode(v), false);
    for (const auto& f : customer_filters) check("/api/v1/customers?" + f + "=" + url_encode(v), false);
    for (const auto& f : contact_filters) check("/api/v1/contacts?" + f + "=" + url_encode(v), false);
    check("/api/v1/exports/cases.csv?category=" + url_encode(v), true);
    check("/api/v1/audit?entity_id=" + url_encode(v), false);
    // Path ids and codes.
    const std::string e = url_encode(v);
    for (const std::string& target :
         {"/api/v1/cases/" + e, "/api/v1/cases/" + e + "/timeline", "/api/v1/customers/" + e,
          "/api/v1/customers/" + e + "/cases", "/api/v1/contacts/" + e, "/api/v1/users/" + e,
          "/api/v1/services/" + e, "/api/v1/delivery-units/" + e, "/api/v1/officers/" + e, "/api/v1/members/" + e}) {
      SCOPED_TRACE(target);
      const HttpResult r = w.request(Who::kAdministrator, "GET", target);
      EXPECT_TRUE(r.status == 400 || r.status == 404) << r.status << " " << r.body;
    }
    // Writes addressed by a made-up name or id touch nothing.
    const HttpResult revoke = w.request(Who::kAdministrator, "DELETE", "/api/v1/api-tokens/" + e);
    EXPECT_TRUE(revoke.status == 400 || revoke.status == 404) << v << ": " << revoke.status << " " << revoke.body;
    const HttpResult patch = w.request(Who::kAdministrator, "PATCH", "/api/v1/cases/" + e, R"({"title": "Injected"})",
                                       {"If-Match: *"});
    EXPECT_TRUE(patch.status == 400 || patch.status == 404) << v << ": " << patch.status << " " << patch.body;
  }
  // An id with SQL after it is not an id.
  for (const std::string& id : {std::to_string(w.customer) + " OR 1=1", std::to_string(w.customer) + ";",
                                std::to_string(w.customer) + "'--", "0x" + std::to_string(w.customer),
                                std::to_string(w.customer) + ".0", "-" + std::to_string(w.customer),
                                std::string("99999999999999999999999")}) {
    const HttpResult r = w.request(Who::kAdministrator, "GET", "/api/v1/customers/" + url_encode(id));
    EXPECT_TRUE(r.status == 400 || r.status == 404) << id << ": " << r.status << " " << r.body;
  }
  expect_intact(w, totals, records);
}

TEST_P(InjectionOn, JsonStringsAreStoredAndReturnedVerbatim) {
  World w(GetParam());
  const auto records = fixture_cases(w);
  int made = 0;
  for (const std::string& p : payloads()) {
    SCOPED_TRACE(p);
    const std::string text = "Note: " + p;
    // A case's title and description.
    const HttpResult c = w.request(Who::kAdvisor, "POST", "/api/v1/cases",
                                   nlohmann::json{{"category", "general"},
                                                  {"title", text},
                                                  {"description", p + "\n" + p},
                                                  {"customer_id", w.customer}}
                                       .dump());
    ASSERT_EQ(c.status, 201) << c.body;
    ++made;
    const std::string ref = json_field(c.body, "reference");
    const HttpResult back = w.request(Who::kAdvisor, "GET", "/api/v1/cases/" + ref);
    ASSERT_EQ(back.status, 200);
    EXPECT_EQ(json_field(back.body, "title"), text);
    EXPECT_EQ(json_field(back.body, "description"), p + "\n" + p);
    // A note on it.
    const HttpResult note = w.request(Who::kAdvisor, "POST", "/api/v1/cases/" + ref + "/notes",
                                      nlohmann::json{{"text", p}, {"visibility", "internal"}}.dump());
    ASSERT_EQ(note.status, 201) << note.body;
    const HttpResult notes = w.request(Who::kAdvisor, "GET", "/api/v1/cases/" + ref + "/notes");
    ASSERT_EQ(notes.status, 200);
    auto j = nlohmann::json::parse(notes.body, nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    ASSERT_EQ(j["items"].size(), 1u);
    EXPECT_EQ(j["items"][0]["details"].value("text", ""), p) << notes.body;
    // A customer's names.
    const HttpResult cu = w.request(Who::kAdvisor, "POST", "/api/v1/customers",
                                    nlohmann::json{{"given_name", p}, {"family_name", "Injection"}}.dump());
    ASSERT_EQ(cu.status, 201) << cu.body;
    const HttpResult cu_back = w.request(Who::kAdvisor, "GET", "/api/v1/customers/" + json_field(cu.body, "id"));
    ASSERT_EQ(cu_back.status, 200);
    EXPECT_EQ(json_field(cu_back.body, "given_name"), p);
  }
  // Everything is where it was, plus exactly what was made.
  int64_t cases = 0;
  ASSERT_TRUE(w.services().store.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto counts, tx.count_cases_by_status(w.tenant()));
    for (const auto& c : counts) cases += c.count;
    return {};
  }).ok());
  EXPECT_EQ(cases, 7 + made);  // the world's seven, and ours
  for (const auto& [ref, rendered] : records) EXPECT_EQ(w.render_case(ref), rendered);
  for (int col = 1; col < kWhoCount; ++col)
    EXPECT_EQ(w.request(who_at(col), "GET", "/api/v1/session").status, 200) << column_name(who_at(col));
  // And the stored text is findable as text.
  const HttpResult found = w.request(Who::kAdvisor, "GET", "/api/v1/customers?q=" + url_encode("O'Brien"));
  ASSERT_EQ(found.status, 200);
  EXPECT_NE(found.body.find("O'Brien"), std::string::npos) << found.body;
}

// ---- header injection ---------------------------------------------------------------

// The response's header lines (status line excluded), from raw bytes.
std::vector<std::string> header_lines(const std::string& raw) {
  std::vector<std::string> out;
  const size_t end = raw.find("\r\n\r\n");
  const std::string head = raw.substr(0, end);
  size_t start = head.find("\r\n");
  while (start != std::string::npos && start < head.size()) {
    start += 2;
    size_t next = head.find("\r\n", start);
    out.push_back(head.substr(start, next == std::string::npos ? std::string::npos : next - start));
    start = next;
  }
  return out;
}

void expect_clean_headers(const std::string& raw) {
  ASSERT_FALSE(raw.empty()) << "no answer at all";
  EXPECT_EQ(raw.rfind("HTTP/1.1 ", 0), 0u) << raw.substr(0, 200);
  const int status = std::atoi(raw.substr(9, 3).c_str());
  EXPECT_LT(status, 500) << raw.substr(0, 300);
  static const std::regex kHeader(R"(^[A-Za-z0-9-]+: [^\r\n]*$)");
  for (const std::string& line : header_lines(raw)) {
    EXPECT_TRUE(std::regex_match(line, kHeader)) << "malformed header line: " << line;
    std::string lower = line;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(lower.find("evil"), std::string::npos) << "an injected header came back: " << line;
    if (lower.rfind("x-request-id: ", 0) == 0) {
      static const std::regex kId(R"(^[A-Za-z0-9_-]{1,64}$)");
      EXPECT_TRUE(std::regex_match(line.substr(14), kId)) << line;
    }
  }
}

TEST_P(InjectionOn, NothingSplitsAResponseHeader) {
  World w(GetParam());
  const uint16_t port = w.server().port();
  const std::string auth = "Authorization: Bearer " + w.token(Who::kAdministrator) + "\r\n";
  const std::string tail = "Connection: close\r\n\r\n";
  const std::string requests[] = {
      // CR, LF, CRLF and obs-fold inside X-Request-Id
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: abc\rSet-Cookie: evil=1\r\n" + tail,
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: abc\nSet-Cookie: evil=1\r\n" + tail,
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: abc\r\n Set-Cookie: evil=1\r\n" + tail,
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: abc%0d%0aSet-Cookie:%20evil=1\r\n" + tail,
      // encoded CR/LF in paths and queries that name records
      "GET /api/v1/cases/TST%0d%0aSet-Cookie:%20evil=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + tail,
      "GET /api/v1/customers/1%0d%0aSet-Cookie:%20evil=1/subject-access HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + tail,
      "GET /api/v1/customers/" + std::to_string(w.customer) +
          "/subject-access?format=html%0d%0aSet-Cookie:%20evil=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + tail,
      "GET /api/v1/exports/cases.csv?category=x%0d%0aSet-Cookie:%20evil=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth +
          tail,
      "GET /api/v1/services/x%0d%0aSet-Cookie:%20evil=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + tail,
      "DELETE /api/v1/api-tokens/x%0d%0aSet-Cookie:%20evil=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth + tail,
      // a Host that tries the same
      "GET /api/v1/services HTTP/1.1\r\nHost: 127.0.0.1%0d%0aSet-Cookie:%20evil=1\r\n" + tail,
  };
  for (const std::string& req : requests) {
    SCOPED_TRACE(req.substr(0, req.find("HTTP/1.1")) + " / " + req.substr(req.find("\r\n") + 2, 80));
    expect_clean_headers(testing::raw_exchange(port, req));
  }

  // Values the server puts in Location and Content-Disposition are its own.
  const std::string nasty = "Line one\r\nSet-Cookie: evil=1\r\nLocation: http://evil.example/";
  const HttpResult made = w.request(Who::kAdvisor, "POST", "/api/v1/cases",
                                    nlohmann::json{{"category", "general"}, {"title", "Header test"},
                                                   {"description", nasty}}
                                        .dump());
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_TRUE(std::regex_match(made.header("location"), std::regex(R"(^/api/v1/cases/[A-Z]+-[0-9]+$)")))
      << made.header("location");
  EXPECT_EQ(json_field(made.body, "description"), nasty) << "stored verbatim";
  for (const auto& [name, value] : made.headers) EXPECT_EQ(value.find("evil"), std::string::npos) << name;
  const HttpResult sar = w.request(Who::kAdministrator, "GET",
                                   "/api/v1/customers/" + std::to_string(w.customer) + "/subject-access");
  ASSERT_EQ(sar.status, 200);
  EXPECT_EQ(sar.header("content-disposition"),
            "inline; filename=\"subject-access-" + std::to_string(w.customer) + ".json\"");
}

// ---- malformed credentials ----------------------------------------------------------------

TEST_P(InjectionOn, MalformedOrOversizedCredentialsAreRefusedCleanly) {
  World w(GetParam());
  const std::string totals = w.render_totals();
  const std::string real = w.token(Who::kAdministrator);
  const std::vector<std::string> authorizations = {
      "Authorization: ",
      "Authorization: Bearer",
      "Authorization: Bearer ",
      "Authorization: Bearer      ",
      "Authorization: Basic YWRtaW46YWRtaW4=",
      "Authorization: Digest username=\"admin\"",
      "Authorization: bearer' OR '1'='1",
      "Authorization: Bearer ' OR '1'='1",
      "Authorization: Bearer " + real + "' --",
      "Authorization: Bearer " + real + " " + real,
      "Authorization: Bearer " + real.substr(0, real.size() / 2),
      "Authorization: Bearer \x01\x02\x7f",
      "Authorization: Bearer \xff\xfe\xfd",
      "Authorization: Bearer " + std::string(300, 'A'),
      "Authorization: Bearer " + std::string(8000, 'A'),
      "Authorization: Bearer " + real + std::string(300, 'A'),
      "Authorization: " + std::string(8000, 'B'),
  };
  const std::vector<std::string> cookies = {
      "Cookie: ",
      "Cookie: civicdesk_session",
      "Cookie: civicdesk_session=",
      "Cookie: ;;;;====;;;;",
      "Cookie: civicdesk_session=\"quoted\"",
      "Cookie: civicdesk_session=' OR '1'='1",
      "Cookie: civicdesk_session=a; civicdesk_session=b",
      "Cookie: civicdesk_session=\xff\xfe",
      "Cookie: civicdesk_session=" + std::string(8000, 'x'),
      "Cookie: " + std::string(8000, ';'),
  };
  auto ask = [&](const std::string& header, const std::string& method, const std::string& target,
                 const std::vector<int>& allowed) {
    SCOPED_TRACE(method + " " + target + " with " + header.substr(0, 60) + (header.size() > 60 ? "..." : ""));
    std::vector<std::string> headers = {header};
    std::string body;
    if (method == "POST") {
      headers.push_back("Content-Type: application/json");
      body = R"({"category": "general", "description": "With bad credentials"})";
    }
    const HttpResult r = testing::http_request(w.server().port(), method, target, body, headers);
    ASSERT_GT(r.status, 0) << "no answer: " << r.body;
    EXPECT_TRUE(std::find(allowed.begin(), allowed.end(), r.status) != allowed.end()) << r.status << " " << r.body;
    EXPECT_LT(r.status, 500);
  };
  for (const auto& h : authorizations) {
    ask(h, "GET", "/api/v1/cases", {401, 400});
    ask(h, "POST", "/api/v1/cases", {401, 400});
    ask(h, "GET", "/api/v1/services", {401, 400, 200});  // public, but not with bad credentials
  }
  for (const auto& h : cookies) {
    ask(h, "GET", "/api/v1/cases", {401, 400});
    ask(h, "POST", "/api/v1/cases", {401, 400, 403});
    ask(h, "GET", "/api/v1/services", {200, 400, 401});
  }
  // Beyond the server's header limit: 431, never a crash or a hang.
  for (const std::string& h : {"Authorization: Bearer " + std::string(40000, 'A'),
                               "Cookie: civicdesk_session=" + std::string(40000, 'x')}) {
    const HttpResult r = testing::http_request(w.server().port(), "GET", "/api/v1/cases", "", {h});
    EXPECT_TRUE(r.status == 431 || r.status == 400) << r.status << " " << r.body.substr(0, 200);
  }
  // A made-up bearer is refused even on a route anonymous callers may use.
  const HttpResult fake = testing::http_request(w.server().port(), "GET", "/api/v1/services", "",
                                                {"Authorization: Bearer cdk_madeup"});
  EXPECT_EQ(fake.status, 401);
  EXPECT_EQ(w.render_totals(), totals) << "a request with bad credentials changed something";
  EXPECT_EQ(w.request(Who::kAdministrator, "GET", "/api/v1/session").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, InjectionOn, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk::security
