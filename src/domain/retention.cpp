#include "domain/retention.h"

#include "domain/enum_table.h"

namespace civicdesk {

namespace {

constexpr EnumEntry<RetentionVerdict> kVerdicts[] = {{RetentionVerdict::kKeep, "keep"},
                                                     {RetentionVerdict::kAnonymise, "anonymise"}};
constexpr EnumEntry<RetentionReason> kReasons[] = {{RetentionReason::kOpen, "open"},
                                                   {RetentionReason::kWithinPeriod, "within_retention_period"},
                                                   {RetentionReason::kPeriodOver, "retention_period_over"},
                                                   {RetentionReason::kNoRule, "no_retention_rule"}};

std::string type_words(CaseType type) {
  std::string s(to_string(type));
  for (char& c : s)
    if (c == '_') c = ' ';
  return s;
}

}  // namespace

std::string_view to_string(RetentionVerdict v) { return enum_name(v, kVerdicts); }
std::string_view to_string(RetentionReason v) { return enum_name(v, kReasons); }

Status check_keep_years(int64_t years, std::string_view field) {
  if (years < 0 || years > kMaxKeepYears)
    return invalid_field(std::string(field),
                         "Keep cases for 0 to " + std::to_string(kMaxKeepYears) + " years after they close");
  return {};
}

RetentionRules default_retention_rules() {
  return {{CaseType::kServiceRequest, 2}, {CaseType::kGeneralEnquiry, 2}, {CaseType::kMemberEnquiry, 2},
          {CaseType::kComplaint, 6},      {CaseType::kCompliment, 2},     {CaseType::kComment, 2},
          {CaseType::kFoiRequest, 3},     {CaseType::kEirRequest, 3},     {CaseType::kSubjectAccessRequest, 2}};
}

LocalDate retention_ends(LocalDate closed_on, int keep_years) {
  using namespace std::chrono;
  const year_month_day d{closed_on};
  const year_month_day end = d + years{keep_years};
  if (end.ok()) return sys_days{end};
  // 29 February in a year without one: the period ends the day after 28 February.
  return sys_days{end.year() / February / 28} + days{1};
}

RetentionDecision decide_retention(CaseType type, CaseStatus status, std::optional<Instant> closed_at,
                                   const RetentionRules& rules, LocalDate today, RetentionPurpose purpose) {
  RetentionDecision d;
  auto rule = rules.find(type);
  if (rule != rules.end()) d.keep_years = rule->second;
  if (status != CaseStatus::kClosed || !closed_at) {
    d.verdict = RetentionVerdict::kKeep;
    d.reason = RetentionReason::kOpen;
    return d;
  }
  if (!d.keep_years) {
    d.reason = RetentionReason::kNoRule;
    d.verdict = purpose == RetentionPurpose::kErasureRequest ? RetentionVerdict::kAnonymise : RetentionVerdict::kKeep;
    return d;
  }
  d.ends = retention_ends(london_date(*closed_at), *d.keep_years);
  if (today >= *d.ends) {
    d.verdict = RetentionVerdict::kAnonymise;
    d.reason = RetentionReason::kPeriodOver;
  } else {
    d.verdict = RetentionVerdict::kKeep;
    d.reason = RetentionReason::kWithinPeriod;
  }
  return d;
}

std::string explain(const RetentionDecision& d, CaseType type) {
  const std::string what = type_words(type);
  const std::string years = d.keep_years ? std::to_string(*d.keep_years) + "-year" : "";
  switch (d.reason) {
    case RetentionReason::kOpen: return "open " + what + ": kept while the council is still working on it";
    case RetentionReason::kWithinPeriod:
      return "closed " + what + ": kept until its " + years + " retention period ends on " + format_date(*d.ends);
    case RetentionReason::kPeriodOver:
      return "closed " + what + ": its " + years + " retention period ended on " + format_date(*d.ends);
    case RetentionReason::kNoRule:
      return d.verdict == RetentionVerdict::kKeep
                 ? "closed " + what + ": no retention rule for this type, so it is kept"
                 : "closed " + what + ": the council keeps no retention rule for this type, so nothing requires it";
  }
  return what;
}

}  // namespace civicdesk
