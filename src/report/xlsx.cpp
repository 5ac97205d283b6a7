#include "report/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

namespace civicdesk::report {

namespace {

// Removes the temporary file however we leave.
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) ::unlink(path.c_str());
  }
};

}  // namespace

Result<std::string> render_xlsx(const ReportTable& t) {
  const char* dir = std::getenv("TMPDIR");
  std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/civicdesk-report-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  const int fd = ::mkstemp(buf.data());
  if (fd < 0) return internal_error("Cannot create a temporary file for the spreadsheet");
  ::close(fd);
  TempFile tmp{buf.data()};

  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows go straight to disk; strings inline
  lxw_workbook* wb = workbook_new_opt(tmp.path.c_str(), &options);
  if (!wb) return internal_error("Cannot start the spreadsheet");
  // Sheet names: at most 31 characters, none of []:*?/\ (report names are
  // plain words and hyphens).
  lxw_worksheet* ws = workbook_add_worksheet(wb, t.name.substr(0, 31).c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* title = workbook_add_format(wb);
  format_set_bold(title);
  format_set_font_size(title, 14);
  lxw_format* tenths = workbook_add_format(wb);
  format_set_num_format(tenths, "0.0");
  lxw_format* total = workbook_add_format(wb);
  format_set_bold(total);
  lxw_format* total_tenths = workbook_add_format(wb);
  format_set_bold(total_tenths);
  format_set_num_format(total_tenths, "0.0");

  worksheet_set_column(ws, 0, 0, 28, nullptr);
  if (t.columns.size() > 1) worksheet_set_column(ws, 1, static_cast<lxw_col_t>(t.columns.size() - 1), 16, nullptr);
  worksheet_write_string(ws, 0, 0, t.title.c_str(), title);
  lxw_row_t row = 2;
  for (size_t c = 0; c < t.columns.size(); ++c)
    worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), t.columns[c].c_str(), bold);
  for (size_t r = 0; r < t.rows.size(); ++r) {
    ++row;
    const bool is_total = t.has_total && r + 1 == t.rows.size();
    for (size_t c = 0; c < t.rows[r].size(); ++c) {
      const Cell& cell = t.rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      switch (cell.kind) {
        case Cell::Kind::kEmpty: break;
        case Cell::Kind::kText:
          worksheet_write_string(ws, row, col, cell.text.c_str(), is_total ? total : nullptr);
          break;
        case Cell::Kind::kInteger:
          worksheet_write_number(ws, row, col, static_cast<double>(cell.number), is_total ? total : nullptr);
          break;
        case Cell::Kind::kTenths:
          worksheet_write_number(ws, row, col, static_cast<double>(cell.number) / 10.0,
                                 is_total ? total_tenths : tenths);
          break;
      }
    }
  }
  if (workbook_close(wb) != LXW_NO_ERROR) return internal_error("Cannot write the spreadsheet");
  std::ifstream in(tmp.path, std::ios::binary);
  if (!in) return internal_error("Cannot read the spreadsheet back");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace civicdesk::report
