#include "app/calendar_admin.h"

#include <algorithm>

#include "app/audit.h"
#include "domain/access.h"

namespace civicdesk {

Result<std::vector<BankHoliday>> CalendarService::days(const RequestContext& ctx) {
  if (!can(ctx.principal, Permission::kReadCatalogue)) return denied(ctx, "read the calendar");
  ASSIGN_OR_RETURN(auto cat, store_.read_value<std::shared_ptr<const CatalogueSnapshot>>(
                                 [&](ReadTx& tx) { return cache_.get(tx, ctx.tenant); }));
  std::vector<BankHoliday> out;
  for (const auto& h : cat->holidays)
    if (h.division == cat->tenant.division) out.push_back(h);
  std::sort(out.begin(), out.end(), [](const BankHoliday& a, const BankHoliday& b) { return a.date < b.date; });
  return out;
}

Status CalendarService::add_day(const RequestContext& ctx, LocalDate date, const std::string& title) {
  if (!can(ctx.principal, Permission::kManageCatalogue)) return denied(ctx, "change the calendar");
  if (date < WorkingCalendar::kFirstDay || date > WorkingCalendar::kLastDay)
    return invalid_field("date", "The date must be between 1990 and 2100");
  if (title.empty() || title.size() > 200) return invalid_field("title", "Give the day a name of up to 200 characters");
  Status s = store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    std::vector<BankHoliday> all = cat->holidays;
    for (const auto& h : all)
      if (h.division == cat->tenant.division && h.date == date)
        return Error(ErrorCode::kAlreadyExists, format_date(date) + " is already a non-working day", "date");
    all.push_back(BankHoliday{cat->tenant.division, date, title, ""});
    RETURN_IF_ERROR(tx.replace_holidays(ctx.tenant, all));
    return audit(tx, ctx, "calendar.add_day", "tenant", std::to_string(ctx.tenant), {{"date", format_date(date)}});
  });
  cache_.invalidate(ctx.tenant);
  return s;
}

Status CalendarService::remove_day(const RequestContext& ctx, LocalDate date) {
  if (!can(ctx.principal, Permission::kManageCatalogue)) return denied(ctx, "change the calendar");
  Status s = store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    std::vector<BankHoliday> kept;
    for (const auto& h : cat->holidays)
      if (!(h.division == cat->tenant.division && h.date == date)) kept.push_back(h);
    if (kept.size() == cat->holidays.size()) return not_found(format_date(date) + " is not a non-working day");
    RETURN_IF_ERROR(tx.replace_holidays(ctx.tenant, kept));
    return audit(tx, ctx, "calendar.remove_day", "tenant", std::to_string(ctx.tenant), {{"date", format_date(date)}});
  });
  cache_.invalidate(ctx.tenant);
  return s;
}

}  // namespace civicdesk
