// Instants and local dates.
//
// Instants are UTC seconds (std::chrono::sys_seconds). All day arithmetic uses
// the Europe/London local date of an instant, computed here from the UK's
// summer-time rule: BST (UTC+1) from 01:00 UTC on the last Sunday of March to
// 01:00 UTC on the last Sunday of October (the rule in force since 1996; the
// test suite checks it hour by hour against the system time-zone database).
// Pure functions: nothing here reads the clock or the disk.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace civicdesk {

using Instant = std::chrono::sys_seconds;
// A calendar date with no time zone (a day number since 1970-01-01).
using LocalDate = std::chrono::sys_days;

// Offset of Europe/London from UTC at `t`, in seconds (0 or 3600).
int london_utc_offset(Instant t);

// The Europe/London calendar date of an instant:
// 2015-06-01T23:30:00Z -> 2015-06-02 (BST).
LocalDate london_date(Instant t);

// The instant of a Europe/London wall-clock time. In the spring-forward gap
// (01:00-02:00 on the last Sunday of March) the time is read as GMT, i.e. one
// hour later on the wall clock; in the autumn repeat hour the earlier (BST)
// reading wins.
Instant london_local_to_instant(LocalDate date, int hour, int minute, int second);

// Midnight at the start of a London local date, as an instant.
Instant london_start_of_day(LocalDate date);

// ISO 8601 / RFC 3339 instant with a mandatory offset: "2015-06-01T23:30:00Z",
// "2015-06-02T00:30:00+01:00", fractional seconds allowed (truncated).
std::optional<Instant> parse_instant(std::string_view text);

// Like parse_instant, but also accepts "YYYY-MM-DD HH:MM[:SS]" (or with 'T')
// without an offset, read as Europe/London local time.
std::optional<Instant> parse_instant_or_london(std::string_view text);

// "YYYY-MM-DD", validated (no 2015-02-30).
std::optional<LocalDate> parse_date(std::string_view text);

std::string format_instant(Instant t);  // "2015-06-01T23:30:00Z"
std::string format_date(LocalDate d);   // "2015-06-02"

// Monday = 1 ... Sunday = 7.
inline unsigned iso_weekday(LocalDate d) {
  return std::chrono::weekday{d}.iso_encoding();
}

}  // namespace civicdesk
