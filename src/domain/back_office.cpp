#include "domain/back_office.h"

#include <algorithm>
#include <cstdlib>

#include "domain/enum_table.h"
#include "domain/text.h"

namespace civicdesk {

namespace {

constexpr EnumEntry<BackOfficeStatus> kStatuses[] = {
    {BackOfficeStatus::kInProgress, "in_progress"},
    {BackOfficeStatus::kActionScheduled, "action_scheduled"},
    {BackOfficeStatus::kFixed, "fixed"},
    {BackOfficeStatus::kNoFurtherAction, "no_further_action"},
    {BackOfficeStatus::kNotCouncilsResponsibility, "not_councils_responsibility"},
};

std::optional<CaseOutcome> closing_outcome(BackOfficeStatus s) {
  switch (s) {
    case BackOfficeStatus::kFixed: return CaseOutcome::kResolved;
    case BackOfficeStatus::kNoFurtherAction: return CaseOutcome::kNoFurtherAction;
    case BackOfficeStatus::kNotCouncilsResponsibility: return CaseOutcome::kNotCouncilsResponsibility;
    case BackOfficeStatus::kInProgress:
    case BackOfficeStatus::kActionScheduled: break;
  }
  return std::nullopt;
}

bool id_char(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
         ch == '_' || ch == ':' || ch == '-';
}

}  // namespace

std::string_view to_string(BackOfficeStatus s) { return enum_name(s, kStatuses); }
Result<BackOfficeStatus> parse_back_office_status(std::string_view s) { return parse_enum(s, kStatuses, "status"); }

Status validate(const BackOfficeUpdate& u) {
  if (u.update_id.empty()) return missing_field("update_id");
  if (u.update_id.size() > 100 || !std::all_of(u.update_id.begin(), u.update_id.end(), id_char))
    return invalid_field("update_id", "Use up to 100 letters, digits, dots, underscores, colons and hyphens");
  RETURN_IF_ERROR(check_text(u.public_note, "public_note", 4000, true));
  RETURN_IF_ERROR(check_text(u.internal_note, "internal_note", 4000, true));
  RETURN_IF_ERROR(check_text(u.external_status, "external_status", 100));
  RETURN_IF_ERROR(check_text(u.back_office_reference, "back_office_reference", 100));
  if (closing_outcome(u.status) && trim(u.public_note).empty())
    return Error(ErrorCode::kMissingField, "Closing a case needs a public_note telling the resident why",
                 "public_note");
  return {};
}

Status check_update_timestamp(int64_t timestamp, Instant now, std::string_view field) {
  const int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const int64_t skew = now_s > timestamp ? now_s - timestamp : timestamp - now_s;
  if (skew > kBackOfficeClockSkew.count())
    return invalid_field(std::string(field), "The timestamp is more than " +
                                                 std::to_string(kBackOfficeClockSkew.count()) +
                                                 " seconds from now: sign each update when it is sent");
  return {};
}

Result<std::optional<TransitionRequest>> transition_for(const Case& c, const BackOfficeUpdate& u) {
  const std::optional<CaseOutcome> outcome = closing_outcome(u.status);
  if (c.status == CaseStatus::kClosed) {
    if (outcome) return std::optional<TransitionRequest>{};  // closed already: the note still counts
    return Error(ErrorCode::kCaseClosed,
                 "Case " + c.reference + " is closed; the council re-opens cases, not the back office", "status");
  }
  TransitionRequest t;
  if (outcome) {
    t.to = CaseStatus::kClosed;
    t.outcome = outcome;
    t.outcome_notes = u.public_note;
    return std::optional<TransitionRequest>{t};
  }
  if (c.status == CaseStatus::kInProgress) return std::optional<TransitionRequest>{};
  t.to = CaseStatus::kInProgress;
  return std::optional<TransitionRequest>{t};
}

}  // namespace civicdesk
