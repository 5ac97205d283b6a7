// Councils, their catalogue (delivery units, teams, officers, wards,
// councillors, SLA policies, services) and their working-day calendars.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/catalogue_cache.h"
#include "app/context.h"
#include "store/store.h"

namespace civicdesk {

class CatalogueService {
 public:
  CatalogueService(Store& store, CatalogueCache& cache) : store_(store), cache_(cache) {}

  Result<std::vector<Tenant>> tenants();
  Result<Tenant> tenant_by_slug(const std::string& slug);
  // Creates a council with the given calendar. Validates the slug, name,
  // reference prefix (2-6 capital letters), brand colour (#rrggbb) and ME
  // targets; already_exists for a taken slug.
  Result<Tenant> create_tenant(Tenant t, const std::vector<BankHoliday>& holidays, Instant now);

  Result<std::shared_ptr<const CatalogueSnapshot>> snapshot(const RequestContext& ctx);

  // Writes, validated; referenced codes must exist (a team's delivery unit, a
  // category's delivery unit, policy and parent, an officer's team...).
  Status put_delivery_unit(const RequestContext& ctx, const DeliveryUnit& du);
  Status put_team(const RequestContext& ctx, const Team& team);
  Result<Id> put_officer(const RequestContext& ctx, const Officer& officer);
  Status put_ward(const RequestContext& ctx, const Ward& ward);
  Result<Id> put_member(const RequestContext& ctx, const Member& member);
  Status put_sla_policy(const RequestContext& ctx, const SlaPolicy& policy);
  Status put_category(const RequestContext& ctx, const Category& category);

  // Replaces the council's calendar from GOV.UK bank-holidays.json text.
  // Returns the number of holidays loaded. invalid_file when malformed, or
  // when it has no holidays for the council's own division.
  Result<size_t> import_calendar(const RequestContext& ctx, std::string_view json_text);

 private:
  // Runs a validated catalogue write with the current snapshot.
  Status put(const RequestContext& ctx, const std::function<Status(Tx&, const CatalogueSnapshot&)>& fn);

  Store& store_;
  CatalogueCache& cache_;
};

}  // namespace civicdesk
