#include "domain/sla.h"

#include <algorithm>

#include "domain/enum_table.h"

namespace civicdesk {

using namespace std::chrono;

namespace {

constexpr EnumEntry<ClockKind> kClockKinds[] = {
    {ClockKind::kWorkingDays, "working_days"}, {ClockKind::kCalendarMonths, "calendar_months"}};
constexpr EnumEntry<CountingRule> kCountingRules[] = {
    {CountingRule::kFromNextWorkingDay, "from_next_working_day"},
    {CountingRule::kAfterReceipt, "after_receipt"}};
constexpr EnumEntry<ResolveFrom> kResolveFroms[] = {
    {ResolveFrom::kReceipt, "receipt"}, {ResolveFrom::kResponse, "response"}};
constexpr EnumEntry<HolidaySet> kHolidaySets[] = {
    {HolidaySet::kCouncil, "council"}, {HolidaySet::kAllUk, "all_uk"}};

// Calendar-month due date: N months after receipt, rolled to a working day.
LocalDate months_due(const WorkingCalendar& cal, LocalDate received, int months, int paused_days) {
  return cal.working_day_on_or_after(add_calendar_months(received, months) + days{paused_days});
}

}  // namespace

std::string_view to_string(ClockKind v) { return enum_name(v, kClockKinds); }
std::string_view to_string(CountingRule v) { return enum_name(v, kCountingRules); }
std::string_view to_string(ResolveFrom v) { return enum_name(v, kResolveFroms); }
std::string_view to_string(HolidaySet v) { return enum_name(v, kHolidaySets); }
Result<ClockKind> parse_clock_kind(std::string_view s) { return parse_enum(s, kClockKinds, "clock"); }
Result<CountingRule> parse_counting_rule(std::string_view s) {
  return parse_enum(s, kCountingRules, "counting");
}
Result<ResolveFrom> parse_resolve_from(std::string_view s) {
  return parse_enum(s, kResolveFroms, "resolve_from");
}
Result<HolidaySet> parse_holiday_set(std::string_view s) {
  return parse_enum(s, kHolidaySets, "holidays");
}

std::string_view to_string(SlaState s) {
  switch (s) {
    case SlaState::kNone: return "none";
    case SlaState::kOnTrack: return "on_track";
    case SlaState::kDueToday: return "due_today";
    case SlaState::kOverdue: return "overdue";
    case SlaState::kPaused: return "paused";
    case SlaState::kMet: return "met";
    case SlaState::kMissed: return "missed";
  }
  return "none";
}

Status validate(const SlaPolicy& p) {
  const int limit = p.clock == ClockKind::kCalendarMonths ? 24 : 365;
  const std::string unit = p.clock == ClockKind::kCalendarMonths ? " months" : " working days";
  auto check = [&](int v, const char* field) -> Status {
    if (v < 0 || v > limit)
      return invalid_field(field, std::string("Enter a target between 0 and ") +
                                      std::to_string(limit) + unit);
    return {};
  };
  RETURN_IF_ERROR(check(p.respond_days, "respond_days"));
  RETURN_IF_ERROR(check(p.resolve_days, "resolve_days"));
  RETURN_IF_ERROR(check(p.max_extension, "max_extension"));
  if (p.resolve_from == ResolveFrom::kReceipt && p.respond_days > 0 && p.resolve_days > 0 &&
      p.resolve_days < p.respond_days)
    return invalid_field("resolve_days", "The resolve target cannot be shorter than the respond target");
  if (p.resolve_from == ResolveFrom::kResponse && p.respond_days == 0)
    return invalid_field("resolve_from",
                         "A resolve target counted from the response needs a respond target");
  if (p.code.empty()) return missing_field("code");
  return {};
}

LocalDate add_calendar_months(LocalDate d, int months) {
  const year_month_day ymd{d};
  year_month ym = ymd.year() / ymd.month();
  ym += std::chrono::months{months};
  const year_month_day target{ym / ymd.day()};
  if (target.ok()) return sys_days{target};
  return sys_days{year_month_day_last{ym.year(), month_day_last{ym.month()}}};
}

SlaClock start_clock(const SlaPolicy& p, const WorkingCalendar& cal, Instant received) {
  SlaClock c;
  c.received_on = london_date(received);
  if (p.clock == ClockKind::kCalendarMonths) {
    c.start_day = c.received_on;
    if (p.respond_days > 0) c.respond_by = months_due(cal, c.received_on, p.respond_days, 0);
    if (p.resolve_days > 0) c.resolve_by = months_due(cal, c.received_on, p.resolve_days, 0);
    return c;
  }
  c.start_day = cal.working_day_on_or_after(c.received_on);
  const LocalDate base = p.counting == CountingRule::kFromNextWorkingDay ? c.start_day : c.received_on;
  if (p.respond_days > 0) c.respond_by = cal.add_working_days(base, p.respond_days);
  if (p.resolve_days > 0) {
    // Counting from the response: until there is one, assume it comes on
    // the last permitted day.
    const LocalDate anchor =
        p.resolve_from == ResolveFrom::kResponse && c.respond_by ? *c.respond_by : base;
    c.resolve_by = cal.add_working_days(anchor, p.resolve_days);
  }
  return c;
}

Result<SlaClock> pause_clock(const SlaPolicy& p, const SlaClock& clock, Instant at) {
  if (!p.pausable)
    return Error(ErrorCode::kFailedPrecondition,
                 "The " + p.name + " service level cannot be paused");
  if (clock.paused_on) return Error(ErrorCode::kFailedPrecondition, "The clock is already paused");
  SlaClock c = clock;
  c.paused_on = london_date(at);
  return c;
}

Result<SlaClock> resume_clock(const SlaPolicy& p, const WorkingCalendar& cal, const SlaClock& clock,
                              Instant at) {
  if (!clock.paused_on) return Error(ErrorCode::kFailedPrecondition, "The clock is not paused");
  const LocalDate resumed_on = london_date(at);
  if (resumed_on < *clock.paused_on)
    return invalid_field("at", "The clock cannot resume before it was paused");
  SlaClock c = clock;
  c.paused_on.reset();
  if (p.clock == ClockKind::kCalendarMonths) {
    c.paused_days += static_cast<int>((resumed_on - *clock.paused_on).count());
    if (p.respond_days > 0 && !c.responded_on)
      c.respond_by = months_due(cal, c.received_on, p.respond_days, c.paused_days);
    if (p.resolve_days > 0)
      c.resolve_by = months_due(cal, c.received_on, p.resolve_days + c.extension, c.paused_days);
    return c;
  }
  const int k = cal.working_days_between(*clock.paused_on, resumed_on);
  c.paused_days += k;
  // A response already given is judged against the date in force then.
  if (c.respond_by && !c.responded_on) c.respond_by = cal.add_working_days(*c.respond_by, k);
  if (c.resolve_by) c.resolve_by = cal.add_working_days(*c.resolve_by, k);
  return c;
}

SlaClock record_response(const SlaPolicy& p, const WorkingCalendar& cal, const SlaClock& clock,
                         Instant at) {
  if (clock.responded_on) return clock;
  SlaClock c = clock;
  c.responded_on = std::max(london_date(at), c.received_on);
  if (p.clock == ClockKind::kWorkingDays && p.resolve_from == ResolveFrom::kResponse &&
      p.resolve_days > 0) {
    const LocalDate anchor = cal.working_day_on_or_after(*c.responded_on);
    c.resolve_by = cal.add_working_days(anchor, p.resolve_days + c.extension);
  }
  return c;
}

Result<SlaClock> extend_clock(const SlaPolicy& p, const WorkingCalendar& cal, const SlaClock& clock,
                              int amount) {
  if (amount <= 0) return invalid_field("amount", "Enter an extension of at least 1");
  if (!clock.resolve_by)
    return Error(ErrorCode::kFailedPrecondition, "This case has no resolve-by date to extend");
  if (clock.extension + amount > p.max_extension)
    return Error(ErrorCode::kFailedPrecondition,
                 "The " + p.name + " service level allows at most " +
                     std::to_string(p.max_extension) + " in extensions; " +
                     std::to_string(clock.extension) + " already granted",
                 "amount");
  SlaClock c = clock;
  c.extension += amount;
  if (p.clock == ClockKind::kCalendarMonths)
    c.resolve_by = months_due(cal, c.received_on, p.resolve_days + c.extension, c.paused_days);
  else
    c.resolve_by = cal.add_working_days(*c.resolve_by, amount);
  return c;
}

SlaStatus sla_status(const WorkingCalendar& cal, const SlaClock& clock, Instant now,
                     std::optional<Instant> closed_at) {
  if (!clock.resolve_by) return {SlaState::kNone, 0};
  const LocalDate due = *clock.resolve_by;
  if (closed_at) return {met(london_date(*closed_at), due) ? SlaState::kMet : SlaState::kMissed, 0};
  if (clock.paused_on) return {SlaState::kPaused, 0};
  const LocalDate today = london_date(now);
  if (today == due) return {SlaState::kDueToday, 0};
  if (today < due)
    return {SlaState::kOnTrack, cal.working_days_between(today + days{1}, due + days{1})};
  const int late = cal.working_days_between(due + days{1}, today + days{1});
  return {SlaState::kOverdue, -std::max(1, late)};
}

}  // namespace civicdesk
