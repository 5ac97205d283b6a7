#include "domain/report_table.h"

#include <string_view>

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

namespace {

// A JSON string literal. Text reaching reports was validated as UTF-8 on
// input, so bytes from 0x80 up pass through; quotes, backslashes and
// control characters are escaped.
void append_json_string(std::string& out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

}  // namespace

// Written by hand rather than through a JSON library's ordered objects: the
// overdue list can have tens of thousands of rows, and this is several times
// faster. Numbers with one decimal are written exactly ("73.8").
std::string render_json(const ReportTable& t) {
  std::string out;
  out.reserve(256 + t.rows.size() * t.columns.size() * 24);
  out += "{\"report\":";
  append_json_string(out, t.name);
  out += ",\"title\":";
  append_json_string(out, t.title);
  out += ",\"parameters\":{";
  for (size_t i = 0; i < t.parameters.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, t.parameters[i].first);
    out += ':';
    append_json_string(out, t.parameters[i].second);
  }
  out += "},\"columns\":[";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, t.columns[i]);
  }
  out += "],\"rows\":[";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    if (r) out += ',';
    out += '{';
    const auto& row = t.rows[r];
    for (size_t i = 0; i < row.size() && i < t.columns.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, t.columns[i]);
      out += ':';
      const Cell& c = row[i];
      switch (c.kind) {
        case Cell::Kind::kEmpty: out += "null"; break;
        case Cell::Kind::kText: append_json_string(out, c.text); break;
        case Cell::Kind::kInteger:
        case Cell::Kind::kTenths: out += c.display(); break;
      }
    }
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace civicdesk::report
