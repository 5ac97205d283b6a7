// The audit trail (queries and CSV export) and contact preferences. Subject
// access, erasure and retention have files of their own.
#include "app/privacy.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "app/audit.h"
#include "base/csv.h"

namespace civicdesk {

namespace {

bool is_resident(const Principal& p) { return p.kind == Principal::Kind::kUser && p.role == Role::kResident; }

// The filter, for the audit entry that records a look at the audit trail
// (identifiers only, like every audit entry).
std::map<std::string, std::string> filter_details(const AuditFilter& f) {
  std::map<std::string, std::string> d;
  if (f.from) d["from"] = format_instant(*f.from);
  if (f.to) d["to"] = format_instant(*f.to);
  if (!f.entity.empty()) d["entity"] = f.entity;
  if (!f.entity_id.empty()) d["entity_id"] = f.entity_id;
  if (!f.actor.empty()) d["actor"] = f.actor;
  return d;
}

// May the principal read (and, with `change`, set) this customer's
// preferences? Residents their own; staff who may edit customer records.
Status check_preferences(const RequestContext& ctx, Id customer_id, bool change) {
  const Permission needed = change ? Permission::kEditCustomers : Permission::kViewCustomers;
  if (!can(ctx.principal, needed)) return denied(ctx, change ? "change contact preferences" : "see contact preferences");
  if (is_resident(ctx.principal) && ctx.principal.customer_id != customer_id) return not_found("Customer not found");
  return {};
}

}  // namespace

std::string_view to_string(ExportScope s) { return s == ExportScope::kFull ? "full" : "self_service"; }

int ErasureReport::cases_anonymised() const {
  return static_cast<int>(std::count_if(cases.begin(), cases.end(), [](const ErasureCase& c) {
    return c.decision.verdict == RetentionVerdict::kAnonymise;
  }));
}

int ErasureReport::cases_kept() const { return static_cast<int>(cases.size()) - cases_anonymised(); }

int RetentionReport::total() const {
  int n = 0;
  for (const auto& t : types) n += static_cast<int>(t.references.size());
  return n;
}

// ---- the audit trail --------------------------------------------------------

Result<AuditPage> PrivacyService::audit_log(const RequestContext& ctx, AuditFilter f) {
  if (!can(ctx.principal, Permission::kViewAudit)) return denied(ctx, "see the audit trail");
  f.limit = std::clamp(f.limit, 1, 500);
  AuditPage page;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(page.items, tx.list_audit(ctx.tenant, f));
    return {};
  }));
  if (static_cast<int>(page.items.size()) > f.limit) {
    page.items.resize(f.limit);
    page.next_after = page.items.back().id;
  }
  // Looking at the audit trail is itself recorded (after the read, so that
  // the page does not show its own entry).
  RETURN_IF_ERROR(store_.write([&](Tx& tx) { return audit(tx, ctx, "audit.query", "audit", "", filter_details(f)); }));
  return page;
}

Status PrivacyService::export_audit(const RequestContext& ctx, const AuditFilter& f,
                                    const std::function<Status(const AuditEntry&)>& sink) {
  if (!can(ctx.principal, Permission::kViewAudit)) return denied(ctx, "export the audit trail");
  RETURN_IF_ERROR(store_.write([&](Tx& tx) { return audit(tx, ctx, "audit.export", "audit", "", filter_details(f)); }));
  return store_.read([&](ReadTx& tx) { return tx.each_audit(ctx.tenant, f, sink); });
}

void append_audit_csv_header(std::string& out) {
  append_csv_row(out, "id", "at", "actor", "address", "action", "entity", "entity_id", "details");
}

void append_audit_csv_row(std::string& out, const AuditEntry& e) {
  nlohmann::json details = nlohmann::json::object();
  for (const auto& [k, v] : e.details) details[k] = v;
  append_csv_row(out, std::to_string(e.id), format_instant(e.at), e.actor, e.address, e.action, e.entity,
                 e.entity_id, details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

// ---- contact preferences -------------------------------------------------------

Result<PreferencesView> PrivacyService::preferences(const RequestContext& ctx, Id customer_id) {
  RETURN_IF_ERROR(check_preferences(ctx, customer_id, false));
  PreferencesView v;
  v.customer_id = customer_id;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(Customer c, tx.get_customer(ctx.tenant, customer_id));
    ASSIGN_OR_RETURN(v.history, tx.list_preferences(ctx.tenant, customer_id));
    v.current = current_preferences(c, v.history);
    return {};
  }));
  RETURN_IF_ERROR(store_.write([&](Tx& tx) {
    return audit(tx, ctx, "customer.view", "customer", std::to_string(customer_id), {{"part", "preferences"}});
  }));
  return v;
}

Result<PreferencesView> PrivacyService::set_preferences(const RequestContext& ctx, Id customer_id,
                                                        const PreferencesUpdate& u) {
  RETURN_IF_ERROR(check_preferences(ctx, customer_id, true));
  PreferencesView v;
  v.customer_id = customer_id;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Customer c, tx.get_customer(ctx.tenant, customer_id));
    const ContactPreferences before = current_preferences(c);
    ASSIGN_OR_RETURN(PreferencesChange change,
                     apply_preferences(c, before, u, ctx.now, ctx.principal.actor_tag()));
    std::string names;
    for (const PreferenceChange& p : change.history) {
      RETURN_IF_ERROR(tx.put_preference(ctx.tenant, customer_id, p));
      names += (names.empty() ? "" : ",") + p.name;
    }
    if (change.customer.preferred_channel != c.preferred_channel || change.customer.language != c.language) {
      change.customer.updated_at = ctx.now;
      RETURN_IF_ERROR(tx.update_customer(ctx.tenant, change.customer, c.version));
      c = change.customer;
    }
    if (!names.empty())
      RETURN_IF_ERROR(audit(tx, ctx, "customer.preferences", "customer", std::to_string(customer_id),
                            {{"changed", names}}));
    ASSIGN_OR_RETURN(v.history, tx.list_preferences(ctx.tenant, customer_id));
    v.current = current_preferences(c, v.history);
    return {};
  }));
  return v;
}

}  // namespace civicdesk
