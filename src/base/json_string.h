// JSON string escaping shared by the API's JSON writer and the store's
// details encoder, written as nlohmann::json::dump writes it: UTF-8 kept as
// is, '"' and '\' escaped, control characters as \b \f \n \r \t or \u00xx.
#pragma once

#include <string>
#include <string_view>

namespace civicdesk {

// Appends `s` to `out` as a quoted JSON string.
void append_json_string(std::string& out, std::string_view s);

}  // namespace civicdesk
