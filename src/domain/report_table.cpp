#include "domain/report_table.h"

#include <nlohmann/json.hpp>

#include "base/csv.h"

namespace civicdesk::report {

std::string Cell::display() const {
  switch (kind) {
    case Kind::kEmpty: return "";
    case Kind::kText: return text;
    case Kind::kInteger: return std::to_string(number);
    case Kind::kTenths: {
      const int64_t a = number < 0 ? -number : number;
      return (number < 0 ? "-" : "") + std::to_string(a / 10) + "." + std::to_string(a % 10);
    }
  }
  return "";
}

std::string render_csv(const ReportTable& t) {
  std::string out;
  auto row = [&out](const auto& cells, auto&& text_of) {
    bool first = true;
    for (const auto& c : cells) {
      if (!first) out += ',';
      first = false;
      append_csv_field(out, text_of(c));
    }
    out += "\r\n";
  };
  row(t.columns, [](const std::string& s) -> const std::string& { return s; });
  for (const auto& r : t.rows) row(r, [](const Cell& c) { return c.display(); });
  return out;
}

std::string render_json(const ReportTable& t) {
  nlohmann::ordered_json j;
  j["report"] = t.name;
  j["title"] = t.title;
  nlohmann::ordered_json params = nlohmann::ordered_json::object();
  for (const auto& [k, v] : t.parameters) params[k] = v;
  j["parameters"] = params;
  j["columns"] = t.columns;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& r : t.rows) {
    nlohmann::ordered_json o = nlohmann::ordered_json::object();
    for (size_t i = 0; i < r.size() && i < t.columns.size(); ++i) {
      const Cell& c = r[i];
      switch (c.kind) {
        case Cell::Kind::kEmpty: o[t.columns[i]] = nullptr; break;
        case Cell::Kind::kText: o[t.columns[i]] = c.text; break;
        case Cell::Kind::kInteger: o[t.columns[i]] = c.number; break;
        // A JSON number with one decimal place, written exactly ("73.8"),
        // not through a double's shortest form.
        case Cell::Kind::kTenths: o[t.columns[i]] = nlohmann::ordered_json::parse(c.display()); break;
      }
    }
    rows.push_back(std::move(o));
  }
  j["rows"] = std::move(rows);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace civicdesk::report
