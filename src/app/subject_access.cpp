// Subject access: everything the council holds about one customer, read in
// one consistent snapshot. Renderings (JSON, a printable page) are http/'s.
#include <algorithm>
#include <set>

#include "app/audit.h"
#include "app/privacy.h"

namespace civicdesk {

namespace {

constexpr int kPage = 1000;

bool is_resident(const Principal& p) { return p.kind == Principal::Kind::kUser && p.role == Role::kResident; }

Result<ExportScope> scope_for(const RequestContext& ctx, Id customer_id) {
  if (can(ctx.principal, Permission::kDataProtection)) return ExportScope::kFull;
  if (is_resident(ctx.principal) && ctx.principal.customer_id) {
    if (*ctx.principal.customer_id != customer_id) return not_found("Customer not found");
    return ExportScope::kSelfService;
  }
  return denied(ctx, "export what the council holds about a customer");
}

Result<std::vector<Contact>> all_contacts(ReadTx& tx, TenantId t, Id customer_id) {
  std::vector<Contact> out;
  ContactFilter f;
  f.customer_id = customer_id;
  f.limit = kPage;
  while (true) {
    ASSIGN_OR_RETURN(auto page, tx.list_contacts(t, f));
    const bool more = static_cast<int>(page.size()) > kPage;
    if (more) page.resize(kPage);
    out.insert(out.end(), page.begin(), page.end());
    if (!more) return out;
    f.after_id = out.back().id;
  }
}

Result<std::vector<OutboxMessage>> all_messages(ReadTx& tx, TenantId t, std::vector<std::string> recipients) {
  std::vector<OutboxMessage> out;
  if (recipients.empty()) return out;
  OutboxFilter f;
  f.recipients = std::move(recipients);
  f.limit = kPage;
  while (true) {
    ASSIGN_OR_RETURN(auto page, tx.list_outbox(t, f));
    const bool more = static_cast<int>(page.size()) > kPage;
    if (more) page.resize(kPage);
    out.insert(out.end(), page.begin(), page.end());
    if (!more) return out;
    f.after_id = out.back().id;
  }
}

Status add_audit(ReadTx& tx, TenantId t, AuditFilter f, std::map<Id, AuditEntry>& into) {
  f.limit = kPage;
  while (true) {
    ASSIGN_OR_RETURN(auto page, tx.list_audit(t, f));
    const bool more = static_cast<int>(page.size()) > kPage;
    if (more) page.resize(kPage);
    for (auto& e : page) into.emplace(e.id, std::move(e));
    if (!more) return {};
    f.after_id = page.back().id;
  }
}

}  // namespace

Result<SubjectAccessExport> PrivacyService::subject_access(const RequestContext& ctx, Id customer_id,
                                                           const std::string& format) {
  ASSIGN_OR_RETURN(ExportScope scope, scope_for(ctx, customer_id));
  const bool full = scope == ExportScope::kFull;
  SubjectAccessExport x;
  x.scope = scope;
  x.generated_at = ctx.now;
  x.generated_by = ctx.principal.actor_tag();
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    x.council = cat->tenant;
    ASSIGN_OR_RETURN(x.customer, tx.get_customer(ctx.tenant, customer_id));
    x.preferences.customer_id = customer_id;
    ASSIGN_OR_RETURN(x.preferences.history, tx.list_preferences(ctx.tenant, customer_id));
    x.preferences.current = current_preferences(x.customer, x.preferences.history);

    ASSIGN_OR_RETURN(auto users, tx.list_users(ctx.tenant));
    for (User& u : users) {
      if (u.customer_id != customer_id) continue;
      u.password_hash.clear();  // secrets are not personal data to hand out
      u.totp_secret.reset();
      x.accounts.push_back(std::move(u));
    }
    ASSIGN_OR_RETURN(x.contacts, all_contacts(tx, ctx.tenant, customer_id));

    // Cases: a full export has all of them; a resident's own, those their
    // account shows (restricted categories stay with the council).
    CaseFilter cf;
    cf.customer_id = customer_id;
    std::vector<Category> restricted;
    for (const auto& [code, c] : cat->categories)
      if (c.restricted) restricted.push_back(c);
    cf.scope = full ? CaseScope::all() : case_scope(ctx.principal, restricted);
    std::vector<Case> cases;
    RETURN_IF_ERROR(tx.each_case(ctx.tenant, cf, [&](const Case& c) {
      cases.push_back(c);
      return Status{};
    }));
    const std::optional<Visibility> only = full ? std::nullopt : std::optional<Visibility>(Visibility::kPublic);
    for (const Case& c : cases) {
      CaseRecord r{CaseService::view(*cat, c, ctx.now), {}, {}, {}};
      ASSIGN_OR_RETURN(r.timeline, tx.list_events(ctx.tenant, c.id, only));
      ASSIGN_OR_RETURN(r.links, tx.list_links(ctx.tenant, c.id));
      ASSIGN_OR_RETURN(auto photos, tx.list_attachments(ctx.tenant, c.id));
      for (auto& a : photos)  // a self-service export shows what the account shows
        if (full || !a.hidden) r.photos.push_back(std::move(a));
      if (auto it = cat->categories.find(c.category); it != cat->categories.end())
        x.category_names[c.category] = it->second.name;
      if (auto it = cat->delivery_units.find(c.delivery_unit); it != cat->delivery_units.end())
        x.delivery_unit_names[c.delivery_unit] = it->second.name;
      x.cases.push_back(std::move(r));
    }
    for (const Contact& k : x.contacts)
      if (auto it = cat->categories.find(k.category); it != cat->categories.end())
        x.category_names[k.category] = it->second.name;

    if (!full) return {};
    std::vector<std::string> emails, recipients;
    for (const auto& e : x.customer.emails) emails.push_back(e.address);
    recipients = emails;
    for (const auto& p : x.customer.phones) recipients.push_back(p.number);
    ASSIGN_OR_RETURN(x.watching, tx.list_watched_cases(ctx.tenant, customer_id, emails));
    ASSIGN_OR_RETURN(x.messages, all_messages(tx, ctx.tenant, recipients));

    // The audit trail about them (their record and their cases) and of what
    // they did themselves (as a signed-in resident).
    std::map<Id, AuditEntry> audit;
    RETURN_IF_ERROR(add_audit(tx, ctx.tenant, AuditFilter{.entity = "customer", .entity_id = std::to_string(customer_id)},
                              audit));
    RETURN_IF_ERROR(add_audit(tx, ctx.tenant, AuditFilter{.actor = "customer:" + std::to_string(customer_id)}, audit));
    for (const Case& c : cases)
      RETURN_IF_ERROR(add_audit(tx, ctx.tenant, AuditFilter{.entity = "case", .entity_id = c.reference}, audit));
    for (auto& [id, e] : audit) x.audit.push_back(std::move(e));
    return {};
  }));

  if (full) {
    x.left_out = {
        "Before this export is given to the requester, check it for other people's personal data and for "
        "information covered by an exemption (Data Protection Act 2018, Schedule 2), and redact as needed.",
        "Records held outside civicdesk (back-office systems, email, paper files) are not included.",
    };
  } else {
    x.left_out = {
        "This is the copy your account can show you: updates the council shared with you, not its internal "
        "notes, and not cases about sensitive services handled by specialist teams.",
        "To receive everything the council holds about you, make a subject access request: the council will "
        "send a full copy within one month.",
    };
  }
  // Every export is recorded; no audit entry, no export.
  RETURN_IF_ERROR(store_.write([&](Tx& tx) {
    return audit(tx, ctx, "customer.subject_access", "customer", std::to_string(customer_id),
                 {{"scope", std::string(to_string(scope))},
                  {"format", format},
                  {"cases", std::to_string(x.cases.size())}});
  }));
  return x;
}

}  // namespace civicdesk
