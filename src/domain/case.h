// Cases: work the council owes someone.
//
// A case has one human reference that never changes, a type, a category and
// the delivery unit that owns it, an assignee, a priority, a status lifecycle
// (allowed transitions below), a location, answers to its category's
// questions, an SLA clock, links (parent/child, related, duplicate-of),
// watchers and an append-only timeline of events (notes are events too).
//
// Lifecycle:
//   new ──────────────┬──> in_progress <──> awaiting_customer
//    │                │         │                  │
//    └──> awaiting_customer     └──────> closed <──┘   (closing needs an outcome)
//   closed ──> in_progress                              (re-open)
// Entering awaiting_customer pauses the SLA clock (when the policy allows);
// leaving it resumes the clock.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/catalogue.h"
#include "domain/contact.h"
#include "domain/sla.h"
#include "domain/time.h"

namespace civicdesk {

enum class CaseType {
  kServiceRequest, kGeneralEnquiry, kMemberEnquiry, kComplaint, kCompliment, kComment,
  kFoiRequest, kEirRequest, kSubjectAccessRequest
};
std::string_view to_string(CaseType);
Result<CaseType> parse_case_type(std::string_view);

enum class CaseStatus { kNew, kInProgress, kAwaitingCustomer, kClosed };
std::string_view to_string(CaseStatus);
Result<CaseStatus> parse_case_status(std::string_view);
inline bool is_open(CaseStatus s) { return s != CaseStatus::kClosed; }

enum class Priority { kLow, kNormal, kHigh, kUrgent };
std::string_view to_string(Priority);
Result<Priority> parse_priority(std::string_view);

// How a closed case ended. Complaints use upheld / partly_upheld / not_upheld.
enum class CaseOutcome {
  kResolved, kNoFurtherAction, kNotCouncilsResponsibility, kDuplicate, kWithdrawn, kReferred,
  kUpheld, kPartlyUpheld, kNotUpheld
};
std::string_view to_string(CaseOutcome);
Result<CaseOutcome> parse_case_outcome(std::string_view);
// Upheld, partly upheld and not upheld are for complaints, and complaints
// close only with one of them.
bool is_complaint_outcome(CaseOutcome o);

struct Location {
  std::optional<double> lat, lng;  // WGS84
  std::string address;             // free text fallback, always allowed
  std::string postcode;            // normalised
  std::optional<int64_t> uprn;
  std::optional<int64_t> usrn;
  std::string ward;  // ward code
  bool empty() const {
    return !lat && !lng && address.empty() && postcode.empty() && !uprn && !usrn && ward.empty();
  }
  bool operator==(const Location&) const = default;
};

// Both coordinates or neither, in range; postcode/UPRN/USRN normalised;
// address bounded. Field names are "location.<name>".
Result<Location> normalise_location(Location l);

// Where a routed case stands with the delivery unit it was sent to: the
// receiving officer accepts it or sends it back as misdirected.
enum class Routing { kNone, kAwaitingAcceptance, kAccepted, kSentBack };
std::string_view to_string(Routing);
Result<Routing> parse_routing(std::string_view);

// Members' Enquiry tracking (docs/members-enquiries.md). Other case types
// leave it empty.
struct EnquiryTracking {
  std::optional<Instant> delay_advised_at;  // the first delay notice
  std::optional<LocalDate> revised_due_on;  // the latest date promised in one
  std::optional<Instant> escalated_at;      // the latest escalation
  int chasers = 0;
  std::optional<LocalDate> diary_on;  // when the ME team must chase or follow up
  std::string diary_reason;
  bool confidential = false;  // responses go to the raising member only
  Routing routing = Routing::kNone;
  bool operator==(const EnquiryTracking&) const = default;
};

struct Case {
  Id id = 0;
  std::string reference;  // "BAR-0001234"
  CaseType type = CaseType::kServiceRequest;
  CaseStatus status = CaseStatus::kNew;
  Priority priority = Priority::kNormal;
  std::string category;       // category code
  std::string delivery_unit;  // owning DU code
  std::string team;           // team code, may be empty
  std::optional<Id> assignee_id;  // officer
  std::optional<Id> customer_id;
  std::optional<Id> member_id;    // councillor who raised it (Members' Enquiries)
  std::optional<Id> parent_id;
  Channel channel = Channel::kTelephone;
  std::string title;
  std::string description;
  Location location;
  Answers answers;
  SlaPolicy sla;  // frozen copy of the policy at receipt
  SlaClock clock;
  Instant received_at{};
  std::optional<Instant> closed_at;
  std::optional<CaseOutcome> outcome;
  std::string outcome_notes;
  EnquiryTracking enquiry;
  Instant created_at{}, updated_at{};
  int64_t version = 1;  // bumped on every change; ETag and optimistic locking
};

enum class Visibility { kInternal, kPublic };
std::string_view to_string(Visibility);
Result<Visibility> parse_visibility(std::string_view);

// Timeline entry kinds (stored as text; new kinds may be added, never renamed).
namespace event_kind {
inline constexpr std::string_view kReceived = "received";
inline constexpr std::string_view kUpdated = "updated";
inline constexpr std::string_view kStatusChanged = "status_changed";
inline constexpr std::string_view kAssigned = "assigned";
inline constexpr std::string_view kNote = "note";
inline constexpr std::string_view kLinked = "linked";
inline constexpr std::string_view kUnlinked = "unlinked";
inline constexpr std::string_view kWatcherAdded = "watcher_added";
inline constexpr std::string_view kWatcherRemoved = "watcher_removed";
inline constexpr std::string_view kResponded = "responded";
inline constexpr std::string_view kClockExtended = "clock_extended";
// The customer was erased while the case is kept (docs/data-protection.md).
inline constexpr std::string_view kCustomerErased = "customer_erased";
// The case was brought in from another system by `civicdesk import cases`
// (docs/import.md); details name the file and line it came from. It is the
// case's first event (instead of "received").
inline constexpr std::string_view kImported = "imported";
}  // namespace event_kind

struct CaseEvent {
  Id id = 0;
  Id case_id = 0;
  Instant at{};
  std::string actor;  // "officer:12", "member:3", "customer:7", "client:fixmystreet", "system"
  std::string kind;   // one of event_kind
  Visibility visibility = Visibility::kInternal;
  std::map<std::string, std::string> details;  // kind-specific, e.g. {"from","new"},{"to","closed"}
};

// Links between cases. Parent/child come from Case::parent_id; these are the
// stored kinds. `related` is symmetric (stored in both directions);
// duplicate_of reads as duplicated_by from the other side.
enum class LinkKind { kRelated, kDuplicateOf, kDuplicatedBy, kParent, kChild };
std::string_view to_string(LinkKind);
Result<LinkKind> parse_link_kind(std::string_view);

struct CaseLink {
  LinkKind kind = LinkKind::kRelated;
  Id other_id = 0;
  std::string other_reference;
};

// People copied in and kept informed.
enum class WatcherKind { kOfficer, kMember, kCustomer, kEmail };
std::string_view to_string(WatcherKind);
Result<WatcherKind> parse_watcher_kind(std::string_view);

struct Watcher {
  WatcherKind kind = WatcherKind::kEmail;
  std::optional<Id> ref_id;  // officer/member/customer id
  std::string email;         // for kEmail
  std::string name;
  Instant added_at{};
  bool operator==(const Watcher& o) const {
    return kind == o.kind && ref_id == o.ref_id && email == o.email;
  }
};

bool transition_allowed(CaseStatus from, CaseStatus to);

struct TransitionRequest {
  CaseStatus to = CaseStatus::kInProgress;
  std::optional<CaseOutcome> outcome;  // required when closing
  std::string reason;                  // required when re-opening
  std::string outcome_notes;
};

// How a case is named in lists and messages: its title, or else the first
// line of its description, at most `max_chars` characters ("…" when cut;
// the default is as long as a title may be).
constexpr size_t kMaxTitleChars = 200;
std::string case_summary(const Case& c, size_t max_chars = kMaxTitleChars);

// Applies a status change to a copy of `c`: checks the lifecycle, pauses or
// resumes the clock, records closure (outcome required; closing also counts as
// the first response) or re-opening (reason required, closure cleared).
// Errors: transition_not_allowed, missing_field / invalid_field.
Result<Case> apply_transition(const Case& c, const TransitionRequest& req,
                              const WorkingCalendar& cal, Instant now);

// Field checks shared by create and update: title/description lengths,
// description present.
Status validate_case_text(const Case& c);

}  // namespace civicdesk
