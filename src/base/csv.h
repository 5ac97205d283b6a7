// CSV (RFC 4180) fields for exports that councils open in spreadsheets.
#pragma once

#include <string>
#include <string_view>

namespace civicdesk {

// Appends one field: quoted when it holds a comma, quote, CR or LF (quotes
// doubled). Text that a spreadsheet would run as a formula (starting with
// = + - @, tab or CR) is prefixed with a single quote, so an export can never
// carry a formula into a council's Excel.
void append_csv_field(std::string& out, std::string_view field);

// Appends fields separated by commas and a CRLF line end.
template <typename... Fields>
void append_csv_row(std::string& out, const Fields&... fields) {
  bool first = true;
  ((out += first ? "" : ",", first = false, append_csv_field(out, fields)), ...);
  out += "\r\n";
}

}  // namespace civicdesk
