// Report tables: the one shape every committee report takes (a title, named
// columns, rows of cells, an optional Total row and a chart hint), and its
// CSV and JSON renderings. XLSX and HTML renderings live in src/report/
// (they need libxlsxwriter and markup, which the domain does not).
//
//   ReportTable t = me_monthly_table(...);
//   std::string csv = render_csv(t);    // header line, then one line per row, CRLF
//   std::string json = render_json(t);  // {"report", "title", "parameters", "columns", "rows"}
//
// Cells are typed so that spreadsheets get numbers, not text: integers,
// tenths (a number with exactly one decimal place, e.g. 73.8 stored as 738)
// and text. An empty cell is a percentage of nothing (no items due).
//
// Pure and thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace civicdesk::report {

struct Cell {
  enum class Kind { kEmpty, kText, kInteger, kTenths };
  Kind kind = Kind::kEmpty;
  std::string text;    // kText
  int64_t number = 0;  // kInteger: the value; kTenths: the value times ten

  static Cell empty() { return {}; }
  static Cell of_text(std::string s) { return {Kind::kText, std::move(s), 0}; }
  static Cell integer(int64_t v) { return {Kind::kInteger, {}, v}; }
  static Cell tenths(int64_t v) { return {Kind::kTenths, {}, v}; }
  // The cell as CSV/HTML show it: "", the text, "42", "73.8".
  std::string display() const;
  bool operator==(const Cell&) const = default;
};

// How the HTML rendering draws its bar chart.
struct ChartSpec {
  int label_column = 0;   // bar labels
  int value_column = 1;   // bar lengths (an integer or tenths column); -1: count rows per label
  std::string caption;    // e.g. "Items due by month"
};

struct ReportTable {
  std::string name;   // "me-monthly": the CLI subcommand and the API path segment
  std::string title;  // a heading for people
  std::vector<std::pair<std::string, std::string>> parameters;  // ("from", "2015-01"), in order
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;  // each row has columns.size() cells
  bool has_total = false;               // the last row is the Total row
  ChartSpec chart;
};

// RFC 4180 CSV, CRLF line ends, the header first. Text cells go through the
// project's CSV field rules (quoting, formula neutralising).
std::string render_csv(const ReportTable& t);
// {"report": name, "title": ..., "parameters": {...}, "columns": [...],
//  "rows": [{"<column>": value, ...}, ...]} where integers and tenths are
// JSON numbers, empty cells null. The Total row, when present, is the last
// row (its first cell "Total").
std::string render_json(const ReportTable& t);

}  // namespace civicdesk::report
