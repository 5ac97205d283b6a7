// Working-day calendar.
//
// A working day is Monday to Friday and not a bank holiday of the divisions a
// calendar combines (England & Wales for council SLAs; all three UK divisions
// for FOI). Holidays come from a file in the GOV.UK bank-holidays.json format,
// parsed by parse_bank_holidays (pure: the caller reads the file).
//
// WorkingCalendar precomputes, for every day of [kFirstDay, kLastDay], the
// number of working days before it, so that adding N working days or counting
// working days between two dates is two array lookups. Outside that range it
// falls back to a day-by-day walk that knows weekends only.
//
// Immutable after construction; safe to share between threads.
//
//   WorkingCalendar cal = WorkingCalendar::build(holiday_dates);
//   cal.add_working_days(2015y/12/18, 5) == 2015-12-29
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/time.h"

namespace civicdesk {

// GOV.UK division keys: "england-and-wales", "scotland", "northern-ireland".
enum class Division { kEnglandAndWales, kScotland, kNorthernIreland };

std::string_view division_key(Division d);
Result<Division> parse_division(std::string_view key);

struct BankHoliday {
  Division division;
  LocalDate date;
  std::string title;
  std::string notes;

  bool operator==(const BankHoliday&) const = default;
};

// Parses GOV.UK bank-holidays.json text. Returns invalid_file naming the
// offending event when the shape is wrong, a date is invalid or repeated within
// its division. Unknown divisions are refused so typos are caught.
Result<std::vector<BankHoliday>> parse_bank_holidays(std::string_view json_text);

class WorkingCalendar {
 public:
  static constexpr LocalDate kFirstDay = LocalDate{std::chrono::days{7305}};   // 1990-01-01
  static constexpr LocalDate kLastDay = LocalDate{std::chrono::days{47846}};   // 2100-12-31

  // A calendar whose non-working days are weekends plus `holidays`.
  static WorkingCalendar build(const std::vector<LocalDate>& holidays);
  // Holidays of the given divisions only, e.g. {kEnglandAndWales}.
  static WorkingCalendar build(const std::vector<BankHoliday>& holidays,
                               const std::vector<Division>& divisions);

  bool is_working_day(LocalDate d) const;
  // `d` if it is a working day, else the next working day.
  LocalDate working_day_on_or_after(LocalDate d) const;
  // The nth working day strictly after `d` (n >= 0; n == 0 returns d).
  LocalDate add_working_days(LocalDate d, int n) const;
  // Working days in [from, to); 0 when to <= from.
  int working_days_between(LocalDate from, LocalDate to) const;

  // Last date of the holiday data used to build this calendar; beyond it only
  // weekends are known. Empty calendars report kFirstDay.
  LocalDate holidays_known_until() const { return holidays_until_; }

 private:
  WorkingCalendar() = default;
  int index(LocalDate d) const { return static_cast<int>((d - kFirstDay).count()); }
  bool in_range(LocalDate d) const { return d >= kFirstDay && d <= kLastDay; }

  // rank_[i]: working days in [kFirstDay, kFirstDay + i). Size = days + 1.
  std::vector<int32_t> rank_;
  // working_[k]: day index of the k-th working day in the range.
  std::vector<int32_t> working_;
  LocalDate holidays_until_ = kFirstDay;
};

}  // namespace civicdesk
