// Everything the staff console's case page shows, read in one transaction:
// the case with its SLA status, the whole timeline (internal and public),
// links, photos, requests waiting for a manager and who is copied in. web/ renders it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "app/services.h"

namespace civicdesk {

struct CaseFile {
  CaseView view;
  std::vector<CaseEvent> events;          // oldest first
  std::vector<CaseLink> links;            // to cases the principal may see
  std::vector<Attachment> attachments;    // hidden ones included (staff who work it)
  std::vector<Approval> approvals;        // every request, newest last
  std::vector<Watcher> watchers;          // people copied in, oldest first
  std::shared_ptr<const CatalogueSnapshot> catalogue;
  bool workable = false;                  // the principal may change this case
};

// Staff only (kWorkCases); not_found for a case the principal may not see,
// exactly as CaseService::get. Views of restricted cases are audited.
Result<CaseFile> read_case_file(Services& s, const RequestContext& ctx, const std::string& reference);

}  // namespace civicdesk
