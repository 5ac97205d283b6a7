// The complaints report (docs/reports.md): complaints received in a period
// by service, with how many were closed, closed on time (by their resolve-by
// date) and their outcomes (upheld, partly upheld, not upheld), as a report
// table like the committee reports.
//
//   ReportTable t = complaints_table(range, facts, service_names);
//
// Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/case.h"
#include "domain/me_report.h"

namespace civicdesk::report {

// One complaint: the London day it was received, its service, the London
// day it closed (if it has), its resolve-by date (if it had one) and outcome.
struct ComplaintFact {
  LocalDate received_on{};
  std::string category;
  std::optional<LocalDate> closed_on;
  std::optional<LocalDate> resolve_by;
  std::optional<CaseOutcome> outcome;
};

// One row per service (by name, ignoring case) with complaints received in
// the period: received, still open, closed, closed on time (on or before the
// resolve-by date), % closed on time (of those closed), upheld, partly
// upheld, not upheld; then Total.
ReportTable complaints_table(const MonthRange& range, const std::vector<ComplaintFact>& facts,
                             const std::map<std::string, std::string>& service_names);

}  // namespace civicdesk::report
