// The Members' Enquiries report definitions (domain/me_report.h): periods,
// quarter labels, exact half-up percentages and the tables built from
// counts, compared as whole CSV text.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/me_report.h"
#include "domain_test_util.h"

namespace civicdesk::report {
namespace {

using civicdesk::testing::D;
using civicdesk::testing::ew_calendar;

std::string pct(int64_t count, int64_t total) {
  auto p = percent_tenths(count, total);
  return p ? Cell::tenths(*p).display() : "empty";
}

TEST(MeReportPercent, PublishedJanuary2015Example) {
  // 298 due, 220 closed, 78 not closed, 64 delay advised, 284 responded.
  EXPECT_EQ(pct(220, 298), "73.8");
  EXPECT_EQ(pct(78, 298), "26.2");
  EXPECT_EQ(pct(64, 298), "21.5");
  EXPECT_EQ(pct(284, 298), "95.3");
}

TEST(MeReportPercent, HalfUpOnExactFives) {
  // 1/8 = 12.5% exactly -> 12.5; 1/16 = 6.25% -> 6.3 (half up, not to even);
  // 1/80 = 1.25% -> 1.3; 3/80 = 3.75% -> 3.8; 1/400 = 0.25% -> 0.3.
  EXPECT_EQ(pct(1, 8), "12.5");
  EXPECT_EQ(pct(1, 16), "6.3");
  EXPECT_EQ(pct(1, 80), "1.3");
  EXPECT_EQ(pct(3, 80), "3.8");
  EXPECT_EQ(pct(1, 400), "0.3");
  EXPECT_EQ(pct(7, 2000), "0.4");  // 0.35 -> 0.4 (0.35 is not exact in binary floating point)
  // Just under a half rounds down: 1/3 = 33.333 -> 33.3; 2/3 = 66.667 -> 66.7.
  EXPECT_EQ(pct(1, 3), "33.3");
  EXPECT_EQ(pct(2, 3), "66.7");
  EXPECT_EQ(pct(0, 5), "0.0");
  EXPECT_EQ(pct(5, 5), "100.0");
}

TEST(MeReportPercent, EmptyWhenNothingDue) {
  EXPECT_EQ(pct(0, 0), "empty");
  EXPECT_EQ(percent_cell(0, 0).kind, Cell::Kind::kEmpty);
}

TEST(MeReportPeriods, MonthsParseStrictly) {
  EXPECT_EQ(format_month(*parse_month("2015-01", "from")), "2015-01");
  for (const char* bad : {"2015-13", "2015-00", "2015-1", "15-01", "2015/01", "2015-01-01", "", "abcd-ef", "1989-12",
                          "2101-01"}) {
    auto m = parse_month(bad, "from");
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.error().code, ErrorCode::kInvalidQuery);
    EXPECT_EQ(m.error().field, "from");
  }
  EXPECT_EQ(format_date(last_day(Month{2016, 2})), "2016-02-29");
  EXPECT_EQ(format_date(last_day(Month{2015, 12})), "2015-12-31");
  EXPECT_EQ(format_month(next_month(Month{2015, 12})), "2016-01");
}

TEST(MeReportPeriods, RangesAreOrderedAndCapped) {
  auto r = parse_month_range("2015-01", "2015-12");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->months(), 12);
  auto reversed = parse_month_range("2015-06", "2015-05");
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.error().field, "to");
  EXPECT_TRUE(parse_month_range("2011-01", "2015-12").ok());  // 60 months
  auto too_long = parse_month_range("2010-12", "2015-12");     // 61
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().field, "to");
  auto bad_from = parse_month_range("2015-13", "2015-12");
  ASSERT_FALSE(bad_from.ok());
  EXPECT_EQ(bad_from.error().field, "from");
}

TEST(MeReportPeriods, FinancialQuarters) {
  EXPECT_EQ(quarter_label(quarter_of(Month{2015, 4})), "2015/16 Q1");
  EXPECT_EQ(quarter_label(quarter_of(Month{2015, 6})), "2015/16 Q1");
  EXPECT_EQ(quarter_label(quarter_of(Month{2015, 7})), "2015/16 Q2");
  EXPECT_EQ(quarter_label(quarter_of(Month{2015, 12})), "2015/16 Q3");
  EXPECT_EQ(quarter_label(quarter_of(Month{2016, 1})), "2015/16 Q4");
  EXPECT_EQ(quarter_label(quarter_of(Month{2016, 3})), "2015/16 Q4");
  EXPECT_EQ(quarter_label(quarter_of(Month{2000, 2})), "1999/00 Q4");
  EXPECT_EQ(format_month(first_month(Quarter{2015, 4})), "2016-01");
  EXPECT_EQ(format_month(last_month(Quarter{2015, 2})), "2015-09");
}

TEST(MeReportPeriods, QuarterlyRangesWidenToWholeQuarters) {
  auto show = [](const char* from, const char* to) -> std::string {
    auto r = parse_quarter_range(from, to);
    if (!r) return "error " + r.error().field;
    return format_month(r->from) + ".." + format_month(r->to);
  };
  EXPECT_EQ(show("2015-04", "2016-03"), "2015-04..2016-03");
  EXPECT_EQ(show("2015-05", "2015-08"), "2015-04..2015-09");
  EXPECT_EQ(show("2016-01", "2016-01"), "2016-01..2016-03");
  EXPECT_EQ(show("2016-02", "2016-04"), "2016-01..2016-06");
  EXPECT_EQ(show("2016-04", "2016-03"), "error to");
  EXPECT_EQ(show("2015-13", "2016-03"), "error from");
  EXPECT_EQ(show("2011-04", "2016-03"), "2011-04..2016-03");  // 60 months
  EXPECT_EQ(show("2011-03", "2016-03"), "error to");          // widened to 2011-01: 63 months
}

TEST(MeReportTables, MonthlyListsEveryMonthAndTotals) {
  MonthRange r = *parse_month_range("2015-01", "2015-03");
  std::vector<DueCounts> counts = {
      {Month{2015, 1}, "re", 200, 150, 40},
      {Month{2015, 1}, "parking", 98, 70, 24},  // January: 298 / 220 / 64, the published figures
      {Month{2015, 3}, "re", 3, 1, 1},
      {Month{2015, 4}, "re", 9, 9, 0},  // outside the range: ignored
  };
  EXPECT_EQ(render_csv(me_monthly_table(r, counts)),
            "Month,Items due,Closed in 5 days,% Closed in 5 days,Not closed in 5 days,% Not closed in 5 days,"
            "Delay advised,% Delay advised,Responded to in 5 days,% Responded to in 5 days\r\n"
            "2015-01,298,220,73.8,78,26.2,64,21.5,284,95.3\r\n"
            "2015-02,0,0,,0,,0,,0,\r\n"
            "2015-03,3,1,33.3,2,66.7,1,33.3,2,66.7\r\n"
            "Total,301,221,73.4,80,26.6,65,21.6,286,95.0\r\n");
}

TEST(MeReportTables, AgeingSortsByNameIgnoringCaseAndSumsOverTen) {
  std::vector<AgeingCounts> counts = {
      {"ss", {1, 2, 0, 0, 4}},
      {"acs", {3, 0, 1, 0, 0}},
      {"bh", {0, 0, 0, 0, 0}},  // nothing open: no row
      {"zz", {0, 1, 0, 0, 0}},
  };
  UnitNames names = {{"ss", "Street Scene"}, {"acs", "adults & Communities"}, {"bh", "Barnet Homes"}};
  EXPECT_EQ(render_csv(me_ageing_table(D(2015, 6, 30), counts, names)),
            "Delivery unit,Less than 10 days,10 to 19 days,20 to 29 days,30 to 39 days,40+ days,Total over 10 days\r\n"
            "adults & Communities,3,0,1,0,0,1\r\n"
            "Street Scene,1,2,0,0,4,6\r\n"
            "zz,0,1,0,0,0,1\r\n"
            "Total,4,3,1,0,4,8\r\n");
  const AgeingBounds b = ageing_bounds(D(2015, 6, 30));
  EXPECT_EQ(format_date(b.oldest[0]), "2015-06-21");  // 9 days old: the youngest band's oldest
  EXPECT_EQ(format_date(b.oldest[3]), "2015-05-22");  // 39 days old
}

TEST(MeReportTables, QuarterlyByQuarterThenName) {
  MonthRange r = *parse_quarter_range("2015-04", "2015-09");
  std::vector<DueCounts> counts = {
      {Month{2015, 4}, "ss", 10, 9, 0},  {Month{2015, 5}, "ss", 10, 8, 1}, {Month{2015, 7}, "ss", 4, 1, 0},
      {Month{2015, 6}, "acs", 3, 3, 0},  {Month{2015, 8}, "acs", 0, 0, 0},
  };
  UnitNames names = {{"ss", "Street Scene"}, {"acs", "Adults & Communities"}};
  EXPECT_EQ(render_csv(me_quarterly_table(r, counts, names)),
            "Delivery unit,Quarter,Items due,Closed in 5 days,% Closed in 5 days\r\n"
            "Adults & Communities,2015/16 Q1,3,3,100.0\r\n"
            "Street Scene,2015/16 Q1,20,17,85.0\r\n"
            "Street Scene,2015/16 Q2,4,1,25.0\r\n"
            "Total,,27,21,77.8\r\n");
}

TEST(MeReportTables, MisdirectedMedianAndMaximumHours) {
  MonthRange r = *parse_month_range("2015-01", "2015-01");
  // Street Scene: 1 h, 2 h, 4 h -> median 2.0, max 4.0. Parking: 30 min and
  // 1 h 15 min -> median 52.5 min = 0.875 h -> 0.9; max 1.25 h -> 1.3.
  std::vector<MisdirectedItem> items = {{"ss", 3600}, {"ss", 14400}, {"ss", 7200}, {"pk", 1800}, {"pk", 4500}};
  EXPECT_EQ(render_csv(me_misdirected_table(r, items, {{"ss", "Street Scene"}, {"pk", "Parking"}})),
            "Delivery unit,Misdirected,Median hours to send back,Maximum hours to send back\r\n"
            "Parking,2,0.9,1.3\r\n"
            "Street Scene,3,2.0,4.0\r\n"
            "Total,5,1.3,4.0\r\n");
}

TEST(MeReportTables, DaysToCloseCountsWorkingDaysFromTheStartDay) {
  const WorkingCalendar& cal = ew_calendar();
  // Received Friday 18 Dec 2015: start 18th; closed Tue 29th = 5 working
  // days (25th and 28th are bank holidays). Received Saturday 19th: start
  // Monday 21st; closed 21st = 0; closed 30th = 5.
  EXPECT_EQ(working_days_to_close(cal, D(2015, 12, 18), D(2015, 12, 29)), 5);
  EXPECT_EQ(working_days_to_close(cal, D(2015, 12, 19), D(2015, 12, 21)), 0);
  EXPECT_EQ(working_days_to_close(cal, D(2015, 12, 19), D(2015, 12, 19)), 0);
  EXPECT_EQ(working_days_to_close(cal, D(2015, 12, 19), D(2015, 12, 30)), 5);
  // (24th, 29th]: 25th and 28th bank holidays, 26th-27th the weekend: only the 29th.
  EXPECT_EQ(working_days_overdue(cal, D(2015, 12, 24), D(2015, 12, 29)), 1);
  EXPECT_EQ(working_days_overdue(cal, D(2015, 12, 24), D(2015, 12, 30)), 2);
  EXPECT_EQ(working_days_overdue(cal, D(2015, 12, 24), D(2015, 12, 24)), 0);
  MonthRange r = *parse_month_range("2015-12", "2016-01");
  std::vector<ClosurePair> pairs = {{"ss", D(2015, 12, 18), D(2015, 12, 29), 2},
                                    {"ss", D(2015, 12, 1), D(2016, 1, 29), 1},
                                    {"pk", D(2015, 12, 19), D(2015, 12, 21), 1}};
  EXPECT_EQ(render_csv(me_days_to_close_table(r, pairs, {{"ss", "Street Scene"}, {"pk", "Parking"}}, cal)),
            "Delivery unit,Closed,0 to 5 days,6 to 10 days,11 to 20 days,21 to 40 days,Over 40 days,Median days\r\n"
            "Parking,1,1,0,0,0,0,0.0\r\n"
            "Street Scene,3,2,0,0,1,0,5.0\r\n"
            "Total,4,3,0,0,1,0,5.0\r\n");
}

TEST(MeReportTables, OverdueByUnitNameIgnoringCaseThenCodeThenDueThenReference) {
  const WorkingCalendar& cal = ew_calendar();
  // "parks" and "Parks" are one name ignoring case, so the exact name
  // decides ("Parks" < "parks"); "pk1" and "pk2" share the name "Parks" and
  // are kept apart by code; a code without a name shows as the code.
  const UnitNames names = {{"pk1", "Parks"}, {"pk2", "Parks"}, {"lo", "parks"}, {"hw", "Highways"}};
  std::vector<OverdueItem> items = {
      {"R-10", "lo", D(2015, 12, 1), D(2015, 12, 8)},   {"R-2", "pk2", D(2015, 12, 1), D(2015, 12, 8)},
      {"R-1", "pk1", D(2015, 12, 2), D(2015, 12, 9)},   {"R-3", "pk1", D(2015, 12, 1), D(2015, 12, 8)},
      {"R-20", "pk1", D(2015, 12, 1), D(2015, 12, 8)},  {"R-5", "hw", D(2015, 12, 21), D(2015, 12, 24)},
      {"R-4", "zz", D(2015, 12, 1), D(2015, 12, 8)},    {"R-6", "HW", D(2015, 12, 1), D(2015, 12, 8)},
  };
  EXPECT_EQ(render_csv(me_overdue_table(D(2015, 12, 30), items, names, cal)),
            "Delivery unit,Reference,Received,Due,Working days overdue\r\n"
            "Highways,R-5,2015-12-21,2015-12-24,2\r\n"
            "HW,R-6,2015-12-01,2015-12-08,14\r\n"
            "Parks,R-20,2015-12-01,2015-12-08,14\r\n"
            "Parks,R-3,2015-12-01,2015-12-08,14\r\n"
            "Parks,R-1,2015-12-02,2015-12-09,13\r\n"
            "Parks,R-2,2015-12-01,2015-12-08,14\r\n"
            "parks,R-10,2015-12-01,2015-12-08,14\r\n"
            "zz,R-4,2015-12-01,2015-12-08,14\r\n");
  EXPECT_EQ(render_csv(me_overdue_table(D(2015, 12, 30), {}, names, cal)),
            "Delivery unit,Reference,Received,Due,Working days overdue\r\n");
}

TEST(MeReportTables, JsonNumbersAsCsvShowsThem) {
  ReportTable t;
  t.name = "n";
  t.columns = {"a", "b", "c", "d", "e"};
  t.rows = {{Cell::integer(-42), Cell::tenths(-5), Cell::tenths(738), Cell::integer(INT64_MIN), Cell::tenths(0)}};
  EXPECT_EQ(render_json(t),
            "{\"report\":\"n\",\"title\":\"\",\"parameters\":{},\"columns\":[\"a\",\"b\",\"c\",\"d\",\"e\"],"
            "\"rows\":[{\"a\":-42,\"b\":-0.5,\"c\":73.8,\"d\":-9223372036854775808,\"e\":0.0}]}");
}

TEST(MeReportTables, JsonHasTypedCells) {
  MonthRange r = *parse_month_range("2015-01", "2015-01");
  std::string json = render_json(me_monthly_table(r, {{Month{2015, 1}, "re", 298, 220, 64}}));
  EXPECT_NE(json.find("\"report\":\"me-monthly\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"Month\":\"2015-01\",\"Items due\":298,\"Closed in 5 days\":220,\"% Closed in 5 days\":73.8"),
            std::string::npos)
      << json;
  std::string empty = render_json(me_monthly_table(r, {}));
  EXPECT_NE(empty.find("\"% Closed in 5 days\":null"), std::string::npos) << empty;
}

TEST(MeReportTables, JsonEscapesTextAndParses) {
  std::vector<AgeingCounts> counts = {{"x", {1, 0, 0, 0, 0}}};
  const std::string name = "Quote \" back\\slash\nnew line\ttab \x01 caf\xc3\xa9";
  std::string text = render_json(me_ageing_table(D(2015, 6, 30), counts, {{"x", name}}));
  auto j = nlohmann::json::parse(text, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << text;
  EXPECT_EQ(j["rows"][0]["Delivery unit"], name);
  EXPECT_EQ(j["rows"][0]["Less than 10 days"], 1);
  EXPECT_EQ(j["parameters"]["at"], "2015-06-30");
  EXPECT_NE(text.find("\\u0001"), std::string::npos) << text;
}

TEST(MeReportTables, CsvNeutralisesFormulaLikeNames) {
  std::vector<AgeingCounts> counts = {{"x", {1, 0, 0, 0, 0}}};
  std::string csv = render_csv(me_ageing_table(D(2015, 6, 30), counts, {{"x", "=HYPERLINK(\"evil\")"}}));
  EXPECT_NE(csv.find("\"'=HYPERLINK(\"\"evil\"\")\""), std::string::npos) << csv;
}

}  // namespace
}  // namespace civicdesk::report
