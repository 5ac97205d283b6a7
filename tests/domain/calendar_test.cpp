// calendar.h: the GOV.UK bank-holidays parser and WorkingCalendar, checked
// against hand-derived dates and, property-style, against the naive
// day-by-day reference in domain_test_util.h.
#include "domain/calendar.h"

#include <algorithm>
#include <map>
#include <random>

#include "domain_test_util.h"

namespace civicdesk {
namespace {

using namespace std::chrono;
using testing::D;
using testing::NaiveCalendar;
using testing::show;

std::vector<LocalDate> dates_of(const std::vector<BankHoliday>& hs, Division division) {
  std::vector<LocalDate> out;
  for (const auto& h : hs)
    if (h.division == division) out.push_back(h.date);
  return out;
}

// --- parse_bank_holidays: the bundled file -----------------------------------

TEST(BankHolidayFile, ParsesTheBundledGovUkFile) {
  const auto& hs = testing::bundled_holidays();
  ASSERT_EQ(hs.size(), 107u);  // england-and-wales 2015-2027
  EXPECT_EQ(hs.front().date, D(2015, 1, 1));
  EXPECT_EQ(hs.front().title, "New Year\u2019s Day");
  EXPECT_EQ(hs.back().date, D(2027, 12, 28));
  for (const auto& h : hs) EXPECT_EQ(h.division, Division::kEnglandAndWales);
  EXPECT_TRUE(std::is_sorted(hs.begin(), hs.end(),
                             [](const auto& a, const auto& b) { return a.date < b.date; }));
  const BankHoliday boxing{Division::kEnglandAndWales, D(2015, 12, 28), "Boxing Day", "Substitute day"};
  EXPECT_NE(std::find(hs.begin(), hs.end(), boxing), hs.end());
}

// England and Wales bank holidays from the Banking and Financial Dealings Act
// rules plus the proclaimed changes of 2020, 2022 and 2023.
LocalDate easter_sunday(int y) {  // anonymous Gregorian algorithm
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25,
            g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4,
            l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return D(y, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

bool weekend(LocalDate d) { return iso_weekday(d) >= 6; }

std::set<LocalDate> ew_rule_holidays(int y) {
  std::set<LocalDate> out;
  auto substitute = [&](LocalDate d) {  // weekend or taken -> next free weekday
    while (weekend(d) || out.count(d)) d += days{1};
    out.insert(d);
  };
  substitute(D(y, 1, 1));
  out.insert(easter_sunday(y) - days{2});
  out.insert(easter_sunday(y) + days{1});
  LocalDate early_may = sys_days{year{y} / May / Monday[1]};
  LocalDate spring = sys_days{year{y} / May / Monday[last]};
  if (y == 2020) early_may = D(2020, 5, 8);  // VE Day 75
  if (y == 2022) spring = D(2022, 6, 2);     // moved for the Platinum Jubilee
  out.insert(early_may);
  out.insert(spring);
  out.insert(sys_days{year{y} / August / Monday[last]});
  substitute(D(y, 12, 25));
  substitute(D(y, 12, 26));
  if (y == 2022) out.insert({D(2022, 6, 3), D(2022, 9, 19)});
  if (y == 2023) out.insert(D(2023, 5, 8));
  return out;
}

TEST(BankHolidayFile, EnglandAndWalesMatchesTheStatutoryRules) {
  std::map<int, std::set<LocalDate>> by_year;
  for (LocalDate d : dates_of(testing::bundled_holidays(), Division::kEnglandAndWales))
    by_year[static_cast<int>(year_month_day{d}.year())].insert(d);
  ASSERT_EQ(by_year.size(), 13u);
  for (int y = 2015; y <= 2027; ++y) {
    const auto expected = ew_rule_holidays(y);
    std::vector<std::string> want, got;
    for (LocalDate d : expected) want.push_back(show(d));
    for (LocalDate d : by_year[y]) got.push_back(show(d));
    EXPECT_EQ(got, want) << y;
  }
  // Spot checks of the derivation itself.
  EXPECT_EQ(easter_sunday(2015), D(2015, 4, 5));
  EXPECT_EQ(easter_sunday(2024), D(2024, 3, 31));
  EXPECT_EQ(easter_sunday(2019), D(2019, 4, 21));
}

// --- parse_bank_holidays: malformed files ------------------------------------

const char* kThreeDivisions = R"({
  "england-and-wales": {"division": "england-and-wales", "events": [
    {"title": "New Year's Day", "date": "2015-01-01", "notes": "", "bunting": true},
    {"title": "Summer bank holiday", "date": "2015-08-31", "notes": "", "bunting": true},
    {"title": "Boxing Day", "date": "2015-12-28", "notes": "Substitute day", "bunting": true}]},
  "scotland": {"division": "scotland", "events": [
    {"title": "New Year's Day", "date": "2015-01-01", "notes": "", "bunting": true},
    {"title": "2nd January", "date": "2015-01-02", "notes": "", "bunting": true},
    {"title": "Summer bank holiday", "date": "2015-08-03", "notes": "", "bunting": true},
    {"title": "St Andrew's Day", "date": "2015-11-30", "notes": "", "bunting": true}]},
  "northern-ireland": {"division": "northern-ireland", "events": [
    {"title": "St Patrick's Day", "date": "2015-03-17", "notes": "", "bunting": true},
    {"title": "Battle of the Boyne", "date": "2015-07-13", "notes": "Substitute day", "bunting": false}]}
})";

TEST(ParseBankHolidays, ReadsAllThreeDivisionsSortedByDateThenDivision) {
  auto parsed = parse_bank_holidays(kThreeDivisions);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  std::vector<std::string> rendered;
  for (const auto& h : *parsed)
    rendered.push_back(show(h.date) + " " + std::string(division_key(h.division)) + " " + h.title +
                       (h.notes.empty() ? "" : " (" + h.notes + ")"));
  EXPECT_EQ(rendered, (std::vector<std::string>{
                          "2015-01-01 england-and-wales New Year's Day",
                          "2015-01-01 scotland New Year's Day",
                          "2015-01-02 scotland 2nd January",
                          "2015-03-17 northern-ireland St Patrick's Day",
                          "2015-07-13 northern-ireland Battle of the Boyne (Substitute day)",
                          "2015-08-03 scotland Summer bank holiday",
                          "2015-08-31 england-and-wales Summer bank holiday",
                          "2015-11-30 scotland St Andrew's Day",
                          "2015-12-28 england-and-wales Boxing Day (Substitute day)",
                      }));
}

TEST(ParseBankHolidays, TitleAndNotesAreOptionalAndEmptyListsAllowed) {
  auto parsed = parse_bank_holidays(
      R"({"scotland": {"events": [{"date": "2016-01-04"}]}, "northern-ireland": {"events": []}})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0], (BankHoliday{Division::kScotland, D(2016, 1, 4), "", ""}));
}

void expect_invalid_file(std::string_view json, std::string_view mentions = "") {
  auto parsed = parse_bank_holidays(json);
  ASSERT_FALSE(parsed.ok()) << json;
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidFile) << json;
  EXPECT_NE(parsed.error().message.find(mentions), std::string::npos)
      << "message \"" << parsed.error().message << "\" should mention \"" << mentions << "\"";
}

TEST(ParseBankHolidays, RefusesMalformedFiles) {
  // Not JSON.
  expect_invalid_file("");
  expect_invalid_file("not json");
  expect_invalid_file(R"({"england-and-wales": {"events": [)");
  expect_invalid_file("<html>GOV.UK is down</html>");
  // Wrong shape.
  expect_invalid_file("[]");
  expect_invalid_file("{}");
  expect_invalid_file("42");
  expect_invalid_file(R"("england-and-wales")");
  expect_invalid_file(R"({"england-and-wales": []})", "england-and-wales");
  expect_invalid_file(R"({"england-and-wales": {}})", "england-and-wales");
  expect_invalid_file(R"({"england-and-wales": {"events": {}}})", "england-and-wales");
  expect_invalid_file(R"({"england-and-wales": {"events": null}})", "england-and-wales");
  expect_invalid_file(R"({"england-and-wales": {"events": ["2015-01-01"]}})", "england-and-wales event 1");
  expect_invalid_file(R"({"england-and-wales": {"events": [{"title": "x"}]}})", "england-and-wales event 1");
  expect_invalid_file(R"({"england-and-wales": {"events": [{"date": 20150101}]}})", "event 1");
  expect_invalid_file(R"({"england-and-wales": {"events": [{"date": null}]}})", "event 1");
  // Bad dates, naming the event.
  expect_invalid_file(
      R"({"scotland": {"events": [{"date": "2015-01-01"}, {"date": "2015-02-30"}]}})",
      "scotland event 2");
  expect_invalid_file(R"({"scotland": {"events": [{"date": "01/01/2015"}]}})", "scotland event 1");
  expect_invalid_file(R"({"scotland": {"events": [{"date": "2015-01-01T00:00:00Z"}]}})", "event 1");
  expect_invalid_file(R"({"scotland": {"events": [{"date": ""}]}})", "event 1");
  // A date repeated within its division.
  expect_invalid_file(
      R"({"england-and-wales": {"events": [{"date": "2015-12-25"}, {"date": "2015-12-28"},
                                          {"date": "2015-12-25"}]}})",
      "england-and-wales event 3");
  // Unknown divisions, including near misses.
  expect_invalid_file(R"({"wales": {"events": []}})", "wales");
  expect_invalid_file(R"({"England-and-Wales": {"events": []}})");
  expect_invalid_file(R"({"england-and-wales": {"events": []}, "scotlnd": {"events": []}})", "scotlnd");
}

TEST(ParseBankHolidays, SameDateInTwoDivisionsIsFine) {
  auto parsed = parse_bank_holidays(
      R"({"england-and-wales": {"events": [{"date": "2015-12-25"}]},
          "scotland": {"events": [{"date": "2015-12-25"}]}})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->size(), 2u);
}

TEST(Division, KeysRoundTrip) {
  for (Division d : {Division::kEnglandAndWales, Division::kScotland, Division::kNorthernIreland}) {
    auto parsed = parse_division(division_key(d));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, d);
  }
  EXPECT_EQ(division_key(Division::kEnglandAndWales), "england-and-wales");
  EXPECT_EQ(division_key(Division::kScotland), "scotland");
  EXPECT_EQ(division_key(Division::kNorthernIreland), "northern-ireland");
  EXPECT_ERROR(parse_division("wales"), ErrorCode::kInvalidField, "division");
  EXPECT_ERROR(parse_division(""), ErrorCode::kInvalidField, "division");
}

// --- WorkingCalendar: hand-derived cases --------------------------------------

TEST(WorkingCalendar, RangeConstants) {
  EXPECT_EQ(WorkingCalendar::kFirstDay, D(1990, 1, 1));
  EXPECT_EQ(WorkingCalendar::kLastDay, D(2100, 12, 31));
}

TEST(WorkingCalendar, WeekendsAndChristmasSubstitutes) {
  const auto& cal = testing::ew_calendar();
  // 2015: Christmas Friday, Boxing Day Saturday -> substitute Monday 28th.
  EXPECT_TRUE(cal.is_working_day(D(2015, 12, 24)));
  EXPECT_FALSE(cal.is_working_day(D(2015, 12, 25)));
  EXPECT_FALSE(cal.is_working_day(D(2015, 12, 26)));
  EXPECT_FALSE(cal.is_working_day(D(2015, 12, 27)));
  EXPECT_FALSE(cal.is_working_day(D(2015, 12, 28)));
  EXPECT_TRUE(cal.is_working_day(D(2015, 12, 29)));
  EXPECT_FALSE(cal.is_working_day(D(2016, 1, 1)));
  // 2020: the same shape.
  EXPECT_FALSE(cal.is_working_day(D(2020, 12, 25)));
  EXPECT_FALSE(cal.is_working_day(D(2020, 12, 28)));
  EXPECT_TRUE(cal.is_working_day(D(2020, 12, 29)));
  // 2021: Christmas Saturday, Boxing Day Sunday -> Monday 27th and Tuesday 28th.
  EXPECT_TRUE(cal.is_working_day(D(2021, 12, 24)));
  EXPECT_FALSE(cal.is_working_day(D(2021, 12, 27)));
  EXPECT_FALSE(cal.is_working_day(D(2021, 12, 28)));
  EXPECT_TRUE(cal.is_working_day(D(2021, 12, 29)));
  EXPECT_FALSE(cal.is_working_day(D(2022, 1, 3)));  // New Year substitute
  // Plain weekends.
  EXPECT_FALSE(cal.is_working_day(D(2015, 6, 6)));
  EXPECT_FALSE(cal.is_working_day(D(2015, 6, 7)));
  EXPECT_TRUE(cal.is_working_day(D(2015, 6, 8)));

  EXPECT_EQ(cal.add_working_days(D(2015, 12, 18), 5), D(2015, 12, 29));  // DOMAIN.md
  EXPECT_EQ(cal.add_working_days(D(2015, 12, 21), 5), D(2015, 12, 30));  // DOMAIN.md
  EXPECT_EQ(cal.add_working_days(D(2015, 12, 24), 1), D(2015, 12, 29));
  EXPECT_EQ(cal.add_working_days(D(2021, 12, 24), 1), D(2021, 12, 29));
  EXPECT_EQ(cal.add_working_days(D(2021, 12, 24), 4), D(2022, 1, 4));  // 29,30,31, 4th
  EXPECT_EQ(cal.add_working_days(D(2015, 12, 25), 0), D(2015, 12, 25));  // n = 0 is d itself
  EXPECT_EQ(cal.working_day_on_or_after(D(2015, 12, 25)), D(2015, 12, 29));
  EXPECT_EQ(cal.working_day_on_or_after(D(2015, 12, 24)), D(2015, 12, 24));
  EXPECT_EQ(cal.working_day_on_or_after(D(2021, 12, 25)), D(2021, 12, 29));
  EXPECT_EQ(cal.working_days_between(D(2015, 12, 18), D(2015, 12, 29)), 5);  // 18,21,22,23,24
  EXPECT_EQ(cal.working_days_between(D(2021, 12, 24), D(2022, 1, 5)), 5);   // 24,29,30,31,4
  EXPECT_EQ(cal.working_days_between(D(2015, 12, 29), D(2015, 12, 18)), 0);  // backwards
  EXPECT_EQ(cal.working_days_between(D(2015, 12, 29), D(2015, 12, 29)), 0);
}

TEST(WorkingCalendar, EasterAndOneOffHolidays) {
  const auto& cal = testing::ew_calendar();
  // Easter 2015: Good Friday 3 April, Easter Monday 6 April.
  EXPECT_TRUE(cal.is_working_day(D(2015, 4, 2)));
  EXPECT_FALSE(cal.is_working_day(D(2015, 4, 3)));
  EXPECT_FALSE(cal.is_working_day(D(2015, 4, 6)));
  EXPECT_TRUE(cal.is_working_day(D(2015, 4, 7)));
  EXPECT_EQ(cal.add_working_days(D(2015, 4, 2), 1), D(2015, 4, 7));
  EXPECT_EQ(cal.working_days_between(D(2015, 3, 30), D(2015, 4, 13)), 8);
  // Easter 2024: 29 March and 1 April.
  EXPECT_FALSE(cal.is_working_day(D(2024, 3, 29)));
  EXPECT_FALSE(cal.is_working_day(D(2024, 4, 1)));
  EXPECT_EQ(cal.add_working_days(D(2024, 3, 28), 1), D(2024, 4, 2));
  // 2020: early May moved to Friday 8 May (VE Day), so Monday 4 May worked.
  EXPECT_TRUE(cal.is_working_day(D(2020, 5, 4)));
  EXPECT_FALSE(cal.is_working_day(D(2020, 5, 8)));
  // 2022: spring holiday moved to Thursday 2 June plus the Platinum Jubilee
  // on Friday 3 June; the last Monday of May was a working day.
  EXPECT_TRUE(cal.is_working_day(D(2022, 5, 30)));
  EXPECT_FALSE(cal.is_working_day(D(2022, 6, 2)));
  EXPECT_FALSE(cal.is_working_day(D(2022, 6, 3)));
  EXPECT_EQ(cal.add_working_days(D(2022, 6, 1), 1), D(2022, 6, 6));
  EXPECT_EQ(cal.working_days_between(D(2022, 5, 30), D(2022, 6, 6)), 3);
  // The State Funeral of Queen Elizabeth II and the coronation.
  EXPECT_FALSE(cal.is_working_day(D(2022, 9, 19)));
  EXPECT_EQ(cal.working_day_on_or_after(D(2022, 9, 17)), D(2022, 9, 20));
  EXPECT_FALSE(cal.is_working_day(D(2023, 5, 8)));
  EXPECT_FALSE(cal.is_working_day(D(2023, 5, 1)));
  EXPECT_EQ(cal.add_working_days(D(2023, 4, 28), 5), D(2023, 5, 9));  // 2,3,4,5 May, 9 May
}

TEST(WorkingCalendar, DivisionsCombineForAllUk) {
  auto parsed = parse_bank_holidays(kThreeDivisions);
  ASSERT_TRUE(parsed.ok());
  const auto ew = WorkingCalendar::build(*parsed, {Division::kEnglandAndWales});
  const auto scot = WorkingCalendar::build(*parsed, {Division::kScotland});
  const auto all = WorkingCalendar::build(
      *parsed, {Division::kEnglandAndWales, Division::kScotland, Division::kNorthernIreland});
  const auto none = WorkingCalendar::build(*parsed, {});
  // 2 January (Scotland), St Patrick's Day and the Boyne (NI), 3 August
  // (Scotland) and 31 August (England & Wales).
  for (LocalDate d : {D(2015, 1, 2), D(2015, 3, 17), D(2015, 7, 13), D(2015, 8, 3), D(2015, 11, 30)}) {
    EXPECT_TRUE(ew.is_working_day(d)) << show(d);
    EXPECT_FALSE(all.is_working_day(d)) << show(d);
    EXPECT_TRUE(none.is_working_day(d)) << show(d);
  }
  EXPECT_FALSE(ew.is_working_day(D(2015, 8, 31)));
  EXPECT_TRUE(scot.is_working_day(D(2015, 8, 31)));
  EXPECT_FALSE(scot.is_working_day(D(2015, 8, 3)));
  EXPECT_FALSE(all.is_working_day(D(2015, 8, 31)));
  EXPECT_FALSE(none.is_working_day(D(2015, 1, 3)));  // Saturday
  // New Year's Day 2015 then 2nd January: in the all-UK calendar the first
  // working day of 2015 is Monday 5th.
  EXPECT_EQ(all.working_day_on_or_after(D(2015, 1, 1)), D(2015, 1, 5));
  EXPECT_EQ(ew.working_day_on_or_after(D(2015, 1, 1)), D(2015, 1, 2));
  EXPECT_EQ(all.holidays_known_until(), D(2015, 12, 28));
  EXPECT_EQ(scot.holidays_known_until(), D(2015, 11, 30));
  EXPECT_EQ(none.holidays_known_until(), WorkingCalendar::kFirstDay);
}

TEST(WorkingCalendar, HolidaysKnownUntil) {
  EXPECT_EQ(testing::ew_calendar().holidays_known_until(), D(2027, 12, 28));
  EXPECT_EQ(WorkingCalendar::build(std::vector<LocalDate>{}).holidays_known_until(),
            WorkingCalendar::kFirstDay);
  EXPECT_EQ(WorkingCalendar::build(std::vector<LocalDate>{D(2030, 1, 1), D(2020, 1, 1)})
                .holidays_known_until(),
            D(2030, 1, 1));
}

TEST(WorkingCalendar, OutsideTheRangeOnlyWeekendsCount) {
  // A holiday on each edge of the range counts; just outside it is ignored.
  const auto cal = WorkingCalendar::build(std::vector<LocalDate>{
      D(1989, 12, 25), D(1990, 1, 1), D(2100, 12, 31), D(2101, 1, 3)});
  EXPECT_TRUE(cal.is_working_day(D(1989, 12, 25)));   // Monday, before the range
  EXPECT_FALSE(cal.is_working_day(D(1990, 1, 1)));    // Monday, first day
  EXPECT_FALSE(cal.is_working_day(D(2100, 12, 31)));  // Friday, last day
  EXPECT_TRUE(cal.is_working_day(D(2101, 1, 3)));     // Monday, after the range
  EXPECT_FALSE(cal.is_working_day(D(2101, 1, 1)));    // Saturday
  EXPECT_FALSE(cal.is_working_day(D(1989, 12, 31)));  // Sunday
  // Walking across both edges.
  EXPECT_EQ(cal.add_working_days(D(1989, 12, 29), 1), D(1990, 1, 2));  // Fri -> (Mon hol) -> Tue
  EXPECT_EQ(cal.add_working_days(D(1989, 12, 22), 2), D(1989, 12, 26));
  EXPECT_EQ(cal.add_working_days(D(2100, 12, 30), 1), D(2101, 1, 3));  // Thu -> (Fri hol) -> Mon
  EXPECT_EQ(cal.add_working_days(D(2100, 12, 30), 2), D(2101, 1, 4));
  EXPECT_EQ(cal.add_working_days(D(2101, 1, 3), 5), D(2101, 1, 10));
  EXPECT_EQ(cal.working_day_on_or_after(D(2100, 12, 31)), D(2101, 1, 3));
  EXPECT_EQ(cal.working_day_on_or_after(D(1989, 12, 30)), D(1990, 1, 2));
  EXPECT_EQ(cal.working_days_between(D(1989, 12, 25), D(1990, 1, 8)), 9);  // 25-29, 2-5
  EXPECT_EQ(cal.working_days_between(D(2100, 12, 27), D(2101, 1, 10)), 9);  // 27-30, 3-7
}

// --- WorkingCalendar: property tests against the naive reference --------------

struct Subject {
  std::string name;
  WorkingCalendar cal;
  NaiveCalendar naive;
};

std::vector<Subject> subjects() {
  std::vector<Subject> out;
  const auto ew = dates_of(testing::bundled_holidays(), Division::kEnglandAndWales);
  out.push_back({"england-and-wales", WorkingCalendar::build(ew), NaiveCalendar(ew)});
  out.push_back({"empty", WorkingCalendar::build(std::vector<LocalDate>{}),
                 NaiveCalendar(std::vector<LocalDate>{})});
  // Dense random holidays over 1985-2105 (some outside the range, some on
  // weekends, some repeated).
  std::mt19937 rng(1990);
  std::uniform_int_distribution<int> day(static_cast<int>(D(1985, 1, 1).time_since_epoch().count()),
                                         static_cast<int>(D(2105, 12, 31).time_since_epoch().count()));
  std::vector<LocalDate> random_holidays;
  for (int i = 0; i < 6000; ++i) random_holidays.push_back(LocalDate{days{day(rng)}});
  for (int i = 0; i < 20; ++i) random_holidays.push_back(random_holidays[i]);
  random_holidays.push_back(D(1990, 1, 1));
  random_holidays.push_back(D(2100, 12, 31));
  out.push_back({"random", WorkingCalendar::build(random_holidays), NaiveCalendar(random_holidays)});
  return out;
}

// Random dates: mostly inside the range, a fifth near or beyond its edges.
LocalDate random_date(std::mt19937& rng) {
  auto between = [&](LocalDate a, LocalDate b) {
    std::uniform_int_distribution<int> pick(static_cast<int>(a.time_since_epoch().count()),
                                            static_cast<int>(b.time_since_epoch().count()));
    return LocalDate{days{pick(rng)}};
  };
  switch (std::uniform_int_distribution<int>(0, 9)(rng)) {
    case 0: return between(D(1980, 1, 1), D(1990, 3, 1));
    case 1: return between(D(2100, 10, 1), D(2110, 12, 31));
    default: return between(D(1990, 1, 1), D(2100, 12, 31));
  }
}

TEST(WorkingCalendarProperty, AddWorkingDaysMatchesNaiveWalk) {
  std::mt19937 rng(20151218);
  std::uniform_int_distribution<int> pick_n(0, 300);
  for (const auto& s : subjects()) {
    for (int i = 0; i < 4000; ++i) {
      const LocalDate d = random_date(rng);
      const int n = pick_n(rng);
      ASSERT_EQ(s.cal.add_working_days(d, n), s.naive.add(d, n))
          << s.name << " " << show(d) << " + " << n;
    }
  }
}

TEST(WorkingCalendarProperty, WorkingDaysBetweenMatchesNaiveCount) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> span(-30, 450);
  for (const auto& s : subjects()) {
    for (int i = 0; i < 4000; ++i) {
      const LocalDate from = random_date(rng);
      const LocalDate to = from + days{span(rng)};
      ASSERT_EQ(s.cal.working_days_between(from, to), s.naive.between(from, to))
          << s.name << " [" << show(from) << ", " << show(to) << ")";
    }
    // Long spans, including across both edges of the range.
    for (auto [from, to] : {std::pair{D(1985, 3, 1), D(1992, 6, 1)}, {D(2098, 1, 1), D(2104, 1, 1)},
                            {D(1989, 1, 1), D(2101, 6, 1)}, {D(1990, 1, 1), D(2100, 12, 31)},
                            {D(1990, 1, 1), D(2101, 1, 1)}}) {
      ASSERT_EQ(s.cal.working_days_between(from, to), s.naive.between(from, to))
          << s.name << " [" << show(from) << ", " << show(to) << ")";
    }
  }
}

TEST(WorkingCalendarProperty, EveryDayAgreesWithNaive) {
  for (const auto& s : subjects()) {
    for (LocalDate d = D(1989, 6, 1); d <= D(2101, 6, 30); d += days{1}) {
      ASSERT_EQ(s.cal.is_working_day(d), s.naive.is_working_day(d)) << s.name << " " << show(d);
      ASSERT_EQ(s.cal.working_day_on_or_after(d), s.naive.on_or_after(d)) << s.name << " " << show(d);
      ASSERT_EQ(s.cal.add_working_days(d, 1), s.naive.add(d, 1)) << s.name << " " << show(d);
      ASSERT_EQ(s.cal.working_days_between(d, d + days{9}), s.naive.between(d, d + days{9}))
          << s.name << " " << show(d);
    }
  }
}

TEST(WorkingCalendarProperty, AlgebraicLaws) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> pick_n(0, 300);
  const auto& cal = testing::ew_calendar();
  for (int i = 0; i < 3000; ++i) {
    const LocalDate d = random_date(rng);
    const int a = pick_n(rng), b = pick_n(rng);
    const LocalDate e = cal.add_working_days(d, a);
    // Adding in two steps is adding once.
    ASSERT_EQ(cal.add_working_days(e, b), cal.add_working_days(d, a + b)) << show(d);
    if (a > 0) {
      ASSERT_TRUE(cal.is_working_day(e)) << show(d) << " + " << a;
      // (d, e] holds exactly a working days.
      ASSERT_EQ(cal.working_days_between(d + days{1}, e + days{1}), a) << show(d) << " + " << a;
    }
    const LocalDate w = cal.working_day_on_or_after(d);
    ASSERT_TRUE(cal.is_working_day(w));
    ASSERT_EQ(cal.working_days_between(d, w), 0) << show(d);
  }
}

}  // namespace
}  // namespace civicdesk
