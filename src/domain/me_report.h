// Members' Enquiries performance reports: the definitions of
// shared/DOMAIN.md "Members' Enquiries performance", as pure functions from
// counts (which the store computes with GROUP BY) to report tables
// (report_table.h). Also the report periods: months, financial quarters and
// their labels, and percentages rounded half up in exact integer arithmetic.
//
//   ASSIGN_OR_RETURN(MonthRange r, parse_month_range("2015-01", "2015-12", kMaxMonths));
//   std::vector<DueCounts> counts = ...;       // store: per month and delivery unit
//   ReportTable t = me_monthly_table(r, counts);
//
// Every rule has one home here; see docs/reports.md for the published
// definitions and examples. Pure; no I/O.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/calendar.h"
#include "domain/report_table.h"
#include "domain/time.h"

namespace civicdesk::report {

// ---- periods -------------------------------------------------------------------

struct Month {
  int year = 2015;
  int month = 1;  // 1..12
  auto operator<=>(const Month&) const = default;
};

// "2015-01" (exactly YYYY-MM, year 1990..2100). invalid_query naming `field`.
Result<Month> parse_month(std::string_view text, std::string_view field);
std::string format_month(Month m);  // "2015-01"
Month next_month(Month m);
Month month_of(LocalDate d);
LocalDate first_day(Month m);
LocalDate last_day(Month m);

struct MonthRange {
  Month from, to;  // inclusive
  int months() const;
};
// The longest period a report may cover (five years): enough for any
// committee comparison, small enough that a report stays fast.
inline constexpr int kMaxMonths = 60;
// Both months valid, to not before from, at most max_months long.
// invalid_query naming "from" or "to".
Result<MonthRange> parse_month_range(std::string_view from, std::string_view to, int max_months = kMaxMonths);

// UK local-government financial quarters: Q1 = April-June ... Q4 =
// January-March. start_year is the year the financial year begins.
struct Quarter {
  int start_year = 2015;
  int q = 1;  // 1..4
  auto operator<=>(const Quarter&) const = default;
};
Quarter quarter_of(Month m);
std::string quarter_label(Quarter q);  // "2015/16 Q2"; "1999/00 Q4"
Month first_month(Quarter q);
Month last_month(Quarter q);
// Quarterly periods are whole quarters: the range is widened to the
// quarters containing `from` and `to` (2015-05..2015-08 covers 2015-04 to
// 2015-09, Q1 and Q2), then checked like parse_month_range (reversed or
// longer than max_months once widened: invalid_query naming the field).
Result<MonthRange> parse_quarter_range(std::string_view from, std::string_view to, int max_months = kMaxMonths);

// ---- numbers -------------------------------------------------------------------

// count / total as a percentage in tenths (73.8% -> 738), rounded half up,
// exactly (integers only); nullopt when total is 0. count >= 0, total >= 0.
std::optional<int64_t> percent_tenths(int64_t count, int64_t total);
// numerator / denominator in tenths, rounded half up; nullopt when the
// denominator is 0.
std::optional<int64_t> ratio_tenths(int64_t numerator, int64_t denominator);
// A percentage cell: tenths, or empty when nothing is due.
Cell percent_cell(int64_t count, int64_t total);

// ---- inputs (what the store counts) ---------------------------------------------

// MEs due (resolve_by) in one month for one delivery unit.
struct DueCounts {
  Month month;
  std::string delivery_unit;  // code
  int64_t due = 0;            // items due
  int64_t closed = 0;         // closed_on <= due date
  int64_t delay = 0;          // not closed by then, delay_advised_on <= due date
};

// MEs open at the end of a day for one delivery unit, by age band.
struct AgeingCounts {
  std::string delivery_unit;
  int64_t bands[5] = {0, 0, 0, 0, 0};  // 0-9, 10-19, 20-29, 30-39, 40+ days
};
// The age bands as receipt dates, for counting inside the database: an ME
// open at the end of `at` is in band i for the first i with
// received_on >= oldest[i] (ages 0-9: received on or after at - 9 days, ...),
// else in band 4 (40+ days).
struct AgeingBounds {
  LocalDate oldest[4];
};
AgeingBounds ageing_bounds(LocalDate at);

struct MisdirectedItem {
  std::string delivery_unit;  // the unit it was wrongly sent to
  int64_t seconds = 0;        // routed -> sent back
};

struct EscalationCounts {
  std::string delivery_unit;
  int64_t escalations = 0;
  int64_t enquiries = 0;  // distinct enquiries escalated
};

struct EscalationItem {
  Instant at{};
  std::string reference;
  std::string delivery_unit;
  std::string reason;
};

struct ChaserCounts {
  std::string delivery_unit;
  int64_t enquiries = 0;
  int64_t none = 0, one = 0, two = 0, three_plus = 0;
  int64_t chasers = 0;  // total chasers
};

// Closed MEs with the same delivery unit, receipt date and closure date.
struct ClosurePair {
  std::string delivery_unit;
  LocalDate received_on{};
  LocalDate closed_on{};
  int64_t count = 0;
};

struct OverdueItem {
  std::string reference;
  std::string delivery_unit;
  LocalDate received_on{};
  LocalDate due{};
};

// Delivery unit code -> name (codes without a name show as the code).
using UnitNames = std::map<std::string, std::string>;

// ---- the reports -----------------------------------------------------------------

// One row per month of the range (every month, including those with nothing
// due: a committee table lists the whole period), then Total.
ReportTable me_monthly_table(const MonthRange& range, const std::vector<DueCounts>& counts);
// One row per delivery unit with at least one ME open at the end of `at`,
// by name ignoring case, then Total (always present, zeros when none).
ReportTable me_ageing_table(LocalDate at, const std::vector<AgeingCounts>& counts, const UnitNames& names);
// One row per (quarter, delivery unit) with items due, by quarter then name
// ignoring case. `range` must be whole quarters.
ReportTable me_quarterly_table(const MonthRange& range, const std::vector<DueCounts>& counts,
                               const UnitNames& names);
// By delivery unit sent to: how many were sent back as misdirected in the
// period and the median and longest time (hours, one decimal) it took.
ReportTable me_misdirected_table(const MonthRange& range, std::vector<MisdirectedItem> items,
                                 const UnitNames& names);
ReportTable me_escalations_table(const MonthRange& range, const std::vector<EscalationCounts>& counts,
                                 const UnitNames& names);
ReportTable me_escalation_list_table(const MonthRange& range, const std::vector<EscalationItem>& items,
                                     const UnitNames& names);
ReportTable me_chasers_table(const MonthRange& range, const std::vector<ChaserCounts>& counts,
                             const UnitNames& names);
// Working days to close (see working_days_to_close), for MEs closed in the
// period, by delivery unit.
ReportTable me_days_to_close_table(const MonthRange& range, const std::vector<ClosurePair>& pairs,
                                   const UnitNames& names, const WorkingCalendar& cal);
// Open MEs past their due date at the end of `at`, by delivery unit name,
// then due date, then reference, with the working days overdue.
ReportTable me_overdue_table(LocalDate at, std::vector<OverdueItem> items, const UnitNames& names,
                             const WorkingCalendar& cal);

// Working days from the start day (receipt, or the next working day) to the
// closure date: closed on the start day = 0; closed on the due date of an
// N-working-day target = N. Never negative.
int working_days_to_close(const WorkingCalendar& cal, LocalDate received_on, LocalDate closed_on);
// Working days in (due, at]: 0 when at <= due.
int working_days_overdue(const WorkingCalendar& cal, LocalDate due, LocalDate at);

// "a" < "B": compares names ignoring ASCII case (then exactly, so the
// order is total).
bool name_less(std::string_view a, std::string_view b);

}  // namespace civicdesk::report
