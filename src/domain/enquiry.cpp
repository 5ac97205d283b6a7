#include "domain/enquiry.h"

#include <set>

#include "domain/enum_table.h"
#include "domain/text.h"

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

// Builds the messages of one event, one per distinct address, in the
// council's wording.
class Messages {
 public:
  using Values = std::map<std::string, std::string>;

  Messages(const Case& c, const std::string& council, const TemplateLookup& texts, Instant now)
      : c_(c), texts_(texts), now_(now) {
    common_ = {{"council", council},
               {"reference", c.reference},
               {"title", c.title},
               {"respond_by", c.clock.respond_by ? format_date(*c.clock.respond_by) : "the target date"}};
  }

  void to(const std::optional<Recipient>& r, const CaseEvent& e, std::string_view tmpl, const Values& v = {}) {
    if (r) to(*r, e, tmpl, v);
  }
  void to(const std::vector<Recipient>& rs, const CaseEvent& e, std::string_view tmpl, const Values& v = {}) {
    for (const Recipient& r : rs) to(r, e, tmpl, v);
  }
  void to(const Recipient& r, const CaseEvent& e, std::string_view tmpl, const Values& v = {}) {
    if (r.email.empty() || !sent_[e.id].insert(r.email).second) return;
    Values values = common_;
    values.insert(v.begin(), v.end());
    values["name"] = r.name.empty() ? std::string("colleague") : r.name;
    const TemplateText text = texts_(tmpl);
    OutboxMessage m;
    m.created_at = now_;
    m.channel = "email";
    m.recipient = r.email;
    m.template_name = std::string(tmpl);
    m.subject = render(text.subject, values);
    m.body = std::string(trim(render(text.body, values)));  // an empty last placeholder leaves no gap
    m.personalisation = std::move(values);
    m.case_id = c_.id;
    m.idempotency_key = "case:" + std::to_string(c_.id) + ":event:" + std::to_string(e.id) + ":" + r.email;
    m.next_attempt_at = now_;
    out_.push_back(std::move(m));
  }
  std::vector<OutboxMessage> take() { return std::move(out_); }

 private:
  const Case& c_;
  const TemplateLookup& texts_;
  Instant now_;
  Values common_;
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
                                            const EnquiryParties& p, const std::string& council,
                                            const TemplateLookup& texts, Instant now) {
  namespace tn = template_name;
  Messages out(c, council, texts, now);
  const std::vector<Recipient> none;
  // Confidential enquiries are answered to the raising member only.
  const std::vector<Recipient>& copied = c.enquiry.confidential ? none : p.copied;
  auto member_and_copied = [&](const CaseEvent& e, std::string_view tmpl, const Messages::Values& v) {
    out.to(p.member, e, tmpl, v);
    out.to(copied, e, tmpl, v);
  };
  for (const CaseEvent& e : events) {
    const std::string& k = e.kind;
    if (k == event_kind::kReceived && !c.parent_id) {
      member_and_copied(e, tn::kMeReceived, {});
    } else if (k == event_kind::kResponded) {
      member_and_copied(e, tn::kMeResponse, {{"response", detail_of(e, "text")}});
    } else if (k == event_kind::kDelayAdvised) {
      member_and_copied(e, tn::kMeDelay,
                        {{"reason", detail_of(e, "reason")},
                         {"revised_date", detail_of(e, "revised_date")},
                         {"budget_issue", detail_of(e, "budget_issue") == "true" ? "A budget issue is involved." : ""}});
    } else if (k == event_kind::kStatusChanged && detail_of(e, "to") == "closed") {
      member_and_copied(e, tn::kMeClosed, {{"outcome", detail_of(e, "outcome")}, {"outcome_notes", c.outcome_notes}});
    } else if (k == event_kind::kStatusChanged && detail_of(e, "from") == "closed") {
      out.to(p.member, e, tn::kMeReopened, {{"reason", detail_of(e, "reason")}});
    } else if (k == event_kind::kEscalated) {
      out.to(p.escalation_officer, e, tn::kMeEscalated, {{"reason", detail_of(e, "reason")}});
      member_and_copied(e, tn::kMeEscalated, {{"reason", detail_of(e, "reason")}});
    } else if (k == event_kind::kRouted) {
      out.to(p.officers, e, tn::kMeRouted);
    } else if (k == event_kind::kChased) {
      out.to(p.officers, e, tn::kMeChased, {{"chaser", detail_of(e, "count")}, {"note", detail_of(e, "note")}});
    } else if (k == event_kind::kSentBack) {
      out.to(p.me_team, e, tn::kMeSentBack,
             {{"delivery_unit", detail_of(e, "delivery_unit")}, {"reason", detail_of(e, "reason")}});
    } else if (k == event_kind::kPrompted) {
      const std::string reminder = detail_of(e, "reminder");
      const Messages::Values due{{"due", detail_of(e, "due")}};
      if (reminder == to_string(Reminder::kRespondSoon))
        out.to(p.officers, e, tn::kMeRespondSoon, due);
      else if (reminder == to_string(Reminder::kOverdue))
        out.to(p.officers, e, tn::kMeOverdue, due);
      else
        out.to(p.me_team, e, tn::kMeDiaryDue, {{"why", detail_of(e, "why")}, {"due", detail_of(e, "due")}});
    }
  }
  return out.take();
}

}  // namespace civicdesk
