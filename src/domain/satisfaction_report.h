// The satisfaction report (docs/reports.md, docs/notifications.md): surveys
// sent after closure and their ratings, by month sent, channel, service and
// delivery unit, as a report table like the committee reports.
//
//   ReportTable t = satisfaction_table(range, facts, service_names, unit_names);
//
// Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/me_report.h"

namespace civicdesk::report {

// One survey: when it was sent (queued), how, about which service and unit,
// and the rating if the customer answered.
struct SurveyFact {
  LocalDate sent_on{};
  std::string channel;        // "email", "sms", "letter"
  std::string category;       // service code
  std::string delivery_unit;  // code
  std::optional<int> rating;  // 1..5
};

// One row per (month, channel, service) with surveys sent, in month order,
// then channel, then service name: surveys sent, responses, response rate
// (%) and mean rating (one decimal; empty with no responses); then Total.
ReportTable satisfaction_table(const MonthRange& range, const std::vector<SurveyFact>& facts,
                               const std::map<std::string, std::string>& service_names, const UnitNames& unit_names);

}  // namespace civicdesk::report
