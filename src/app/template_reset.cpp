#include "app/template_reset.h"

#include "app/audit.h"
#include "domain/notification_template.h"

namespace civicdesk {

Status reset_template(Store& store, CatalogueCache& cache, const RequestContext& ctx, const std::string& name,
                      const std::string& category) {
  if (!can(ctx.principal, Permission::kApprove)) return denied(ctx, "change notification templates");
  if (!is_template_name(name))
    return not_found("There is no notification template called \"" + name.substr(0, 64) + "\"");
  if (category.empty()) return invalid_field("category", "Name the service whose own wording to reset");
  RETURN_IF_ERROR(store.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache.get(tx, ctx.tenant));
    if (!cat->categories.count(category))
      return Error(ErrorCode::kInvalidQuery, "There is no service \"" + category.substr(0, 64) + "\"", "category");
    RETURN_IF_ERROR(tx.put_notification_template(
        ctx.tenant, NotificationTemplate{name, category, TemplateText{}, ctx.now, ctx.principal.actor_tag()}));
    return audit(tx, ctx, "notification_template.reset", "notification_template", name, {{"category", category}});
  }));
  cache.invalidate(ctx.tenant);  // this server's next case write uses the council's text
  return {};
}

}  // namespace civicdesk
