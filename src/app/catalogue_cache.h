// A per-council snapshot of the reference data every request needs: the
// council, its delivery units, teams, officers, wards, councillors, SLA
// policies, service categories, working-day calendars, and the notification
// templates and settings it has changed (read with every case write).
//
// Snapshots are immutable and shared. A snapshot is re-validated against the
// council's catalogue_version (one indexed read) when it is older than
// `revalidate_after` (one second by default), so a change made by another
// civicdesk process sharing the database is seen within that time; a change
// made through this process's CatalogueService is seen at once (it calls
// invalidate()).
//
// Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "domain/geo.h"
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
  geo::Boundary boundary;  // the council's area (empty: none set, every point accepted)
  WorkingCalendar council_calendar = WorkingCalendar::build(std::vector<LocalDate>{});
  WorkingCalendar all_uk_calendar = WorkingCalendar::build(std::vector<LocalDate>{});
  // Stored overrides only (the shipped defaults are in domain/); changing
  // them bumps the catalogue version.
  std::vector<NotificationTemplate> notification_templates;
  std::vector<NotificationSettingsRow> notification_settings;

  const WorkingCalendar& calendar_for(const SlaPolicy& p) const {
    return p.holidays == HolidaySet::kAllUk ? all_uk_calendar : council_calendar;
  }
  // not_found naming the field when the code is unknown.
  Result<const Category*> category(const std::string& code, std::string_view field = "category") const;
  Result<const DeliveryUnit*> delivery_unit(const std::string& code,
                                            std::string_view field = "delivery_unit") const;
  Result<const SlaPolicy*> policy(const std::string& code) const;
  // invalid_field ("location") when the location has a point outside the
  // council's boundary.
  Status check_in_area(const Location& l) const;
};

class CatalogueCache {
 public:
  explicit CatalogueCache(std::chrono::milliseconds revalidate_after = std::chrono::seconds(1))
      : revalidate_after_(revalidate_after) {}

  // The current snapshot for `tenant`, loaded through `tx` when stale.
  Result<std::shared_ptr<const CatalogueSnapshot>> get(ReadTx& tx, TenantId tenant);
  // Forget `tenant`'s snapshot (after this process changed its catalogue).
  void invalidate(TenantId tenant);

 private:
  struct Entry {
    std::shared_ptr<const CatalogueSnapshot> snapshot;
    std::chrono::steady_clock::time_point checked;
  };
  static Result<std::shared_ptr<const CatalogueSnapshot>> load(ReadTx& tx, TenantId tenant, int64_t version);

  const std::chrono::milliseconds revalidate_after_;
  std::mutex mu_;
  std::unordered_map<TenantId, Entry> by_tenant_;  // guarded by mu_
};

}  // namespace civicdesk
