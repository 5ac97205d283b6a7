// A report table as a standalone HTML page: a heading, an inline SVG bar
// chart (table.chart) and the table. Every text is escaped; there are no
// scripts and no style attributes (the server's CSP blocks inline scripts
// and inline styles), so the chart uses SVG presentation attributes only.
//
//   std::string page = report::render_html(table);
//
// Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "domain/report_table.h"

namespace civicdesk::report {

std::string render_html(const ReportTable& t);
// Only the chart (an <svg> element), for embedding.
std::string render_svg_chart(const ReportTable& t);
// &, <, >, " and ' as character references.
std::string html_escape(std::string_view s);

}  // namespace civicdesk::report
