// The council's own non-working days, one date at a time: administrators add
// a day the council is closed (a local holiday, a closure between Christmas
// and New Year) or remove one, in the council's own division of the
// calendar (the GOV.UK import, CatalogueService::import_calendar, replaces
// the whole). Deadlines count working days from the changed calendar at
// once. Every change is audited in the same transaction.
//
// Errors: permission_denied (not manage_catalogue), invalid_field ("date"
// outside 1990-2100, "title" empty or over 200 characters), already_exists
// (the date is already a non-working day), not_found (removing a date that
// is not one).
#pragma once

#include <string>
#include <vector>

#include "app/catalogue_cache.h"
#include "app/context.h"
#include "domain/calendar.h"
#include "store/store.h"

namespace civicdesk {

class CalendarService {
 public:
  CalendarService(Store& store, CatalogueCache& cache) : store_(store), cache_(cache) {}

  // The council's division's days, oldest first.
  Result<std::vector<BankHoliday>> days(const RequestContext& ctx);
  Status add_day(const RequestContext& ctx, LocalDate date, const std::string& title);
  Status remove_day(const RequestContext& ctx, LocalDate date);

 private:
  Store& store_;
  CatalogueCache& cache_;
};

}  // namespace civicdesk
