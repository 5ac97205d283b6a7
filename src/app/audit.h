// Writing to the audit trail: who did what to which record, when and from
// where. Called inside the use case's own transaction, so a change and its
// audit entry commit together (or neither does). Details hold identifiers
// and field names, never the personal data itself.
#pragma once

#include <map>
#include <string>

#include "app/context.h"
#include "store/store.h"

namespace civicdesk {

inline Status audit(Tx& tx, const RequestContext& ctx, std::string action, std::string entity,
                    std::string entity_id, std::map<std::string, std::string> details = {}) {
  AuditEntry e;
  e.at = ctx.now;
  e.actor = ctx.principal.actor_tag();
  e.address = ctx.address;
  e.action = std::move(action);
  e.entity = std::move(entity);
  e.entity_id = std::move(entity_id);
  e.details = std::move(details);
  return tx.append_audit(ctx.tenant, e);
}

// Refuses `permission`: 401 when nobody is signed in, else 403.
inline Error denied(const RequestContext& ctx, std::string_view what) {
  if (!ctx.principal.authenticated()) return unauthenticated();
  return forbidden(what);
}

}  // namespace civicdesk
