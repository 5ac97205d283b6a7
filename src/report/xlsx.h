// A report table as an .xlsx workbook (libxlsxwriter), for councils that
// paste committee figures into their own spreadsheets.
//
//   ASSIGN_OR_RETURN(std::string bytes, report::render_xlsx(table));
//
// One worksheet named after the report: the title in A1, the header in row
// 3 (bold), then the rows; integers and one-decimal numbers are numeric
// cells, text cells are strings (never formulas), empty cells are blank.
// The workbook is written through a temporary file (libxlsxwriter 1.1 has no
// in-memory output), removed before returning. Errors: internal when the
// library or the temporary file fails. Thread-safe.
#pragma once

#include <string>

#include "base/result.h"
#include "domain/report_table.h"

namespace civicdesk::report {

Result<std::string> render_xlsx(const ReportTable& t);

}  // namespace civicdesk::report
