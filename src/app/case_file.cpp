#include "app/case_file.h"

#include "app/audit.h"

namespace civicdesk {

Result<CaseFile> read_case_file(Services& s, const RequestContext& ctx, const std::string& reference) {
  if (!can(ctx.principal, Permission::kWorkCases)) return denied(ctx, "see the staff case page");
  CaseFile out;
  bool restricted = false;
  RETURN_IF_ERROR(s.store.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(out.catalogue, s.cache.get(tx, ctx.tenant));
    const CatalogueSnapshot& cat = *out.catalogue;
    ASSIGN_OR_RETURN(Case c, s.cases.visible(tx, cat, ctx, reference));
    auto category = cat.categories.find(c.category);
    restricted = category != cat.categories.end() && category->second.restricted;
    out.view = CaseService::view(cat, c, ctx.now);
    out.workable = can_work_case(ctx.principal, c);
    ASSIGN_OR_RETURN(out.events, tx.list_events(ctx.tenant, c.id, std::nullopt));
    // Links to cases this person may not see are left out, in the timeline
    // too, as CaseService::links and ::timeline do.
    std::erase_if(out.events, [&](const CaseEvent& e) {
      if (e.kind != event_kind::kLinked && e.kind != event_kind::kUnlinked) return false;
      auto other = e.details.find("case");
      return other != e.details.end() && !s.cases.visible(tx, cat, ctx, other->second);
    });
    ASSIGN_OR_RETURN(auto links, tx.list_links(ctx.tenant, c.id));
    for (auto& l : links)
      if (s.cases.visible(tx, cat, ctx, l.other_reference)) out.links.push_back(std::move(l));
    ASSIGN_OR_RETURN(auto photos, tx.list_attachments(ctx.tenant, c.id));
    for (auto& a : photos)
      if (!a.hidden || out.workable) out.attachments.push_back(std::move(a));
    ASSIGN_OR_RETURN(out.approvals, tx.list_approvals(ctx.tenant, c.id));
    ASSIGN_OR_RETURN(out.watchers, tx.list_watchers(ctx.tenant, c.id));
    return {};
  }));
  if (restricted)
    RETURN_IF_ERROR(s.store.write([&](Tx& tx) { return audit(tx, ctx, "case.view", "case", out.view.c.reference); }));
  return out;
}

}  // namespace civicdesk
