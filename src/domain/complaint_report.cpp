#include "domain/complaint_report.h"

#include <cctype>

namespace civicdesk::report {

namespace {

struct Tally {
  int64_t received = 0, open = 0, closed = 0, on_time = 0, upheld = 0, partly = 0, not_upheld = 0;
  void add(const ComplaintFact& f) {
    ++received;
    if (!f.closed_on) {
      ++open;
      return;
    }
    ++closed;
    if (!f.resolve_by || met(*f.closed_on, *f.resolve_by)) ++on_time;
    if (f.outcome == CaseOutcome::kUpheld) ++upheld;
    if (f.outcome == CaseOutcome::kPartlyUpheld) ++partly;
    if (f.outcome == CaseOutcome::kNotUpheld) ++not_upheld;
  }
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<Cell> row_of(std::string label, const Tally& t) {
  return {Cell::of_text(std::move(label)), Cell::integer(t.received), Cell::integer(t.open),
          Cell::integer(t.closed),         Cell::integer(t.on_time),  percent_cell(t.on_time, t.closed),
          Cell::integer(t.upheld),         Cell::integer(t.partly),   Cell::integer(t.not_upheld)};
}

}  // namespace

ReportTable complaints_table(const MonthRange& range, const std::vector<ComplaintFact>& facts,
                             const std::map<std::string, std::string>& service_names) {
  ReportTable t;
  t.name = "complaints";
  t.title = "Complaints received by service, " +
            (range.from == range.to ? format_month(range.from)
                                    : format_month(range.from) + " to " + format_month(range.to));
  t.parameters = {{"from", format_month(range.from)}, {"to", format_month(range.to)}};
  t.columns = {"Service",         "Received",          "Open",          "Closed",       "Closed on time",
               "% Closed on time", "Upheld",           "Partly upheld", "Not upheld"};
  std::map<std::pair<std::string, std::string>, std::pair<std::string, Tally>> rows;
  Tally total;
  for (const ComplaintFact& f : facts) {
    const Month m = month_of(f.received_on);
    if (m < range.from || range.to < m) continue;
    total.add(f);
    auto it = service_names.find(f.category);
    const std::string name = it == service_names.end() ? f.category : it->second;
    auto& slot = rows[{lower(name), f.category}];
    slot.first = name;
    slot.second.add(f);
  }
  for (const auto& [key, named] : rows) t.rows.push_back(row_of(named.first, named.second));
  t.rows.push_back(row_of("Total", total));
  t.has_total = true;
  t.chart = {0, 1, "Complaints received, by service"};
  return t;
}

}  // namespace civicdesk::report
