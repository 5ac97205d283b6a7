#include "domain/satisfaction_report.h"

#include <map>
#include <tuple>

namespace civicdesk::report {

namespace {

struct Tally {
  int64_t sent = 0, responses = 0, rating_sum = 0;
  void add(const SurveyFact& f) {
    ++sent;
    if (f.rating) {
      ++responses;
      rating_sum += *f.rating;
    }
  }
};

std::string name_of(const std::map<std::string, std::string>& names, const std::string& code) {
  auto it = names.find(code);
  return it == names.end() ? code : it->second;
}

std::vector<Cell> cells(const Tally& t) {
  auto mean = ratio_tenths(t.rating_sum, t.responses);
  return {Cell::integer(t.sent), Cell::integer(t.responses), percent_cell(t.responses, t.sent),
          mean ? Cell::tenths(*mean) : Cell::empty()};
}

}  // namespace

ReportTable satisfaction_table(const MonthRange& range, const std::vector<SurveyFact>& facts,
                               const std::map<std::string, std::string>& service_names, const UnitNames& unit_names) {
  ReportTable t;
  t.name = "satisfaction";
  t.title = "Satisfaction surveys, " +
            (range.from == range.to ? format_month(range.from)
                                    : format_month(range.from) + " to " + format_month(range.to));
  t.parameters = {{"from", format_month(range.from)}, {"to", format_month(range.to)}};
  t.columns = {"Month",     "Channel",       "Service",          "Delivery unit",
               "Surveys sent", "Responses", "% Response rate", "Mean rating"};
  // Month, channel, service name, service code, unit name.
  using Key = std::tuple<Month, std::string, std::string, std::string, std::string>;
  std::map<Key, Tally> rows;
  Tally total;
  for (const SurveyFact& f : facts) {
    const Month m = month_of(f.sent_on);
    if (m < range.from || range.to < m) continue;
    rows[{m, f.channel, name_of(service_names, f.category), f.category, name_of(unit_names, f.delivery_unit)}].add(f);
    total.add(f);
  }
  for (const auto& [k, tally] : rows) {
    std::vector<Cell> row = {Cell::of_text(format_month(std::get<0>(k))), Cell::of_text(std::get<1>(k)),
                             Cell::of_text(std::get<2>(k)), Cell::of_text(std::get<4>(k))};
    for (Cell& c : cells(tally)) row.push_back(std::move(c));
    t.rows.push_back(std::move(row));
  }
  std::vector<Cell> last = {Cell::of_text("Total"), Cell::empty(), Cell::empty(), Cell::empty()};
  for (Cell& c : cells(total)) last.push_back(std::move(c));
  t.rows.push_back(std::move(last));
  t.has_total = true;
  t.chart = {2, 6, "Response rate (%), by service"};
  return t;
}

}  // namespace civicdesk::report
