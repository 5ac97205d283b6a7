// Retention rules and the retention job.
#include "app/audit.h"
#include "app/privacy.h"

namespace civicdesk {

namespace {

constexpr int kBatch = 200;

constexpr CaseType kLastType = CaseType::kSubjectAccessRequest;

std::vector<CaseType> all_case_types() {
  std::vector<CaseType> out;
  for (int i = 0; i <= static_cast<int>(kLastType); ++i) out.push_back(static_cast<CaseType>(i));
  return out;
}

RetentionRules parse_rules(const std::map<std::string, int>& stored) {
  RetentionRules rules;
  for (const auto& [type, years] : stored)
    if (auto t = parse_case_type(type)) rules[*t] = years;
  return rules;
}

std::vector<RetentionRule> as_list(const RetentionRules& rules) {
  std::vector<RetentionRule> out;
  for (const auto& [type, years] : rules) out.push_back(RetentionRule{type, years});
  return out;
}

// A day D such that every case closed on a day whose period of `years` has
// ended by `today` closed before D (the job then checks each case exactly).
LocalDate closed_before_bound(LocalDate today, int years) {
  using namespace std::chrono;
  const year_month_day back = year_month_day{today} - std::chrono::years{years};
  const LocalDate day = back.ok() ? sys_days{back} : sys_days{back.year() / February / 28};
  return day + days{2};
}

}  // namespace

Result<std::vector<RetentionRule>> PrivacyService::retention_rules(const RequestContext& ctx) {
  if (!can(ctx.principal, Permission::kDataProtection)) return denied(ctx, "see retention rules");
  ASSIGN_OR_RETURN(auto stored, (store_.read_value<std::map<std::string, int>>)(
                                    [&](ReadTx& tx) { return tx.list_retention_rules(ctx.tenant); }));
  return as_list(parse_rules(stored));
}

Result<std::vector<RetentionRule>> PrivacyService::set_retention_rules(const RequestContext& ctx,
                                                                       const RetentionRules& rules) {
  if (!can(ctx.principal, Permission::kDataProtection)) return denied(ctx, "change retention rules");
  for (const auto& [type, years] : rules)
    RETURN_IF_ERROR(check_keep_years(years, "rules." + std::string(to_string(type))));
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto stored, tx.list_retention_rules(ctx.tenant));
    std::map<std::string, std::string> changed;
    for (const auto& [type, years] : stored) {
      auto t = parse_case_type(type);
      if (t && rules.count(*t)) continue;
      RETURN_IF_ERROR(tx.delete_retention_rule(ctx.tenant, type));
      changed[type] = "none";
    }
    for (const auto& [type, years] : rules) {
      const std::string name(to_string(type));
      auto it = stored.find(name);
      if (it != stored.end() && it->second == years) continue;
      RETURN_IF_ERROR(tx.put_retention_rule(ctx.tenant, name, years));
      changed[name] = std::to_string(years);
    }
    if (changed.empty()) return {};
    return audit(tx, ctx, "retention.rules", "retention_rules", "", std::move(changed));
  }));
  return as_list(rules);
}

Result<RetentionReport> PrivacyService::run_retention(const RequestContext& ctx, bool dry_run) {
  if (!can(ctx.principal, Permission::kDataProtection)) return denied(ctx, "run the retention job");
  RetentionReport report;
  report.dry_run = dry_run;
  report.at = ctx.now;
  report.today = london_date(ctx.now);
  ASSIGN_OR_RETURN(auto stored, (store_.read_value<std::map<std::string, int>>)(
                                    [&](ReadTx& tx) { return tx.list_retention_rules(ctx.tenant); }));
  const RetentionRules rules = parse_rules(stored);
  for (CaseType type : all_case_types())
    if (!rules.count(type)) report.without_rule.push_back(type);

  for (const auto& rule_entry : rules) {
    const CaseType type = rule_entry.first;
    const int years = rule_entry.second;
    RetentionTypeReport tr{type, years, {}};
    const Instant bound = london_start_of_day(closed_before_bound(report.today, years));
    const std::string rule = std::string(to_string(type)) + ": " + std::to_string(years) + " years";
    Id after = 0;
    while (true) {
      ASSIGN_OR_RETURN(auto batch, store_.read_value<std::vector<RetentionCandidate>>([&](ReadTx& tx) {
        return tx.list_retention_candidates(ctx.tenant, type, bound, after, kBatch);
      }));
      if (batch.empty()) break;
      after = batch.back().id;
      if (dry_run) {
        for (const RetentionCandidate& c : batch) {
          const RetentionDecision d = decide_retention(type, CaseStatus::kClosed, c.closed_at, rules, report.today,
                                                       RetentionPurpose::kScheduledRun);
          if (d.verdict == RetentionVerdict::kAnonymise) tr.references.push_back(c.reference);
        }
        continue;
      }
      std::vector<std::string> done;
      RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
        done.clear();
        for (const RetentionCandidate& candidate : batch) {
          // Decided again on the case as it is now: it may have been
          // re-opened since the batch was read.
          ASSIGN_OR_RETURN(Case c, tx.get_case_for_update(ctx.tenant, candidate.reference));
          const RetentionDecision d = decide_retention(c.type, c.status, c.closed_at, rules, report.today,
                                                       RetentionPurpose::kScheduledRun);
          if (d.verdict != RetentionVerdict::kAnonymise) continue;
          RETURN_IF_ERROR(tx.anonymise_case(ctx.tenant, c.id, ctx.now));
          RETURN_IF_ERROR(audit(tx, ctx, "case.anonymise", "case", c.reference,
                                {{"cause", "retention"}, {"rule", rule}, {"retention_ends", format_date(*d.ends)}}));
          done.push_back(c.reference);
        }
        return {};
      }));
      tr.references.insert(tr.references.end(), done.begin(), done.end());
      if (static_cast<int>(batch.size()) < kBatch) break;
    }
    report.types.push_back(std::move(tr));
  }

  RETURN_IF_ERROR(store_.write([&](Tx& tx) {
    return audit(tx, ctx, dry_run ? "retention.dry_run" : "retention.run", "retention", "",
                 {{"cases", std::to_string(report.total())}});
  }));
  return report;
}

}  // namespace civicdesk
