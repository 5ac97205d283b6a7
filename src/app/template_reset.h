// Putting a service's own wording of a message back to the council's: the
// service's override of template `name` for `category` stops counting, so
// its cases get the council's wording (or the shipped default) again.
//
// Stored as an override with an empty subject, body and text message, which
// template resolution (notifications.cpp) skips: the store has no delete for
// templates yet, and this keeps who reset it and when. Managers and
// administrators (Permission::kApprove, as for changing templates); audited
// as notification_template.reset. not_found for an unknown name,
// invalid_query for an unknown category, invalid_field ("category") for ""
// (the council's own wording has nothing to go back to but the default,
// which saving the default's text does).
#pragma once

#include <string>

#include "app/catalogue_cache.h"
#include "app/context.h"
#include "store/store.h"

namespace civicdesk {

Status reset_template(Store& store, CatalogueCache& cache, const RequestContext& ctx, const std::string& name,
                      const std::string& category);

}  // namespace civicdesk
