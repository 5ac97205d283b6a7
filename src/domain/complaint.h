// Complaints' two stages (DOMAIN.md, "Statutory and standard timescales"):
// which stage a complaint is at, the stage 2 service level, and whether the
// complainant may still ask for a stage 2 review of a stage 1 complaint.
// Pure: today's date is passed in.
//
//   auto check = complaint::review_check(stage1, category, events, london_date(now));
//   if (check.state == complaint::Review::kAllowed) ... offer "ask for stage 2"
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.h"
#include "domain/catalogue.h"

namespace civicdesk {

namespace event_kind {
// On a stage 1 complaint: the complainant asked for a stage 2 review;
// details: "reference" (the stage 2 complaint's).
inline constexpr std::string_view kStage2Requested = "stage2_requested";
}  // namespace event_kind

namespace complaint {

// The category question holding the stage ("1", "2"), as the demo council's
// complaint category has it.
inline constexpr std::string_view kStageQuestion = "stage";
inline constexpr std::string_view kStage2 = "2";
// The council's own stage 2 policy, when it has one.
inline constexpr std::string_view kStage2Policy = "complaint-stage-2";

// 2 when the complaint's stage answer is "2", else 1.
int stage(const Answers& answers);
// Whether the category records the stage (a "stage" question offering "2"),
// so a stage 2 complaint can be told apart from a stage 1.
bool records_stage(const Category& category);

// The stage 2 service level: the council's "complaint-stage-2" policy when
// it has one, else the statutory one: acknowledged within 5 working days,
// answered within 20 working days of the acknowledgement, extendable by 20.
SlaPolicy stage2_policy(const std::map<std::string, SlaPolicy>& council_policies);

// The last day a stage 2 review may be asked for: residents have 12 months
// to complain, counted from the stage 1 response (the day the complaint was
// closed), to the same date a year later (28 February for 29 February).
LocalDate review_deadline(LocalDate closed_on);

enum class Review {
  kAllowed,
  kNotComplaint,   // not a complaint, or its category does not record stages
  kOpen,           // stage 1 still open: wait for its response
  kStage2,         // already at stage 2: the Ombudsman is next
  kRequested,      // a stage 2 review was asked for already
  kTooLate,        // more than 12 months since the stage 1 response
};

struct ReviewCheck {
  Review state = Review::kNotComplaint;
  std::optional<LocalDate> deadline;  // closed stage 1 complaints
  std::string stage2_reference;       // kRequested
};

// The stage 2 handler must not be the stage 1 handler (DOMAIN.md): false
// when `officer` is assigned any stage 1 complaint among `related` (the
// cases linked to a stage 2 complaint).
bool may_handle_stage2(Id officer, const std::vector<Case>& related);

// `events`: the complaint's timeline (public entries are enough).
ReviewCheck review_check(const Case& c, const Category* category, const std::vector<CaseEvent>& events,
                         LocalDate today);

}  // namespace complaint
}  // namespace civicdesk
