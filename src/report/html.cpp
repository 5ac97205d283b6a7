#include "report/html.h"

#include <algorithm>
#include <map>
#include <vector>

namespace civicdesk::report {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

namespace {

// Bars: (label, value in tenths, text shown). The Total row is left out.
struct Bar {
  std::string label;
  int64_t tenths;
  std::string text;
};

std::vector<Bar> bars(const ReportTable& t) {
  std::vector<Bar> out;
  const size_t n = t.rows.size() - (t.has_total && !t.rows.empty() ? 1 : 0);
  const auto lc = static_cast<size_t>(std::max(0, t.chart.label_column));
  if (t.chart.value_column < 0) {
    // Count rows per label, in the order labels first appear.
    std::vector<std::string> order;
    std::map<std::string, int64_t> counts;
    for (size_t r = 0; r < n; ++r) {
      if (lc >= t.rows[r].size()) continue;
      const std::string label = t.rows[r][lc].display();
      if (counts[label]++ == 0) order.push_back(label);
    }
    for (const auto& l : order) out.push_back({l, counts[l] * 10, std::to_string(counts[l])});
    return out;
  }
  const auto vc = static_cast<size_t>(t.chart.value_column);
  for (size_t r = 0; r < n; ++r) {
    if (lc >= t.rows[r].size() || vc >= t.rows[r].size()) continue;
    const Cell& v = t.rows[r][vc];
    int64_t tenths = 0;
    if (v.kind == Cell::Kind::kInteger) tenths = v.number * 10;
    if (v.kind == Cell::Kind::kTenths) tenths = v.number;
    std::string label = t.rows[r][lc].display();
    // Quarterly rows are (unit, quarter): label both.
    if (t.name == "me-quarterly" && t.rows[r].size() > 1) label += " " + t.rows[r][1].display();
    out.push_back({std::move(label), std::max<int64_t>(0, tenths), v.display()});
  }
  return out;
}

}  // namespace

std::string render_svg_chart(const ReportTable& t) {
  const std::vector<Bar> bs = bars(t);
  constexpr int kLabelWidth = 260, kBarArea = 340, kRow = 24, kTop = 28, kWidth = kLabelWidth + kBarArea + 80;
  const int height = kTop + static_cast<int>(bs.size()) * kRow + 8;
  int64_t max = 0;
  for (const auto& b : bs) max = std::max(max, b.tenths);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"report-chart\" role=\"img\" width=\"" +
                    std::to_string(kWidth) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                    std::to_string(kWidth) + " " + std::to_string(height) + "\" aria-labelledby=\"chart-title\">";
  svg += "<title id=\"chart-title\">" + html_escape(t.chart.caption) + "</title>";
  svg += "<text x=\"0\" y=\"18\" font-family=\"sans-serif\" font-size=\"14\" font-weight=\"bold\" fill=\"#0b0c0c\">" +
         html_escape(t.chart.caption) + "</text>";
  for (size_t i = 0; i < bs.size(); ++i) {
    const Bar& b = bs[i];
    const int y = kTop + static_cast<int>(i) * kRow;
    const int w = max > 0 ? static_cast<int>(b.tenths * kBarArea / max) : 0;
    svg += "<text x=\"" + std::to_string(kLabelWidth - 8) + "\" y=\"" + std::to_string(y + 16) +
           "\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#0b0c0c\">" +
           html_escape(b.label) + "</text>";
    svg += "<rect x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
           std::to_string(w) + "\" height=\"" + std::to_string(kRow - 8) + "\" fill=\"#1d70b8\"/>";
    svg += "<text x=\"" + std::to_string(kLabelWidth + w + 6) + "\" y=\"" + std::to_string(y + 16) +
           "\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#0b0c0c\">" + html_escape(b.text) + "</text>";
  }
  svg += "</svg>";
  return svg;
}

std::string render_html(const ReportTable& t) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                  html_escape(t.title) + "</title>\n</head>\n<body>\n<main>\n<h1>" + html_escape(t.title) + "</h1>\n";
  if (!t.parameters.empty()) {
    h += "<dl class=\"report-parameters\">";
    for (const auto& [k, v] : t.parameters) h += "<dt>" + html_escape(k) + "</dt><dd>" + html_escape(v) + "</dd>";
    h += "</dl>\n";
  }
  h += "<figure>" + render_svg_chart(t) + "</figure>\n";
  h += "<table class=\"report-table\">\n<caption>" + html_escape(t.title) + "</caption>\n<thead><tr>";
  for (const auto& c : t.columns) h += "<th scope=\"col\">" + html_escape(c) + "</th>";
  h += "</tr></thead>\n<tbody>\n";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const bool is_total = t.has_total && r + 1 == t.rows.size();
    h += is_total ? "<tr class=\"report-total\">" : "<tr>";
    for (size_t c = 0; c < t.rows[r].size(); ++c) {
      const std::string v = html_escape(t.rows[r][c].display());
      h += c == 0 ? "<th scope=\"row\">" + v + "</th>" : "<td>" + v + "</td>";
    }
    h += "</tr>\n";
  }
  h += "</tbody>\n</table>\n</main>\n</body>\n</html>\n";
  return h;
}

}  // namespace civicdesk::report
