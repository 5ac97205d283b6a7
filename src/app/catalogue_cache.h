// A per-council snapshot of the reference data every request needs: the
// council, its delivery units, teams, officers, wards, councillors, SLA
// policies, service categories and working-day calendars.
//
// Snapshots are immutable and shared. Each transaction asks for the snapshot
// with the council's current catalogue_version (one indexed read), so a change
// made by any civicdesk process sharing the database is seen by the next
// request everywhere.
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "store/store.h"

namespace civicdesk {

struct CatalogueSnapshot {
  int64_t version = 0;
  Tenant tenant;
  std::map<std::string, DeliveryUnit> delivery_units;
  std::map<std::string, Team> teams;
  std::map<Id, Officer> officers;
  std::map<std::string, Ward> wards;
  std::map<Id, Member> members;
  std::map<std::string, SlaPolicy> policies;
  std::map<std::string, Category> categories;
  std::vector<BankHoliday> holidays;
  WorkingCalendar council_calendar = WorkingCalendar::build(std::vector<LocalDate>{});
  WorkingCalendar all_uk_calendar = WorkingCalendar::build(std::vector<LocalDate>{});

  const WorkingCalendar& calendar_for(const SlaPolicy& p) const {
    return p.holidays == HolidaySet::kAllUk ? all_uk_calendar : council_calendar;
  }
  // not_found naming the field when the code is unknown.
  Result<const Category*> category(const std::string& code, std::string_view field = "category") const;
  Result<const DeliveryUnit*> delivery_unit(const std::string& code,
                                            std::string_view field = "delivery_unit") const;
  Result<const SlaPolicy*> policy(const std::string& code) const;
};

class CatalogueCache {
 public:
  // The current snapshot for `tenant`, loaded through `tx` when stale.
  Result<std::shared_ptr<const CatalogueSnapshot>> get(ReadTx& tx, TenantId tenant);

 private:
  static Result<std::shared_ptr<const CatalogueSnapshot>> load(ReadTx& tx, TenantId tenant, int64_t version);

  std::mutex mu_;
  std::unordered_map<TenantId, std::shared_ptr<const CatalogueSnapshot>> by_tenant_;  // guarded by mu_
};

}  // namespace civicdesk
