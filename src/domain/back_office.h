// Back-office integration (docs/back-office.md): what a delivery unit's own
// system may tell civicdesk about a case forwarded to it, and how that maps
// onto the case workflow. Pure rules; signatures are checked by app/ (which
// holds the crypto), the freshness of their timestamp here.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "domain/case.h"
#include "domain/time.h"

namespace civicdesk {

// The closed set of statuses a back-office system reports.
enum class BackOfficeStatus {
  kInProgress,                 // being worked on
  kActionScheduled,            // work booked (the note says when)
  kFixed,                      // closes the case: resolved
  kNoFurtherAction,            // closes the case: no further action
  kNotCouncilsResponsibility,  // closes the case: not the council's responsibility
};
std::string_view to_string(BackOfficeStatus);
Result<BackOfficeStatus> parse_back_office_status(std::string_view);

// One update posted by a back-office system.
struct BackOfficeUpdate {
  std::string update_id;  // unique per endpoint: a repeat is refused (replay)
  BackOfficeStatus status = BackOfficeStatus::kInProgress;
  std::string public_note;    // reaches the resident (timeline, message, Open311)
  std::string internal_note;  // staff only
  std::string external_status;       // the back office's own status code, kept as given
  std::string back_office_reference;  // the back office's own reference for the case
};
// Field checks: update_id 1-100 of [A-Za-z0-9._:-]; notes at most 4000
// characters (a closing status needs a public note: the resident is told why);
// external_status and back_office_reference at most 100 printable characters.
Status validate(const BackOfficeUpdate& u);

// Where a forwarded case stands with the back office.
struct BackOfficeLink {
  std::string endpoint;         // the webhook endpoint the case was forwarded to
  std::string reference;        // the back office's own reference ("" until it says)
  std::string status;           // the last BackOfficeStatus reported ("" = none yet)
  std::string external_status;  // the back office's own last status code
  Instant forwarded_at{};
  std::optional<Instant> updated_at;  // the last update
};

// How far a signed update's timestamp may be from now, either way.
inline constexpr std::chrono::seconds kBackOfficeClockSkew{300};
// invalid_field (field = the timestamp header) when `timestamp` (seconds
// since 1970) is more than kBackOfficeClockSkew away from `now`.
Status check_update_timestamp(int64_t timestamp, Instant now, std::string_view field);

// The status change an update calls for on `c`: nullopt when none (the
// case is already where the update puts it). in_progress and
// action_scheduled move a new or awaiting case to in_progress; the closing
// statuses close it with their outcome. A closed case is never re-opened by
// a back office: case_closed for a non-closing status on it.
Result<std::optional<TransitionRequest>> transition_for(const Case& c, const BackOfficeUpdate& u);

}  // namespace civicdesk
