#include "domain/case.h"

#include <cmath>

#include "domain/enum_table.h"
#include "domain/identifiers.h"
#include "domain/text.h"

namespace civicdesk {

namespace {
constexpr EnumEntry<CaseType> kTypes[] = {
    {CaseType::kServiceRequest, "service_request"},
    {CaseType::kGeneralEnquiry, "general_enquiry"},
    {CaseType::kMemberEnquiry, "member_enquiry"},
    {CaseType::kComplaint, "complaint"},
    {CaseType::kCompliment, "compliment"},
    {CaseType::kComment, "comment"},
    {CaseType::kFoiRequest, "foi_request"},
    {CaseType::kEirRequest, "eir_request"},
    {CaseType::kSubjectAccessRequest, "subject_access_request"}};
constexpr EnumEntry<CaseStatus> kStatuses[] = {{CaseStatus::kNew, "new"},
                                               {CaseStatus::kInProgress, "in_progress"},
                                               {CaseStatus::kAwaitingCustomer, "awaiting_customer"},
                                               {CaseStatus::kClosed, "closed"}};
constexpr EnumEntry<Priority> kPriorities[] = {{Priority::kLow, "low"},
                                               {Priority::kNormal, "normal"},
                                               {Priority::kHigh, "high"},
                                               {Priority::kUrgent, "urgent"}};
constexpr EnumEntry<CaseOutcome> kOutcomes[] = {
    {CaseOutcome::kResolved, "resolved"},
    {CaseOutcome::kNoFurtherAction, "no_further_action"},
    {CaseOutcome::kNotCouncilsResponsibility, "not_councils_responsibility"},
    {CaseOutcome::kDuplicate, "duplicate"},
    {CaseOutcome::kWithdrawn, "withdrawn"},
    {CaseOutcome::kReferred, "referred"},
    {CaseOutcome::kUpheld, "upheld"},
    {CaseOutcome::kPartlyUpheld, "partly_upheld"},
    {CaseOutcome::kNotUpheld, "not_upheld"}};
constexpr EnumEntry<Visibility> kVisibilities[] = {{Visibility::kInternal, "internal"},
                                                   {Visibility::kPublic, "public"}};
constexpr EnumEntry<LinkKind> kLinkKinds[] = {{LinkKind::kRelated, "related"},
                                              {LinkKind::kDuplicateOf, "duplicate_of"},
                                              {LinkKind::kDuplicatedBy, "duplicated_by"},
                                              {LinkKind::kParent, "parent"},
                                              {LinkKind::kChild, "child"}};
constexpr EnumEntry<WatcherKind> kWatcherKinds[] = {{WatcherKind::kOfficer, "officer"},
                                                    {WatcherKind::kMember, "member"},
                                                    {WatcherKind::kCustomer, "customer"},
                                                    {WatcherKind::kEmail, "email"}};
constexpr EnumEntry<Routing> kRoutings[] = {{Routing::kNone, ""},
                                            {Routing::kAwaitingAcceptance, "awaiting_acceptance"},
                                            {Routing::kAccepted, "accepted"},
                                            {Routing::kSentBack, "sent_back"}};

}  // namespace

bool is_complaint_outcome(CaseOutcome o) {
  return o == CaseOutcome::kUpheld || o == CaseOutcome::kPartlyUpheld || o == CaseOutcome::kNotUpheld;
}

std::string_view to_string(CaseType v) { return enum_name(v, kTypes); }
Result<CaseType> parse_case_type(std::string_view s) { return parse_enum(s, kTypes, "type"); }
std::string_view to_string(CaseStatus v) { return enum_name(v, kStatuses); }
Result<CaseStatus> parse_case_status(std::string_view s) { return parse_enum(s, kStatuses, "status"); }
std::string_view to_string(Priority v) { return enum_name(v, kPriorities); }
Result<Priority> parse_priority(std::string_view s) { return parse_enum(s, kPriorities, "priority"); }
std::string_view to_string(CaseOutcome v) { return enum_name(v, kOutcomes); }
Result<CaseOutcome> parse_case_outcome(std::string_view s) { return parse_enum(s, kOutcomes, "outcome"); }
std::string_view to_string(Visibility v) { return enum_name(v, kVisibilities); }
Result<Visibility> parse_visibility(std::string_view s) {
  return parse_enum(s, kVisibilities, "visibility");
}
std::string_view to_string(Routing v) { return enum_name(v, kRoutings); }
Result<Routing> parse_routing(std::string_view s) { return parse_enum(s, kRoutings, "routing"); }
std::string_view to_string(LinkKind v) { return enum_name(v, kLinkKinds); }
Result<LinkKind> parse_link_kind(std::string_view s) { return parse_enum(s, kLinkKinds, "kind"); }
std::string_view to_string(WatcherKind v) { return enum_name(v, kWatcherKinds); }
Result<WatcherKind> parse_watcher_kind(std::string_view s) {
  return parse_enum(s, kWatcherKinds, "kind");
}

Result<Location> normalise_location(Location l) {
  if (l.lat.has_value() != l.lng.has_value())
    return invalid_field(l.lat ? "location.lng" : "location.lat",
                         "Give both latitude and longitude, or neither");
  if (l.lat && (!std::isfinite(*l.lat) || *l.lat < -90 || *l.lat > 90))
    return invalid_field("location.lat", "Latitude must be between -90 and 90");
  if (l.lng && (!std::isfinite(*l.lng) || *l.lng < -180 || *l.lng > 180))
    return invalid_field("location.lng", "Longitude must be between -180 and 180");
  RETURN_IF_ERROR(check_text(l.address, "location.address", 500, /*multiline=*/true));
  if (!l.postcode.empty()) {
      ASSIGN_OR_RETURN(l.postcode, parse_postcode(l.postcode, "location.postcode"));
    }
  if (l.uprn && (*l.uprn <= 0 || *l.uprn > 999999999999))
    return invalid_field("location.uprn", "Enter the UPRN as up to 12 digits");
  if (l.usrn && (*l.usrn <= 0 || *l.usrn > 99999999))
    return invalid_field("location.usrn", "Enter the USRN as up to 8 digits");
  if (!l.ward.empty()) RETURN_IF_ERROR(check_code(l.ward, "location.ward"));
  return l;
}

bool transition_allowed(CaseStatus from, CaseStatus to) {
  using S = CaseStatus;
  switch (from) {
    case S::kNew: return to == S::kInProgress || to == S::kAwaitingCustomer || to == S::kClosed;
    case S::kInProgress: return to == S::kAwaitingCustomer || to == S::kClosed;
    case S::kAwaitingCustomer: return to == S::kInProgress || to == S::kClosed;
    case S::kClosed: return to == S::kInProgress;
  }
  return false;
}

Result<Case> apply_transition(const Case& c, const TransitionRequest& req, const WorkingCalendar& cal,
                              Instant now) {
  if (!transition_allowed(c.status, req.to))
    return Error(ErrorCode::kTransitionNotAllowed,
                 "A case that is " + std::string(to_string(c.status)) + " cannot move to " +
                     std::string(to_string(req.to)),
                 "to");
  RETURN_IF_ERROR(check_text(req.reason, "reason", 2000, /*multiline=*/true));
  RETURN_IF_ERROR(check_text(req.outcome_notes, "outcome_notes", 10000, /*multiline=*/true));
  if (req.to != CaseStatus::kClosed && req.outcome)
    return invalid_field("outcome", "Only closing a case records an outcome");

  Case next = c;
  next.status = req.to;
  if (c.status == CaseStatus::kAwaitingCustomer && next.clock.paused_on) {
    ASSIGN_OR_RETURN(next.clock, resume_clock(c.sla, cal, next.clock, now));
  }
  if (req.to == CaseStatus::kAwaitingCustomer && c.sla.pausable) {
    ASSIGN_OR_RETURN(next.clock, pause_clock(c.sla, next.clock, now));
  }
  if (req.to == CaseStatus::kClosed) {
    if (!req.outcome)
      return Error(ErrorCode::kMissingField, "Choose an outcome to close the case", "outcome");
    if (is_complaint_outcome(*req.outcome) != (c.type == CaseType::kComplaint))
      return invalid_field("outcome", c.type == CaseType::kComplaint
                                          ? "Close a complaint as upheld, partly_upheld or not_upheld"
                                          : "Only complaints are upheld or not upheld");
    next.closed_at = now;
    next.outcome = req.outcome;
    next.outcome_notes = req.outcome_notes;
    next.clock = record_response(c.sla, cal, next.clock, now);
  }
  if (c.status == CaseStatus::kClosed) {
    if (trim(req.reason).empty())
      return Error(ErrorCode::kMissingField, "Give a reason for re-opening the case", "reason");
    next.closed_at.reset();
    next.outcome.reset();
    next.outcome_notes.clear();
  }
  return next;
}

std::string case_summary(const Case& c, size_t max_chars) {
  std::string_view text = trim(c.title);
  if (text.empty()) {
    text = trim(c.description);
    text = trim(text.substr(0, text.find('\n')));
  }
  return shortened(text, max_chars);
}

Status validate_case_text(const Case& c) {
  RETURN_IF_ERROR(check_text(c.title, "title", kMaxTitleChars));
  if (trim(c.description).empty())
    return Error(ErrorCode::kMissingField, "Describe the problem or request", "description");
  RETURN_IF_ERROR(check_text(c.description, "description", 10000, /*multiline=*/true));
  return {};
}

}  // namespace civicdesk
