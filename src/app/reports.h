// The Members' Enquiries committee reports (docs/reports.md): one read
// transaction each, aggregated by the store, shaped by domain/me_report.h.
//
//   ReportRequest req{"me-monthly", {{"from", "2015-01"}, {"to", "2015-12"}}};
//   ASSIGN_OR_RETURN(report::ReportTable t, services.reports.run(ctx, req));
//   std::string csv = report::render_csv(t);
//
// Errors: permission_denied (unauthenticated) without Permission::kViewReports;
// invalid_query naming the parameter ("report", "from", "to", "at") for an
// unknown report, a missing, malformed or reversed parameter, a period not
// made of whole quarters (quarterly) or longer than report::kMaxMonths.
// Parameters are checked before the database is touched. Reports cover the
// principal's council only, and only what it may see (case_scope: restricted
// categories it cannot see are left out; an officer or lead tied to a
// delivery unit sees that unit's enquiries only).
//
// Thread-safe (shares the store and catalogue cache).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/catalogue_cache.h"
#include "app/context.h"
#include "domain/me_report.h"
#include "store/store.h"

namespace civicdesk {

// What a report takes: a month range (from, to: YYYY-MM) or a day (at:
// YYYY-MM-DD).
enum class ReportInput { kMonths, kQuarters, kDay };

struct ReportDefinition {
  std::string_view name;  // "me-monthly"
  ReportInput input;
  std::string_view summary;
};
// Every report, in the order the CLI and docs list them.
const std::vector<ReportDefinition>& report_definitions();
const ReportDefinition* find_report(std::string_view name);

struct ReportRequest {
  std::string name;
  std::map<std::string, std::string> params;  // "from"/"to" or "at"
};

class ReportService {
 public:
  ReportService(Store& store, CatalogueCache& cache) : store_(store), cache_(cache) {}

  Result<report::ReportTable> run(const RequestContext& ctx, const ReportRequest& req);
  // The same checks run() makes before reading anything.
  static Status validate(const ReportRequest& req);

 private:
  Store& store_;
  CatalogueCache& cache_;
};

}  // namespace civicdesk
