#include "domain/complaint.h"

#include <algorithm>

namespace civicdesk::complaint {

int stage(const Answers& answers) {
  auto it = answers.find(std::string(kStageQuestion));
  return it != answers.end() && it->second.size() == 1 && it->second.front() == kStage2 ? 2 : 1;
}

bool records_stage(const Category& category) {
  for (const auto& q : category.questions)
    if (q.code == kStageQuestion)
      return std::any_of(q.options.begin(), q.options.end(), [](const auto& o) { return o.key == kStage2; });
  return false;
}

SlaPolicy stage2_policy(const std::map<std::string, SlaPolicy>& council_policies) {
  if (auto it = council_policies.find(std::string(kStage2Policy)); it != council_policies.end()) return it->second;
  SlaPolicy p;
  p.code = std::string(kStage2Policy);
  p.name = "Complaint stage 2";
  p.respond_days = 5;
  p.resolve_days = 20;
  p.resolve_from = ResolveFrom::kResponse;
  p.max_extension = 20;
  return p;
}

LocalDate review_deadline(LocalDate closed_on) {
  const std::chrono::year_month_day ymd{closed_on};
  std::chrono::year_month_day next{ymd.year() + std::chrono::years{1}, ymd.month(), ymd.day()};
  if (!next.ok()) next = std::chrono::year_month_day{next.year() / next.month() / std::chrono::last};
  return LocalDate{next};
}

bool may_handle_stage2(Id officer, const std::vector<Case>& related) {
  return std::none_of(related.begin(), related.end(), [&](const Case& c) {
    return c.type == CaseType::kComplaint && stage(c.answers) == 1 && c.assignee_id == officer;
  });
}

ReviewCheck review_check(const Case& c, const Category* category, const std::vector<CaseEvent>& events,
                         LocalDate today) {
  ReviewCheck out;
  if (c.type != CaseType::kComplaint || !category || !records_stage(*category)) return out;
  if (stage(c.answers) == 2) {
    out.state = Review::kStage2;
    return out;
  }
  for (const auto& e : events)
    if (e.kind == event_kind::kStage2Requested) {
      out.state = Review::kRequested;
      if (auto r = e.details.find("reference"); r != e.details.end()) out.stage2_reference = r->second;
      return out;
    }
  if (c.status != CaseStatus::kClosed || !c.closed_at) {
    out.state = Review::kOpen;
    return out;
  }
  out.deadline = review_deadline(london_date(*c.closed_at));
  out.state = today <= *out.deadline ? Review::kAllowed : Review::kTooLate;
  return out;
}

}  // namespace civicdesk::complaint
