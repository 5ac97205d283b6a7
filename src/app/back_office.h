// Back-office integration (docs/back-office.md).
//
// Out: a category may forward its new cases to a webhook endpoint (a
// delivery unit's own system). forward_new_case queues the signed webhook
// `case.created` in the transaction that creates the case, and records the
// case's back-office link.
//
// In: the back office posts updates about the cases forwarded to it, as the
// client system its endpoint names (scope backoffice), each signed with the
// endpoint's secret over "<timestamp>.<body>" and carrying an update id
// never used before. A verified update moves the case through its workflow,
// adds the public note to the timeline (the resident is told; Open311 shows
// it) and the internal note, and keeps the back office's own reference and
// status code on the case; a replayed, stale or badly signed update changes
// nothing.
#pragma once

#include <optional>
#include <string>

#include "app/catalogue_cache.h"
#include "app/context.h"
#include "store/store.h"

namespace civicdesk {

// Queues `case.created` for a case of a forwarding category (a no-op for
// other categories) and records where it went. Called by CaseService inside
// the creating transaction.
Status forward_new_case(Tx& tx, const CatalogueSnapshot& cat, TenantId tenant, const Case& c, Instant now);

// Queues `case.updated` for a forwarded case (one with a back-office link)
// when `events` (stored, with ids) include what its back office must know:
// a status change (closed, re-opened, cancelled as withdrawn...) or an update
// from the resident or councillor (`by_council` false). A no-op otherwise.
// Called by CaseService inside the changing transaction.
Status forward_case_changes(Tx& tx, const CatalogueSnapshot& cat, TenantId tenant, const Case& c,
                            const std::vector<CaseEvent>& events, bool by_council, Instant now);

// The webhook body sent for a forwarded case (docs/back-office.md). No
// personal data of the resident beyond what the case itself says.
std::string case_created_body(const CatalogueSnapshot& cat, const Case& c);

// A signed request as the HTTP layer received it.
struct SignedBody {
  std::optional<std::string> timestamp;  // X-Civicdesk-Timestamp
  std::optional<std::string> signature;  // X-Civicdesk-Signature: "sha256=<hex>"
  std::string body;                      // exactly as received
};

struct BackOfficeResult {
  Case c;
  BackOfficeLink link;
  bool status_changed = false;
};

class BackOfficeService {
 public:
  BackOfficeService(Store& store, CatalogueCache& cache, std::string public_url)
      : store_(store), cache_(cache), public_url_(std::move(public_url)) {}

  // Applies a back-office update to the case `reference`. `parsed` is the
  // body decoded by the caller; its error is returned only once the
  // signature has been verified. Errors: permission_denied (not a
  // backoffice client), not_found (no such case, or not forwarded to an
  // endpoint naming this client), unauthenticated (field names the header:
  // missing or wrong signature), invalid_field (stale timestamp),
  // already_exists (update_id used before), case_closed, and the body's
  // own field errors. Nothing changes on any error.
  Result<BackOfficeResult> apply_update(const RequestContext& ctx, const std::string& reference,
                                        const SignedBody& signed_body, const Result<BackOfficeUpdate>& parsed);

  // Sets the webhook endpoint a category forwards its new cases to ("" to
  // stop). Administrators (manage_catalogue). The endpoint must exist;
  // restricted (safeguarding) categories are never forwarded.
  Result<Category> set_forwarding(const RequestContext& ctx, const std::string& category,
                                  const std::string& endpoint);

 private:
  Store& store_;
  CatalogueCache& cache_;
  std::string public_url_;
};

}  // namespace civicdesk
