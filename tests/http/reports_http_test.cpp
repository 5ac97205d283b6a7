// GET /api/v1/reports/...: every report in every format through the real
// server on each backend, who may ask, and bad parameters. Enquiries are
// written straight into the store (the tables themselves are checked in
// detail by tests/app/reports_test.cpp).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <cstring>

#include "app/reports.h"
#include "support/test_server.h"

namespace civicdesk::testing {
namespace {

using nlohmann::json;

// The uncompressed contents of `entry` in a zip archive (central directory
// read, deflate or stored), or nullopt.
std::optional<std::string> unzip_entry(const std::string& zip, const std::string& entry) {
  auto u16 = [&](size_t at) -> uint32_t {
    return at + 2 <= zip.size() ? static_cast<uint8_t>(zip[at]) | static_cast<uint8_t>(zip[at + 1]) << 8 : 0;
  };
  auto u32 = [&](size_t at) -> uint32_t { return u16(at) | u16(at + 2) << 16; };
  if (zip.size() < 22) return std::nullopt;
  size_t eocd = zip.size() - 22;
  while (eocd > 0 && u32(eocd) != 0x06054b50) --eocd;
  if (u32(eocd) != 0x06054b50) return std::nullopt;
  size_t p = u32(eocd + 16);
  for (uint32_t n = u16(eocd + 10); n > 0 && u32(p) == 0x02014b50; --n) {
    const uint32_t method = u16(p + 10), csize = u32(p + 20), usize = u32(p + 24);
    const uint32_t name_len = u16(p + 28), extra_len = u16(p + 30), comment_len = u16(p + 32);
    const uint32_t local = u32(p + 42);
    const std::string name = zip.substr(p + 46, name_len);
    p += 46 + name_len + extra_len + comment_len;
    if (name != entry) continue;
    const size_t data = local + 30 + u16(local + 26) + u16(local + 28);
    if (data + csize > zip.size()) return std::nullopt;
    if (method == 0) return zip.substr(data, csize);
    std::string out(usize, '\0');
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return std::nullopt;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
    z.avail_in = csize;
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = usize;
    const int rc = inflate(&z, Z_FINISH);
    inflateEnd(&z);
    if (rc != Z_STREAM_END) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

class ReportsHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  ReportsHttpTest() : server_(GetParam()) {
    enquiry("1", "street-scene", "2015-12-18T10:00:00Z", "2015-12-29T16:00:00Z");  // due 29 Dec, met
    enquiry("2", "highways", "2015-12-19T10:00:00Z", "2015-12-31T10:00:00Z");      // due 30 Dec, missed
    enquiry("3", "street-scene", "2015-11-20T10:00:00Z", nullptr);                 // due 27 Nov, open
  }

  void enquiry(const std::string& n, const std::string& du, const char* received, const char* closed) {
    const SmallCouncil& council = server_.council();
    auto cat = server_.services().catalogue.snapshot(council.ctx(at(received)));
    ASSERT_TRUE(cat.ok());
    Case c;
    c.reference = "TST-R" + n;
    c.type = CaseType::kMemberEnquiry;
    c.category = "general";
    c.delivery_unit = du;
    c.title = "Enquiry <" + n + ">";
    c.description = "About it";
    c.sla.code = "member_enquiry";
    c.sla.resolve_days = 5;
    c.sla.pausable = false;
    c.received_at = at(received);
    c.clock = start_clock(c.sla, (*cat)->council_calendar, c.received_at);
    if (closed) {
      c.closed_at = at(closed);
      c.status = CaseStatus::kClosed;
      c.outcome = CaseOutcome::kResolved;
    }
    c.created_at = c.updated_at = c.received_at;
    auto id = server_.db().store().write_value<Id>([&](Tx& tx) { return tx.insert_case(council.tenant, c); });
    ASSERT_TRUE(id.ok()) << id.error().message;
  }

  HttpResult get(const std::string& target, Role role = Role::kManager) {
    return server_.get(target, {server_.auth(role)});
  }

  TestServer server_;
};

TEST_P(ReportsHttpTest, MonthlyCsvIsTheCommitteeTable) {
  HttpResult res = get("/api/v1/reports/me-monthly?from=2015-11&to=2015-12&format=csv");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(res.header("content-disposition"), "attachment; filename=\"me-monthly_2015-11_2015-12.csv\"");
  EXPECT_EQ(res.body,
            "Month,Items due,Closed in 5 days,% Closed in 5 days,Not closed in 5 days,% Not closed in 5 days,"
            "Delay advised,% Delay advised,Responded to in 5 days,% Responded to in 5 days\r\n"
            "2015-11,1,0,0.0,1,100.0,0,0.0,0,0.0\r\n"
            "2015-12,2,1,50.0,1,50.0,0,0.0,1,50.0\r\n"
            "Total,3,1,33.3,2,66.7,0,0.0,1,33.3\r\n");
}

TEST_P(ReportsHttpTest, JsonIsTheDefault) {
  HttpResult res = get("/api/v1/reports/me-ageing?at=2015-12-01");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("content-type").rfind("application/json", 0), 0u) << res.header("content-type");
  json j = json::parse(res.body);
  EXPECT_EQ(j["report"], "me-ageing");
  EXPECT_EQ(j["parameters"]["at"], "2015-12-01");
  ASSERT_EQ(j["rows"].size(), 2u) << res.body;
  EXPECT_EQ(j["rows"][0]["Delivery unit"], "Street Scene");
  EXPECT_EQ(j["rows"][0]["10 to 19 days"], 1);  // received 20 Nov: 11 days old on 1 Dec
  EXPECT_EQ(j["rows"][1]["Delivery unit"], "Total");
}

TEST_P(ReportsHttpTest, XlsxIsARealSpreadsheet) {
  HttpResult res = get("/api/v1/reports/me-quarterly?from=2015-10&to=2015-12&format=xlsx");
  ASSERT_EQ(res.status, 200) << res.body.substr(0, 300);
  EXPECT_EQ(res.header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(res.header("content-disposition"), "attachment; filename=\"me-quarterly_2015-10_2015-12.xlsx\"");
  ASSERT_EQ(res.body.substr(0, 2), "PK");
  auto sheet = unzip_entry(res.body, "xl/worksheets/sheet1.xml");
  ASSERT_TRUE(sheet.has_value()) << "no readable sheet1.xml in the workbook";
  for (const char* cell : {"Delivery unit", "Quarter", "Items due", "Closed in 5 days", "% Closed in 5 days",
                           "2015/16 Q3", "Street Scene", "Highways", "Total"})
    EXPECT_NE(sheet->find(std::string(">") + cell + "<"), std::string::npos) << cell << " in " << sheet->substr(0, 2000);
  EXPECT_TRUE(unzip_entry(res.body, "xl/workbook.xml").has_value());
  EXPECT_TRUE(unzip_entry(res.body, "[Content_Types].xml").has_value());
}

TEST_P(ReportsHttpTest, HtmlHasAnEscapedTableAndAnSvgChart) {
  // A delivery unit whose name needs escaping.
  auto ctx = server_.council().ctx(at("2016-03-01T10:00:00Z"));
  ASSERT_TRUE(server_.services().catalogue.put_delivery_unit(ctx, {"highways", "Roads <&> \"Pavements\"", "", true}).ok());
  HttpResult res = get("/api/v1/reports/me-overdue?at=2016-01-05&format=html");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(res.header("content-security-policy"), "");
  EXPECT_NE(res.body.find("<svg"), std::string::npos);
  EXPECT_NE(res.body.find("<rect"), std::string::npos);
  EXPECT_EQ(res.body.find("style="), std::string::npos);
  EXPECT_EQ(res.body.find("<script"), std::string::npos);
  EXPECT_NE(res.body.find("<th scope=\"col\">Working days overdue</th>"), std::string::npos);
  EXPECT_NE(res.body.find("TST-R3"), std::string::npos) << res.body;
  HttpResult hw = get("/api/v1/reports/me-monthly?from=2015-12&to=2015-12&format=html");
  ASSERT_EQ(hw.status, 200);
  HttpResult q = get("/api/v1/reports/me-quarterly?from=2015-10&to=2015-12&format=html");
  ASSERT_EQ(q.status, 200);
  EXPECT_NE(q.body.find("Roads &lt;&amp;&gt; &quot;Pavements&quot;"), std::string::npos) << q.body;
  EXPECT_EQ(q.body.find("Roads <&>"), std::string::npos);
}

TEST_P(ReportsHttpTest, EveryReportAnswersInEveryFormat) {
  for (const ReportDefinition& def : report_definitions()) {
    const std::string base = "/api/v1/reports/" + std::string(def.name) +
                             (def.input == ReportInput::kDay ? "?at=2016-01-05" : "?from=2015-10&to=2016-03");
    for (const char* format : {"json", "csv", "xlsx", "html"}) {
      HttpResult res = get(base + "&format=" + format);
      EXPECT_EQ(res.status, 200) << base << " " << format << ": " << res.body.substr(0, 300);
    }
  }
}

TEST_P(ReportsHttpTest, LeadsAndUpMayAskOthersMayNot) {
  const std::string t = "/api/v1/reports/me-monthly?from=2015-12&to=2015-12&format=csv";
  EXPECT_EQ(get(t, Role::kLead).status, 200);
  EXPECT_EQ(get(t, Role::kManager).status, 200);
  EXPECT_EQ(get(t, Role::kAdministrator).status, 200);
  for (Role r : {Role::kAdvisor, Role::kOfficer, Role::kCouncillor, Role::kResident}) {
    HttpResult res = get(t, r);
    EXPECT_EQ(res.status, 403) << to_string(r);
    EXPECT_EQ(json::parse(res.body, nullptr, false).value("code", ""), "permission_denied") << res.body;
  }
  EXPECT_EQ(server_.get(t, {"X-Anonymous: 1"}).status, 401);
  // The lead works in Street Scene: only its enquiry due in December counts.
  HttpResult lead = get(t, Role::kLead);
  EXPECT_NE(lead.body.find("\r\n2015-12,1,1,100.0,"), std::string::npos) << lead.body;
}

TEST_P(ReportsHttpTest, BadParametersAre400sNamingThem) {
  auto field = [&](const std::string& target) -> std::string {
    HttpResult res = get(target);
    json j = json::parse(res.body, nullptr, false);
    return std::to_string(res.status) + " " + (j.is_object() ? j.value("code", "") + " " + j.value("field", "") : "");
  };
  EXPECT_EQ(field("/api/v1/reports/me-monthly?from=2015-13&to=2015-12"), "400 invalid_query from");
  EXPECT_EQ(field("/api/v1/reports/me-monthly?from=2015-06&to=2015-05"), "400 invalid_query to");
  EXPECT_EQ(field("/api/v1/reports/me-monthly?from=2000-01&to=2015-12"), "400 invalid_query to");
  EXPECT_EQ(field("/api/v1/reports/me-monthly?from=2015-01"), "400 invalid_query to");
  EXPECT_EQ(field("/api/v1/reports/me-monthly?from=2015-01&to=2015-02&format=pdf"), "400 invalid_query format");
  EXPECT_EQ(field("/api/v1/reports/me-monthly?from=2015-01&to=2015-02&at=2015-01-01"), "400 invalid_query at");
  EXPECT_EQ(field("/api/v1/reports/me-ageing?at=2015-02-30"), "400 invalid_query at");
  EXPECT_EQ(field("/api/v1/reports/me-ageing"), "400 invalid_query at");
  EXPECT_EQ(field("/api/v1/reports/me-nothing?at=2015-02-03"), "404 not_found ");
  // Refused before anything is read, whoever asks.
  EXPECT_EQ(get("/api/v1/reports/me-monthly?from=2015-13&to=2015-12", Role::kAdvisor).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportsHttpTest, ::testing::ValuesIn(test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk::testing
