#include "app/catalogue_cache.h"

namespace civicdesk {

Result<const Category*> CatalogueSnapshot::category(const std::string& code, std::string_view field) const {
  auto it = categories.find(code);
  if (it == categories.end())
    return Error(ErrorCode::kInvalidField, "There is no service \"" + code.substr(0, 64) + "\"",
                 std::string(field));
  return &it->second;
}

Result<const DeliveryUnit*> CatalogueSnapshot::delivery_unit(const std::string& code,
                                                            std::string_view field) const {
  auto it = delivery_units.find(code);
  if (it == delivery_units.end())
    return Error(ErrorCode::kInvalidField, "There is no delivery unit \"" + code.substr(0, 64) + "\"",
                 std::string(field));
  return &it->second;
}

Result<const SlaPolicy*> CatalogueSnapshot::policy(const std::string& code) const {
  auto it = policies.find(code);
  if (it == policies.end())
    return Error(ErrorCode::kFailedPrecondition, "The service level \"" + code + "\" is not defined");
  return &it->second;
}

Result<std::shared_ptr<const CatalogueSnapshot>> CatalogueCache::get(ReadTx& tx, TenantId tenant) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    auto it = by_tenant_.find(tenant);
    if (it != by_tenant_.end() && now - it->second.checked < revalidate_after_) return it->second.snapshot;
  }
  ASSIGN_OR_RETURN(int64_t version, tx.catalogue_version(tenant));
  {
    std::lock_guard lock(mu_);
    auto it = by_tenant_.find(tenant);
    if (it != by_tenant_.end() && it->second.snapshot->version == version) {
      it->second.checked = now;
      return it->second.snapshot;
    }
  }
  ASSIGN_OR_RETURN(auto snapshot, load(tx, tenant, version));
  std::lock_guard lock(mu_);
  Entry& slot = by_tenant_[tenant];
  if (!slot.snapshot || slot.snapshot->version <= version) slot = Entry{snapshot, now};
  return snapshot;
}

void CatalogueCache::invalidate(TenantId tenant) {
  std::lock_guard lock(mu_);
  by_tenant_.erase(tenant);
}

Status CatalogueSnapshot::check_in_area(const Location& l) const {
  if (boundary.empty() || !l.lat || !l.lng) return {};
  if (geo::contains(boundary, geo::Point{*l.lat, *l.lng})) return {};
  return invalid_field("location", "The point " + std::to_string(*l.lat).substr(0, 9) + ", " +
                                       std::to_string(*l.lng).substr(0, 9) + " is outside the area of " + tenant.name +
                                       ": report it to the council responsible for that place");
}

Result<std::shared_ptr<const CatalogueSnapshot>> CatalogueCache::load(ReadTx& tx, TenantId tenant,
                                                                      int64_t version) {
  auto s = std::make_shared<CatalogueSnapshot>();
  s->version = version;
  ASSIGN_OR_RETURN(s->tenant, tx.get_tenant(tenant));
  ASSIGN_OR_RETURN(auto dus, tx.list_delivery_units(tenant));
  for (auto& d : dus) s->delivery_units.emplace(d.code, std::move(d));
  ASSIGN_OR_RETURN(auto teams, tx.list_teams(tenant));
  for (auto& t : teams) s->teams.emplace(t.code, std::move(t));
  ASSIGN_OR_RETURN(auto officers, tx.list_officers(tenant));
  for (auto& o : officers) s->officers.emplace(o.id, std::move(o));
  ASSIGN_OR_RETURN(auto wards, tx.list_wards(tenant));
  for (auto& w : wards) s->wards.emplace(w.code, std::move(w));
  ASSIGN_OR_RETURN(auto members, tx.list_members(tenant));
  for (auto& m : members) s->members.emplace(m.id, std::move(m));
  ASSIGN_OR_RETURN(auto policies, tx.list_sla_policies(tenant));
  for (auto& p : policies) s->policies.emplace(p.code, std::move(p));
  ASSIGN_OR_RETURN(auto categories, tx.list_categories(tenant));
  for (auto& c : categories) s->categories.emplace(c.code, std::move(c));
  ASSIGN_OR_RETURN(s->holidays, tx.list_holidays(tenant));
  ASSIGN_OR_RETURN(s->notification_templates, tx.list_notification_templates(tenant));
  ASSIGN_OR_RETURN(s->notification_settings, tx.list_notification_settings(tenant));
  ASSIGN_OR_RETURN(std::string boundary, tx.get_tenant_boundary(tenant));
  if (!boundary.empty()) {
    auto parsed = geo::parse_boundary(boundary);
    if (parsed) s->boundary = std::move(*parsed);  // stored ones were validated when set
  }
  s->council_calendar = WorkingCalendar::build(s->holidays, {s->tenant.division});
  s->all_uk_calendar = WorkingCalendar::build(
      s->holidays, {Division::kEnglandAndWales, Division::kScotland, Division::kNorthernIreland});
  return std::shared_ptr<const CatalogueSnapshot>(std::move(s));
}

}  // namespace civicdesk
