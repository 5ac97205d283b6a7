#include "domain/report_table.h"

#include <charconv>
#include <string_view>

#include "base/csv.h"
#include "base/json_string.h"

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

void append_integer(std::string& out, int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// 738 -> "73.8", -5 -> "-0.5" (as Cell::display()).
void append_tenths(std::string& out, int64_t v) {
  if (v < 0) out += '-';
  const uint64_t a = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, a / 10);
  out.append(buf, r.ptr);
  out += '.';
  out += static_cast<char>('0' + a % 10);
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
  // Each row repeats the column names as keys: escape them once.
  std::vector<std::string> keys;
  keys.reserve(t.columns.size());
  for (size_t i = 0; i < t.columns.size(); ++i) {
    std::string k = i ? "," : "";
    append_json_string(k, t.columns[i]);
    k += ':';
    keys.push_back(std::move(k));
  }
  for (size_t r = 0; r < t.rows.size(); ++r) {
    if (r) out += ',';
    out += '{';
    const auto& row = t.rows[r];
    for (size_t i = 0; i < row.size() && i < keys.size(); ++i) {
      out += keys[i];
      const Cell& c = row[i];
      switch (c.kind) {
        case Cell::Kind::kEmpty: out += "null"; break;
        case Cell::Kind::kText: append_json_string(out, c.text); break;
        case Cell::Kind::kInteger: append_integer(out, c.number); break;
        case Cell::Kind::kTenths: append_tenths(out, c.number); break;
      }
    }
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace civicdesk::report
