#include "base/csv.h"

namespace civicdesk {

void append_csv_field(std::string& out, std::string_view field) {
  const bool formula = !field.empty() && (field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@' ||
                                          field[0] == '\t' || field[0] == '\r');
  // Plain numbers (including negative ones) are left alone.
  bool numeric = !field.empty();
  for (size_t i = 0; i < field.size() && numeric; ++i) {
    const char c = field[i];
    numeric = (c >= '0' && c <= '9') || c == '.' || (i == 0 && c == '-');
  }
  const bool guard = formula && !numeric;
  const bool quote = guard || field.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out.append(field);
    return;
  }
  out.push_back('"');
  if (guard) out.push_back('\'');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace civicdesk
