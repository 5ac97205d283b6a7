// Erasure ("the right to be forgotten", UK GDPR Article 17), honouring the
// council's retention rules. The plan is computed and applied in the same
// transaction, so the report describes exactly what was done; a dry run
// computes the same plan and changes nothing.
#include "app/audit.h"
#include "app/privacy.h"

namespace civicdesk {

namespace {

constexpr int kPage = 1000;

RetentionRules parse_rules(const std::map<std::string, int>& stored) {
  RetentionRules rules;
  for (const auto& [type, years] : stored)
    if (auto t = parse_case_type(type)) rules[*t] = years;
  return rules;
}

std::string erased_email(Id user_id) { return "erased-" + std::to_string(user_id) + "@erased.invalid"; }

}  // namespace

Result<ErasureReport> PrivacyService::plan_erasure(ReadTx& tx, const RequestContext& ctx, Id customer_id,
                                                   bool dry_run) {
  ErasureReport r;
  r.customer_id = customer_id;
  r.dry_run = dry_run;
  r.at = ctx.now;
  ASSIGN_OR_RETURN(Customer c, tx.get_customer(ctx.tenant, customer_id));
  r.emails = static_cast<int>(c.emails.size());
  r.phones = static_cast<int>(c.phones.size());
  r.addresses = static_cast<int>(c.addresses.size());
  ASSIGN_OR_RETURN(auto history, tx.list_preferences(ctx.tenant, customer_id));
  r.preference_changes = static_cast<int>(history.size());

  ContactFilter cf;
  cf.customer_id = customer_id;
  cf.limit = kPage;
  while (true) {
    ASSIGN_OR_RETURN(auto page, tx.list_contacts(ctx.tenant, cf));
    const bool more = static_cast<int>(page.size()) > kPage;
    if (more) page.resize(kPage);
    for (const Contact& k : page) r.contacts += (!k.reason.empty() || !k.notes.empty()) ? 1 : 0;
    if (!more || page.empty()) break;
    cf.after_id = page.back().id;
  }

  std::vector<std::string> emails, recipients;
  for (const auto& e : c.emails) emails.push_back(e.address);
  recipients = emails;
  for (const auto& p : c.phones) recipients.push_back(p.number);
  ASSIGN_OR_RETURN(auto watching, tx.list_watched_cases(ctx.tenant, customer_id, emails));
  r.watching = static_cast<int>(watching.size());
  if (!recipients.empty()) {
    OutboxFilter of;
    of.recipients = recipients;
    of.limit = kPage;
    while (true) {
      ASSIGN_OR_RETURN(auto page, tx.list_outbox(ctx.tenant, of));
      const bool more = static_cast<int>(page.size()) > kPage;
      if (more) page.resize(kPage);
      r.messages += static_cast<int>(page.size());
      if (!more || page.empty()) break;
      of.after_id = page.back().id;
    }
  }
  ASSIGN_OR_RETURN(auto users, tx.list_users(ctx.tenant));
  for (const User& u : users)
    if (u.customer_id == customer_id && u.email != erased_email(u.id)) ++r.accounts;

  ASSIGN_OR_RETURN(auto stored, tx.list_retention_rules(ctx.tenant));
  const RetentionRules rules = parse_rules(stored);
  const LocalDate today = london_date(ctx.now);
  CaseFilter f;
  f.customer_id = customer_id;
  f.scope = CaseScope::all();
  RETURN_IF_ERROR(tx.each_case(ctx.tenant, f, [&](const Case& k) {
    ErasureCase e;
    e.id = k.id;
    e.reference = k.reference;
    e.type = k.type;
    e.status = k.status;
    e.decision = decide_retention(k.type, k.status, k.closed_at, rules, today, RetentionPurpose::kErasureRequest);
    e.explanation = explain(e.decision, k.type);
    r.cases.push_back(std::move(e));
    return Status{};
  }));
  return r;
}

Status PrivacyService::apply_erasure(Tx& tx, const RequestContext& ctx, const ErasureReport& plan) {
  const std::string customer = std::to_string(plan.customer_id);
  ASSIGN_OR_RETURN(Customer before, tx.get_customer(ctx.tenant, plan.customer_id));
  for (const ErasureCase& e : plan.cases) {
    const std::string reason(to_string(e.decision.reason));
    if (e.decision.verdict == RetentionVerdict::kAnonymise) {
      RETURN_IF_ERROR(tx.anonymise_case(ctx.tenant, e.id, ctx.now));
      RETURN_IF_ERROR(audit(tx, ctx, "case.anonymise", "case", e.reference,
                            {{"cause", "erasure_request"}, {"customer", customer}, {"reason", reason}}));
      continue;
    }
    // Kept: unlinked from the erased record, with a note on the timeline of
    // whose case it was (the minimum that keeps a retained record usable,
    // removed when the case is anonymised at the end of its period).
    ASSIGN_OR_RETURN(Case c, tx.get_case_for_update(ctx.tenant, e.reference));
    Case next = c;
    next.customer_id.reset();
    next.version = c.version + 1;
    next.updated_at = ctx.now;
    RETURN_IF_ERROR(tx.update_case(ctx.tenant, next, c.version));
    CaseEvent ev;
    ev.case_id = c.id;
    ev.at = ctx.now;
    ev.actor = ctx.principal.actor_tag();
    ev.kind = std::string(event_kind::kCustomerErased);
    ev.visibility = Visibility::kInternal;
    ev.details = {{"customer", customer}, {"name", before.display_name()}, {"kept_because", reason}};
    if (e.decision.ends) ev.details["retention_ends"] = format_date(*e.decision.ends);
    RETURN_IF_ERROR(tx.append_event(ctx.tenant, ev));
    RETURN_IF_ERROR(audit(tx, ctx, "case.retain", "case", e.reference,
                          {{"cause", "erasure_request"}, {"customer", customer}, {"reason", reason}}));
  }

  // Sign-in accounts: deactivated, signed out and stripped of the address
  // and name (the row stays so the audit trail's actor ids still resolve).
  ASSIGN_OR_RETURN(auto users, tx.list_users(ctx.tenant));
  for (User u : users) {
    if (u.customer_id != plan.customer_id || u.email == erased_email(u.id)) continue;
    u.email = erased_email(u.id);
    u.name = "Erased customer";
    u.password_hash.clear();
    u.totp_secret.reset();
    u.active = false;
    u.updated_at = ctx.now;
    RETURN_IF_ERROR(tx.update_user(ctx.tenant, u));
    RETURN_IF_ERROR(tx.revoke_sessions(ctx.tenant, u.id, std::nullopt, ctx.now));
    RETURN_IF_ERROR(audit(tx, ctx, "user.erase", "user", std::to_string(u.id), {{"customer", customer}}));
  }
  return tx.erase_customer(ctx.tenant, plan.customer_id, ctx.now);
}

Result<ErasureReport> PrivacyService::erase(const RequestContext& ctx, Id customer_id, bool dry_run) {
  if (!can(ctx.principal, Permission::kDataProtection)) return denied(ctx, "erase customers' personal data");
  std::optional<ErasureReport> out;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(ErasureReport plan, plan_erasure(tx, ctx, customer_id, dry_run));
    if (!dry_run) RETURN_IF_ERROR(apply_erasure(tx, ctx, plan));
    RETURN_IF_ERROR(audit(tx, ctx, dry_run ? "customer.erase_dry_run" : "customer.erase", "customer",
                          std::to_string(customer_id),
                          {{"cases_anonymised", std::to_string(plan.cases_anonymised())},
                           {"cases_kept", std::to_string(plan.cases_kept())}}));
    out = std::move(plan);
    return {};
  }));
  return std::move(*out);
}

}  // namespace civicdesk
