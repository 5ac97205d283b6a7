// The SLA clock: due dates, pauses, extensions and breach status, exactly as
// shared/DOMAIN.md defines them.
//
//   * Start day: the London date of receipt if it is a working day, else the
//     next working day.
//   * Due date for N working days: the Nth working day after the start day
//     (CountingRule::kFromNextWorkingDay, the council default) or after the
//     date of receipt itself (kAfterReceipt, statutory FOI/EIR: received on a
//     Saturday, day 1 is the Monday).
//   * Calendar-month clocks (subject access requests): the same date N months
//     later (the month's last day if that date does not exist), moved to the
//     next working day if it is not one.
//   * Pause: while awaiting the customer the clock stops; on resume both due
//     dates move later by the working days in [pause date, resume date).
//     Calendar-month clocks move by calendar days instead. Policies that are
//     not pausable (Members' Enquiries) refuse to pause.
//   * Met: the event's London date <= the due date.
//
// Pure: the caller passes the calendar and the current time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "domain/calendar.h"
#include "domain/time.h"

namespace civicdesk {

enum class ClockKind { kWorkingDays, kCalendarMonths };
enum class CountingRule { kFromNextWorkingDay, kAfterReceipt };
// What the resolve-by target counts from: receipt (most services) or the
// response/acknowledgement (complaints: stage 1 answered within 10 working
// days of the acknowledgement).
enum class ResolveFrom { kReceipt, kResponse };
// Which bank holidays count: the council's own division, or every UK division
// (FOI: a working day excludes bank holidays anywhere in the UK).
enum class HolidaySet { kCouncil, kAllUk };

std::string_view to_string(ClockKind);
std::string_view to_string(CountingRule);
std::string_view to_string(ResolveFrom);
std::string_view to_string(HolidaySet);
Result<ClockKind> parse_clock_kind(std::string_view);
Result<CountingRule> parse_counting_rule(std::string_view);
Result<ResolveFrom> parse_resolve_from(std::string_view);
Result<HolidaySet> parse_holiday_set(std::string_view);

// An SLA policy. Copied onto each case when it is received so that editing a
// policy later never rewrites the history of cases already counted.
struct SlaPolicy {
  std::string code;  // e.g. "standard-10", "member-enquiry", "foi"
  std::string name;
  ClockKind clock = ClockKind::kWorkingDays;
  CountingRule counting = CountingRule::kFromNextWorkingDay;
  ResolveFrom resolve_from = ResolveFrom::kReceipt;
  HolidaySet holidays = HolidaySet::kCouncil;
  int respond_days = 0;   // 0 = no respond-by target; months for calendar-month clocks
  int resolve_days = 0;   // working days (or months)
  int max_extension = 0;  // most the resolve-by date may be extended (same unit)
  bool pausable = true;

  bool operator==(const SlaPolicy&) const = default;
};

// Checks ranges: targets 0..365, extension 0..365, resolve >= respond when the
// resolve target counts from receipt. Errors name the field.
Status validate(const SlaPolicy& policy);

// A case's clock state: the computed due dates plus the pause and extension
// history needed to recompute them. Stored with the case.
struct SlaClock {
  LocalDate received_on{};  // London date of receipt
  LocalDate start_day{};
  std::optional<LocalDate> respond_by;
  std::optional<LocalDate> resolve_by;
  std::optional<LocalDate> paused_on;  // set while paused
  int paused_days = 0;                 // working (or calendar) days paused so far
  int extension = 0;                   // granted extension, policy units
  std::optional<LocalDate> responded_on;

  bool operator==(const SlaClock&) const = default;
};

// Starts the clock for a case received at `received`.
SlaClock start_clock(const SlaPolicy& policy, const WorkingCalendar& cal, Instant received);

// Pauses at `at`. failed_precondition if the policy is not pausable or the
// clock is already paused.
Result<SlaClock> pause_clock(const SlaPolicy& policy, const SlaClock& clock, Instant at);
// Resumes at `at`, moving the due dates later. failed_precondition if not
// paused; invalid_field if `at` is before the pause.
Result<SlaClock> resume_clock(const SlaPolicy& policy, const WorkingCalendar& cal,
                              const SlaClock& clock, Instant at);
// Records the first response (for kResolveFrom::kResponse policies this sets
// the resolve-by date). Later responses leave the clock unchanged.
SlaClock record_response(const SlaPolicy& policy, const WorkingCalendar& cal,
                         const SlaClock& clock, Instant at);
// Extends the resolve-by date by `amount` more units. failed_precondition
// when the total would exceed the policy's maximum.
Result<SlaClock> extend_clock(const SlaPolicy& policy, const WorkingCalendar& cal,
                              const SlaClock& clock, int amount);

// Where a case stands against its resolve-by date.
enum class SlaState {
  kNone,      // no resolve-by target
  kOnTrack,   // open, due later
  kDueToday,  // open, due today
  kOverdue,   // open, past due: breached
  kPaused,    // open, clock stopped
  kMet,       // closed on or before the due date
  kMissed,    // closed after the due date
};
std::string_view to_string(SlaState);

struct SlaStatus {
  SlaState state = SlaState::kNone;
  // kOnTrack: working days left until the due date; kOverdue: working days
  // overdue (negative); 0 otherwise.
  int working_days = 0;
};

// `closed_at` is the closure instant for closed cases, nullopt while open.
SlaStatus sla_status(const WorkingCalendar& cal, const SlaClock& clock, Instant now,
                     std::optional<Instant> closed_at);

// Met = the event's London date is on or before the due date.
inline bool met(LocalDate event_day, LocalDate due) { return event_day <= due; }

// The calendar-month rule: same day-of-month `months` later, clamped to the
// month's end.
LocalDate add_calendar_months(LocalDate d, int months);

}  // namespace civicdesk
