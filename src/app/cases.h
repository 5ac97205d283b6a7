// Case use cases. Each public method is one transaction that writes the
// change and its timeline events together.
//
// Errors (besides validation codes naming the field): not_found for an
// unknown reference; stale_version when `expected` (If-Match) is not the
// current version; transition_not_allowed / case_closed for state conflicts.
// Without `expected`, an action is applied to the current version (actions
// are deltas, so nothing is overwritten).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/catalogue_cache.h"
#include "app/commands.h"
#include "app/context.h"
#include "store/store.h"

namespace civicdesk {

// A case with where it stands against its SLA today.
struct CaseView {
  Case c;
  SlaStatus resolve;
  std::optional<bool> responded_in_time;  // once responded, if there was a target
  // Where a forwarded case stands with the back office: read only when asked
  // for (get(..., kWithBackOffice)), and nullopt when it was never forwarded.
  std::optional<BackOfficeLink> back_office;
};

enum class CaseDetail { kCase, kWithBackOffice };

struct CasePage {
  std::vector<CaseView> items;
  std::optional<CaseCursor> next;  // present when there are more
};

struct Timeline {
  std::vector<CaseEvent> events;
};

// The SLA policy a new case of `type` runs under: the type's own policy when
// the council has one (complaints, FOI, EIR, subject access: the policy whose
// code is the type's name), the council's Members' Enquiry targets
// (code "member_enquiry"), else the category's policy; with no category
// either, a policy with no targets (code "none"). not_found when the
// category names a policy that does not exist.
Result<SlaPolicy> sla_policy_for(const CatalogueSnapshot& cat, CaseType type, const Category* category);

// A timeline entry made by the principal of `ctx`, now (case_id 0: filled in
// when it is stored with its case).
CaseEvent case_event(const RequestContext& ctx, Id case_id, std::string_view kind, Visibility v,
                     std::map<std::string, std::string> details = {});

class CaseService {
 public:
  // `public_url` starts the links in customer messages (unsubscribe, surveys).
  CaseService(Store& store, CatalogueCache& cache, std::string public_url = "http://127.0.0.1:8080")
      : store_(store), cache_(cache), public_url_(std::move(public_url)) {}

  Result<CaseView> create(const RequestContext& ctx, const NewCase& in);
  // kWithBackOffice also reads the back-office link, in the same read
  // transaction (the council's side of the case JSON).
  Result<CaseView> get(const RequestContext& ctx, const std::string& reference,
                       CaseDetail detail = CaseDetail::kCase);
  Result<CasePage> list(const RequestContext& ctx, CaseFilter filter);
  Result<CaseView> update(const RequestContext& ctx, const std::string& reference, const CasePatch& patch,
                          ExpectedVersion expected);
  Result<CaseView> transition(const RequestContext& ctx, const std::string& reference,
                              const TransitionRequest& req, ExpectedVersion expected);
  Result<CaseView> assign(const RequestContext& ctx, const std::string& reference, const Assignment& a,
                          ExpectedVersion expected);
  // A public note is a response to the customer (starts the response clock).
  Result<CaseEvent> add_note(const RequestContext& ctx, const std::string& reference, const NewNote& note);
  // Grants `amount` more working days (or months) on the resolve-by date.
  Result<CaseView> extend(const RequestContext& ctx, const std::string& reference, int amount,
                          const std::string& reason, ExpectedVersion expected);
  Result<Timeline> timeline(const RequestContext& ctx, const std::string& reference,
                            std::optional<Visibility> only);

  // Every case matching `filter` (cursor and limit ignored), handed to `sink`
  // one at a time as they come from the database; stops at sink's first error.
  Status export_cases(const RequestContext& ctx, const CaseFilter& filter,
                      const std::function<Status(const CaseView&)>& sink);

  Result<std::vector<CaseLink>> links(const RequestContext& ctx, const std::string& reference);
  Status link(const RequestContext& ctx, const std::string& reference, LinkKind kind,
              const std::string& other_reference);
  Status unlink(const RequestContext& ctx, const std::string& reference, LinkKind kind,
                const std::string& other_reference);

  Result<std::vector<Watcher>> watchers(const RequestContext& ctx, const std::string& reference);
  Status watch(const RequestContext& ctx, const std::string& reference, Watcher w);
  Status unwatch(const RequestContext& ctx, const std::string& reference, const Watcher& w);

  // Creates a case inside a caller's transaction (contacts log one with the
  // contact that led to it). Returns the stored case.
  Result<Case> create_in(Tx& tx, const CatalogueSnapshot& cat, const RequestContext& ctx, const NewCase& in);

  static CaseView view(const CatalogueSnapshot& cat, const Case& c, Instant now);

  // Loads the case and catalogue, applies `change` to a copy, bumps the
  // version and writes it with the events `change` adds, in one transaction
  // (retried on a concurrent change when no version is expected). `change`
  // may write related rows through the transaction. Members' Enquiries queue
  // the messages their new events call for (app/enquiries.h); other cases
  // queue their customer's (app/notifications.h).
  using TxChange = std::function<Status(Tx&, const CatalogueSnapshot&, Case&, std::vector<CaseEvent>&)>;
  Result<CaseView> change_case(const RequestContext& ctx, const std::string& reference, ExpectedVersion expected,
                               const TxChange& change, Permission needed = Permission::kWorkCases);

  // The case if the principal may see it (not_found otherwise, exactly as
  // for a case that does not exist).
  Result<Case> visible(ReadTx& tx, const CatalogueSnapshot& cat, const RequestContext& ctx,
                       const std::string& reference);

 private:
  using Change = std::function<Status(const CatalogueSnapshot&, Case&, std::vector<CaseEvent>&)>;
  // `needed`: kWorkCases for staff actions; kViewCases for updates residents
  // and councillors may add to cases they can see.
  Result<CaseView> mutate(const RequestContext& ctx, const std::string& reference, ExpectedVersion expected,
                          const Change& change, Permission needed = Permission::kWorkCases);
  Result<Case> check_visible(ReadTx& tx, const CatalogueSnapshot& cat, const RequestContext& ctx, Case c,
                             const std::string& reference);
  // Locked for update, visible, and changeable by the principal.
  Result<Case> workable(Tx& tx, const CatalogueSnapshot& cat, const RequestContext& ctx,
                        const std::string& reference, Permission needed);
  static Status apply_creator_rules(const RequestContext& ctx, NewCase& in);
  static CaseScope scope_for(const CatalogueSnapshot& cat, const RequestContext& ctx);
  Result<Case> find(ReadTx& tx, TenantId tenant, const std::string& reference);
  Result<Case> find_for_update(Tx& tx, TenantId tenant, const std::string& reference);

  Store& store_;
  CatalogueCache& cache_;
  std::string public_url_;
};

}  // namespace civicdesk
