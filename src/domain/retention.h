// Retention: how long the council keeps a closed case before the personal
// data in it is removed (anonymised), and what happens to a customer's cases
// when they ask for their data to be erased.
//
// A council sets one rule per case type: keep closed cases for N years after
// the day they closed. The period ends on the anniversary of the closure date
// (a case closed on 29 February ends on 1 March); from that day the case is
// due for anonymisation. Open cases are always kept.
//
// Two purposes apply the rules differently where a type has no rule:
//   * the scheduled retention run keeps such cases (nobody decided they may
//     go, so nothing is destroyed automatically);
//   * an erasure request anonymises them (UK GDPR Article 17: data is erased
//     unless the council has a reason to keep it, and a retention rule is how
//     it records that reason: a legal obligation, or the defence of claims).
//
// Pure functions; see docs/data-protection.md for the council's view.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "domain/case.h"
#include "domain/time.h"

namespace civicdesk {

// Years to keep closed cases, by case type. A type not in the map has no rule.
using RetentionRules = std::map<CaseType, int>;

inline constexpr int kMaxKeepYears = 100;

// invalid_field on `field` unless 0 <= years <= kMaxKeepYears.
Status check_keep_years(int64_t years, std::string_view field);

// The periods civicdesk suggests for an English council: complaints six
// years after closure (the Limitation Act period for claims), FOI and EIR
// requests three years, subject access requests two years, everything else
// two years.
RetentionRules default_retention_rules();

// The day the retention period of a case closed on `closed_on` ends: the
// anniversary `keep_years` later (29 February becomes 1 March).
LocalDate retention_ends(LocalDate closed_on, int keep_years);

enum class RetentionPurpose { kScheduledRun, kErasureRequest };
enum class RetentionVerdict { kKeep, kAnonymise };
enum class RetentionReason {
  kOpen,          // the case is still being worked
  kWithinPeriod,  // closed, inside its type's retention period
  kPeriodOver,    // closed, its retention period has ended
  kNoRule,        // closed, its type has no retention rule
};
std::string_view to_string(RetentionVerdict);
std::string_view to_string(RetentionReason);

struct RetentionDecision {
  RetentionVerdict verdict = RetentionVerdict::kKeep;
  RetentionReason reason = RetentionReason::kOpen;
  std::optional<int> keep_years;  // the rule applied, if any
  std::optional<LocalDate> ends;  // when the period ends (closed cases with a rule)
};

// What to do with a case on `today` (a Europe/London date). `closed_at` is
// the case's closure (absent for open cases; an open case is kept whatever
// it says).
RetentionDecision decide_retention(CaseType type, CaseStatus status, std::optional<Instant> closed_at,
                                   const RetentionRules& rules, LocalDate today, RetentionPurpose purpose);

// For people: "closed complaint: kept until its 6-year retention period ends
// on 2031-03-01".
std::string explain(const RetentionDecision& d, CaseType type);

}  // namespace civicdesk
