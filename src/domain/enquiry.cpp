#include "domain/enquiry.h"

#include <set>

#include "domain/enum_table.h"

namespace civicdesk {

namespace {

constexpr EnumEntry<Reminder> kReminders[] = {{Reminder::kRespondSoon, "respond_soon"},
                                              {Reminder::kOverdue, "overdue"},
                                              {Reminder::kDiaryDue, "diary_due"}};
constexpr EnumEntry<ApprovalKind> kApprovalKinds[] = {{ApprovalKind::kReopen, "reopen"},
                                                      {ApprovalKind::kReclassify, "reclassify"}};
constexpr EnumEntry<ApprovalStatus> kApprovalStatuses[] = {{ApprovalStatus::kPending, "pending"},
                                                           {ApprovalStatus::kApproved, "approved"},
                                                           {ApprovalStatus::kRefused, "refused"}};
constexpr EnumEntry<RoutingOutcome> kRoutingOutcomes[] = {{RoutingOutcome::kPending, "pending"},
                                                          {RoutingOutcome::kAccepted, "accepted"},
                                                          {RoutingOutcome::kMisdirected, "misdirected"},
                                                          {RoutingOutcome::kWithdrawn, "withdrawn"}};

std::string detail_of(const CaseEvent& e, const std::string& key) {
  auto it = e.details.find(key);
  return it == e.details.end() ? std::string() : it->second;
}

// Builds the messages of one event, one per distinct address.
class Messages {
 public:
  Messages(const Case& c, Instant now) : c_(c), now_(now) {}

  void to(const std::optional<Recipient>& r, const CaseEvent& e, std::string_view tmpl, const std::string& subject,
          const std::string& body) {
    if (r) to(*r, e, tmpl, subject, body);
  }
  void to(const std::vector<Recipient>& rs, const CaseEvent& e, std::string_view tmpl, const std::string& subject,
          const std::string& body) {
    for (const Recipient& r : rs) to(r, e, tmpl, subject, body);
  }
  void to(const Recipient& r, const CaseEvent& e, std::string_view tmpl, const std::string& subject,
          const std::string& body) {
    if (r.email.empty() || !sent_[e.id].insert(r.email).second) return;
    OutboxMessage m;
    m.created_at = now_;
    m.channel = "email";
    m.recipient = r.email;
    m.template_name = std::string(tmpl);
    m.subject = subject;
    m.body = "Dear " + (r.name.empty() ? std::string("colleague") : r.name) + ",\n\n" + body;
    m.personalisation = {{"reference", c_.reference}, {"name", r.name}, {"title", c_.title}};
    m.case_id = c_.id;
    m.idempotency_key = "case:" + std::to_string(c_.id) + ":event:" + std::to_string(e.id) + ":" + r.email;
    m.next_attempt_at = now_;
    out_.push_back(std::move(m));
  }
  std::vector<OutboxMessage> take() { return std::move(out_); }

 private:
  const Case& c_;
  Instant now_;
  std::map<Id, std::set<std::string>> sent_;
  std::vector<OutboxMessage> out_;
};

}  // namespace

std::string task_reference(std::string_view parent_reference, int task_number) {
  return std::string(parent_reference) + "-" + std::to_string(task_number);
}

Status validate_delay(const Case& c, const DelayNotice& notice, LocalDate today) {
  if (c.type != CaseType::kMemberEnquiry)
    return Error(ErrorCode::kFailedPrecondition, "Delay notices are for Members' Enquiries");
  if (!is_open(c.status)) return Error(ErrorCode::kCaseClosed, "Case " + c.reference + " is closed");
  if (notice.reason.empty()) return missing_field("reason");
  if (notice.reason.size() > 2000) return invalid_field("reason", "Keep the reason under 2,000 characters");
  if (notice.revised_date <= today) return invalid_field("revised_date", "The revised date must be after today");
  if (notice.revised_date > today + std::chrono::days{731})
    return invalid_field("revised_date", "The revised date must be within two years");
  return {};
}

void apply_delay(Case& c, const DelayNotice& notice, Instant now) {
  if (!c.enquiry.delay_advised_at) c.enquiry.delay_advised_at = now;
  c.enquiry.revised_due_on = notice.revised_date;
  c.enquiry.diary_on = notice.revised_date;
  c.enquiry.diary_reason = std::string(diary_reason::kRevisedDate);
}

std::string_view to_string(Reminder v) { return enum_name(v, kReminders); }
std::string_view to_string(ApprovalKind v) { return enum_name(v, kApprovalKinds); }
std::string_view to_string(ApprovalStatus v) { return enum_name(v, kApprovalStatuses); }
Result<ApprovalKind> parse_approval_kind(std::string_view s) { return parse_enum(s, kApprovalKinds, "kind"); }
Result<ApprovalStatus> parse_approval_status(std::string_view s) {
  return parse_enum(s, kApprovalStatuses, "status");
}
std::string_view to_string(RoutingOutcome v) { return enum_name(v, kRoutingOutcomes); }
Result<RoutingOutcome> parse_routing_outcome(std::string_view s) {
  return parse_enum(s, kRoutingOutcomes, "outcome");
}

std::optional<LocalDate> respond_prompt_day(const Case& c, const WorkingCalendar& cal) {
  if (c.sla.respond_days < 2 || !c.clock.respond_by) return std::nullopt;
  return cal.add_working_days(c.clock.start_day, c.sla.respond_days - 1);
}

std::vector<Reminder> reminders_due(const Case& c, const WorkingCalendar& cal, LocalDate today) {
  std::vector<Reminder> due;
  if (c.type != CaseType::kMemberEnquiry || c.parent_id) return due;
  if (is_open(c.status)) {
    const bool responded = c.clock.responded_on || c.enquiry.delay_advised_at;
    if (auto day = respond_prompt_day(c, cal); day && !responded && today >= *day && today <= *c.clock.respond_by)
      due.push_back(Reminder::kRespondSoon);
    if (c.clock.resolve_by && today > *c.clock.resolve_by) due.push_back(Reminder::kOverdue);
  }
  if (c.enquiry.diary_on && today >= *c.enquiry.diary_on) due.push_back(Reminder::kDiaryDue);
  return due;
}

std::vector<OutboxMessage> enquiry_messages(const Case& c, const std::vector<CaseEvent>& events,
                                            const EnquiryParties& p, Instant now) {
  Messages out(c, now);
  const std::string ref = c.reference;
  const std::vector<Recipient> none;
  // Confidential enquiries are answered to the raising member only.
  const std::vector<Recipient>& copied = c.enquiry.confidential ? none : p.copied;
  for (const CaseEvent& e : events) {
    const std::string& k = e.kind;
    if (k == event_kind::kReceived && !c.parent_id) {
      const std::string body = "Your enquiry " + ref + " (" + c.title + ") has been received. We will respond by " +
                               (c.clock.respond_by ? format_date(*c.clock.respond_by) : std::string("the target date")) +
                               ".";
      out.to(p.member, e, "me_received", "Enquiry " + ref + " received", body);
      out.to(copied, e, "me_received", "Enquiry " + ref + " received", body);
    } else if (k == event_kind::kResponded) {
      const std::string body = "A response to enquiry " + ref + ":\n\n" + detail_of(e, "text");
      out.to(p.member, e, "me_response", "Response to enquiry " + ref, body);
      out.to(copied, e, "me_response", "Response to enquiry " + ref, body);
    } else if (k == event_kind::kDelayAdvised) {
      std::string body = "Enquiry " + ref + " will take longer than planned. " + detail_of(e, "reason") +
                         "\n\nWe now expect to complete it by " + detail_of(e, "revised_date") + ".";
      if (detail_of(e, "budget_issue") == "true") body += " A budget issue is involved.";
      out.to(p.member, e, "me_delay", "Delay on enquiry " + ref, body);
      out.to(copied, e, "me_delay", "Delay on enquiry " + ref, body);
    } else if (k == event_kind::kStatusChanged && detail_of(e, "to") == "closed") {
      std::string body = "Enquiry " + ref + " has been closed (" + detail_of(e, "outcome") + ").";
      if (!c.outcome_notes.empty()) body += "\n\n" + c.outcome_notes;
      out.to(p.member, e, "me_closed", "Enquiry " + ref + " closed", body);
      out.to(copied, e, "me_closed", "Enquiry " + ref + " closed", body);
    } else if (k == event_kind::kStatusChanged && detail_of(e, "from") == "closed") {
      out.to(p.member, e, "me_reopened", "Enquiry " + ref + " re-opened",
             "Enquiry " + ref + " has been re-opened: " + detail_of(e, "reason"));
    } else if (k == event_kind::kEscalated) {
      const std::string body = "Enquiry " + ref + " has been escalated: " + detail_of(e, "reason");
      out.to(p.escalation_officer, e, "me_escalated", "Escalated enquiry " + ref, body);
      out.to(p.member, e, "me_escalated", "Enquiry " + ref + " escalated", body);
      out.to(copied, e, "me_escalated", "Enquiry " + ref + " escalated", body);
    } else if (k == event_kind::kRouted) {
      out.to(p.officers, e, "me_routed", "New Members' Enquiry " + ref,
             "Members' Enquiry " + ref + " (" + c.title + ") has been sent to you. Accept it, or send it back " +
                 "if it is not for your service. Respond by " +
                 (c.clock.respond_by ? format_date(*c.clock.respond_by) : std::string("the target date")) + ".");
    } else if (k == event_kind::kChased) {
      out.to(p.officers, e, "me_chased", "Chaser on enquiry " + ref,
             "Enquiry " + ref + " has been chased (chaser " + detail_of(e, "count") + "). " + detail_of(e, "note"));
    } else if (k == event_kind::kSentBack) {
      out.to(p.me_team, e, "me_sent_back", "Enquiry " + ref + " sent back",
             "Enquiry " + ref + " was sent back as misdirected by " + detail_of(e, "delivery_unit") + ": " +
                 detail_of(e, "reason"));
    } else if (k == event_kind::kPrompted) {
      const std::string reminder = detail_of(e, "reminder");
      if (reminder == to_string(Reminder::kRespondSoon))
        out.to(p.officers, e, "me_respond_soon", "Enquiry " + ref + " is due a response",
               "Please respond to enquiry " + ref + " by " + detail_of(e, "due") + ".");
      else if (reminder == to_string(Reminder::kOverdue))
        out.to(p.officers, e, "me_overdue", "Enquiry " + ref + " is overdue",
               "Enquiry " + ref + " was due by " + detail_of(e, "due") + " and is still open.");
      else
        out.to(p.me_team, e, "me_diary_due", "Chase enquiry " + ref,
               "The date diarised for enquiry " + ref + " (" + detail_of(e, "why") + ", " + detail_of(e, "due") +
                   ") has been reached: chase the delivery unit.");
    }
  }
  return out.take();
}

}  // namespace civicdesk
