// Shared helpers for the domain tests: date/instant literals, the bundled
// bank-holiday calendar, error assertions, and a deliberately naive
// day-by-day working-day reference used by the property tests.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/result.h"
#include "domain/calendar.h"
#include "domain/time.h"

namespace civicdesk::testing {

using namespace std::chrono;

inline LocalDate D(int y, unsigned m, unsigned d) {
  const year_month_day ymd{year{y}, month{m}, day{d}};
  EXPECT_TRUE(ymd.ok()) << y << "-" << m << "-" << d;
  return sys_days{ymd};
}

// A UTC instant.
inline Instant Utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return sys_seconds{D(y, m, d)} + hours{h} + minutes{mi} + seconds{s};
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path << " (tests run from the project root)";
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline const std::vector<BankHoliday>& bundled_holidays() {
  static const std::vector<BankHoliday> holidays = [] {
    auto parsed = parse_bank_holidays(read_file("data/bank-holidays.json"));
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
    return parsed.ok() ? *parsed : std::vector<BankHoliday>{};
  }();
  return holidays;
}

// England & Wales calendar from the bundled GOV.UK file.
inline const WorkingCalendar& ew_calendar() {
  static const WorkingCalendar cal =
      WorkingCalendar::build(bundled_holidays(), {Division::kEnglandAndWales});
  return cal;
}

// The reference: Monday-Friday and not a holiday; holidays only count inside
// the calendar's precomputed range (outside it the calendar knows weekends
// only, as calendar.h documents).
class NaiveCalendar {
 public:
  explicit NaiveCalendar(const std::vector<LocalDate>& holidays) {
    for (LocalDate d : holidays)
      if (d >= WorkingCalendar::kFirstDay && d <= WorkingCalendar::kLastDay) holidays_.insert(d);
  }
  bool is_working_day(LocalDate d) const {
    const unsigned wd = weekday{d}.c_encoding();  // 0 = Sunday, 6 = Saturday
    return wd != 0 && wd != 6 && !holidays_.count(d);
  }
  LocalDate on_or_after(LocalDate d) const {
    while (!is_working_day(d)) d += days{1};
    return d;
  }
  LocalDate add(LocalDate d, int n) const {
    while (n > 0) {
      d += days{1};
      if (is_working_day(d)) --n;
    }
    return d;
  }
  int between(LocalDate from, LocalDate to) const {
    int n = 0;
    for (LocalDate d = from; d < to; d += days{1}) n += is_working_day(d);
    return n;
  }

 private:
  std::set<LocalDate> holidays_;
};

inline std::string show(LocalDate d) {
  const year_month_day ymd{d};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace civicdesk::testing

// Asserts a Result/Status failed with `code` on `field`.
#define EXPECT_ERROR(expr, expected_code, expected_field)                                   \
  do {                                                                                      \
    const auto& civicdesk_r_ = (expr);                                                      \
    ASSERT_FALSE(civicdesk_r_.ok()) << #expr << " unexpectedly succeeded";                  \
    EXPECT_EQ(::civicdesk::wire_code(civicdesk_r_.error().code),                            \
              ::civicdesk::wire_code(expected_code))                                        \
        << #expr << ": " << civicdesk_r_.error().message;                                  \
    EXPECT_EQ(civicdesk_r_.error().field, std::string(expected_field)) << #expr;            \
  } while (0)

#define EXPECT_OK(expr)                                                                     \
  do {                                                                                      \
    const auto& civicdesk_r_ = (expr);                                                      \
    EXPECT_TRUE(civicdesk_r_.ok()) << #expr << ": "                                         \
                                   << (civicdesk_r_.ok() ? "" : civicdesk_r_.error().message) \
                                   << " [" << (civicdesk_r_.ok() ? "" : civicdesk_r_.error().field) << "]"; \
  } while (0)
