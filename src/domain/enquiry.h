// Members' Enquiries: the rules of the workflow that sit on top of a case
// (docs/members-enquiries.md).
//
//   raise ──> route to a delivery unit ──> accepted ──> respond / advise delay ──> close
//                 │        ▲                                  (chase, escalate)
//                 └─ sent back as misdirected (reason) ─┘
//
// Pure: callers pass the calendar and the current time.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/account.h"
#include "domain/calendar.h"
#include "domain/case.h"
#include "domain/notification_template.h"

namespace civicdesk {

// Timeline entry kinds of the enquiry workflow.
namespace event_kind {
inline constexpr std::string_view kRouted = "routed";
inline constexpr std::string_view kAccepted = "accepted";
inline constexpr std::string_view kSentBack = "sent_back";
inline constexpr std::string_view kDelayAdvised = "delay_advised";
inline constexpr std::string_view kChased = "chased";
inline constexpr std::string_view kEscalated = "escalated";
inline constexpr std::string_view kDiarised = "diarised";
inline constexpr std::string_view kPrompted = "prompted";
inline constexpr std::string_view kApprovalRequested = "approval_requested";
inline constexpr std::string_view kApprovalDecided = "approval_decided";
inline constexpr std::string_view kTaskAdded = "task_added";
}  // namespace event_kind

// A child task's reference: the enquiry's own reference and a task number,
// "BAR-0012340-2", so that every delivery unit quotes the one reference.
std::string task_reference(std::string_view parent_reference, int task_number);

// A delay notice: why, the revised date, and whether money is the reason.
struct DelayNotice {
  std::string reason;
  LocalDate revised_date{};
  bool budget_issue = false;
};

// The case must be an open Members' Enquiry; the reason 1..2000 characters;
// the revised date after `today` and within two years.
Status validate_delay(const Case& c, const DelayNotice& notice, LocalDate today);

// Records a delay notice on `c`: the first notice's instant is kept (it is
// what the committee report counts), the revised date is the latest one, and
// the revised date is diarised so that the ME team chases when it passes.
void apply_delay(Case& c, const DelayNotice& notice, Instant now);

// Why a diary date was set.
namespace diary_reason {
inline constexpr std::string_view kRevisedDate = "revised_date";  // a delay notice's date
inline constexpr std::string_view kFollowUp = "follow_up";        // closed, later work promised
}  // namespace diary_reason

// Prompts the reminder run sends, each at most once per case (per diary date).
enum class Reminder {
  kRespondSoon,  // the working day before the respond-by date (the 4th of 5)
  kOverdue,      // the close-by date has passed and the enquiry is open
  kDiaryDue,     // a diarised date has been reached: the ME team chases
};
std::string_view to_string(Reminder);

// The day a delivery unit is prompted to respond: one working day before the
// respond-by date (the 4th working day of a 5-day target); none when the
// target is a single day.
std::optional<LocalDate> respond_prompt_day(const Case& c, const WorkingCalendar& cal);

// Which reminders are due on `today` for `c` (a top-level Members' Enquiry).
// The caller de-duplicates with idempotency keys, so a reminder stays "due"
// until its condition stops holding.
std::vector<Reminder> reminders_due(const Case& c, const WorkingCalendar& cal, LocalDate today);

// People a message about an enquiry may go to.
struct Recipient {
  std::string name;
  std::string email;
};

struct EnquiryParties {
  std::optional<Recipient> member;  // who raised it
  std::vector<Recipient> copied;    // watchers with an email address
  std::vector<Recipient> officers;  // the assignee, or the delivery unit's leads
  std::optional<Recipient> escalation_officer;
  std::optional<Recipient> me_team;
};

// The outbox messages that the events just added to `c` call for. Members and
// everyone copied hear of the response, a delay, closure and escalation
// (only the raising member when the enquiry is confidential); officers hear
// of routing, chasers and prompts; the ME team of diary dates and send-backs.
// Each message's idempotency key names the event, so a retried write never
// queues it twice. Events must carry their stored ids. The wording is the
// council's: `texts` gives the template for a name (template_name::kMe*),
// `council` fills ((council)).
using TemplateLookup = std::function<TemplateText(std::string_view name)>;
std::vector<OutboxMessage> enquiry_messages(const Case& c, const std::vector<CaseEvent>& events,
                                            const EnquiryParties& parties, const std::string& council,
                                            const TemplateLookup& texts, Instant now);

// Re-opening and reclassifying need a manager's approval.
enum class ApprovalKind { kReopen, kReclassify };
enum class ApprovalStatus { kPending, kApproved, kRefused };
std::string_view to_string(ApprovalKind);
std::string_view to_string(ApprovalStatus);
Result<ApprovalKind> parse_approval_kind(std::string_view);
Result<ApprovalStatus> parse_approval_status(std::string_view);

struct Approval {
  Id id = 0;
  Id case_id = 0;
  ApprovalKind kind = ApprovalKind::kReopen;
  std::string requested_by;  // actor tag
  Instant requested_at{};
  std::string reason;
  // Reclassification: the new type and/or category (empty: unchanged).
  std::optional<CaseType> new_type;
  std::string new_category;
  ApprovalStatus status = ApprovalStatus::kPending;
  std::string decided_by;
  std::optional<Instant> decided_at;
  std::string decision_note;
};

// A routing of an enquiry to a delivery unit, and how it ended (withdrawn:
// re-routed by the ME team before the unit decided).
enum class RoutingOutcome { kPending, kAccepted, kMisdirected, kWithdrawn };
std::string_view to_string(RoutingOutcome);
Result<RoutingOutcome> parse_routing_outcome(std::string_view);

struct RoutingRecord {
  Id id = 0;
  Id case_id = 0;
  std::string delivery_unit;
  std::optional<Id> officer_id;
  Instant routed_at{};
  std::string routed_by;
  RoutingOutcome outcome = RoutingOutcome::kPending;
  std::optional<Instant> decided_at;
  std::string decided_by;
  std::string reason;  // why it was sent back
};

struct EscalationRecord {
  Id id = 0;
  Id case_id = 0;
  std::string delivery_unit;
  std::optional<Id> officer_id;
  Instant escalated_at{};
  std::string escalated_by;
  std::string reason;
};

struct ChaserRecord {
  Id id = 0;
  Id case_id = 0;
  Instant at{};
  std::string chased_by;
  std::string note;
};

}  // namespace civicdesk
