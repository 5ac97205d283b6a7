#include "http/parse/json_reader.h"

#include <cmath>

#include "domain/text.h"

namespace civicdesk::http {

using nlohmann::json;

namespace {

// Deepest nesting of arrays/objects outside strings; stops counting early.
int nesting_depth(std::string_view s, int limit) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : s) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') max_depth = std::max(max_depth, ++depth);
    else if (c == ']' || c == '}') --depth;
    if (max_depth > limit) break;
  }
  return max_depth;
}

const char* type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "a list";
    case json::value_t::string: return "text";
    case json::value_t::boolean: return "true or false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "a whole number";
    case json::value_t::number_float: return "a number";
    default: return "null";
  }
}

}  // namespace

Result<JsonReader> JsonReader::parse(std::string_view body) {
  if (!valid_utf8(body)) return Error(ErrorCode::kInvalidUtf8, "The request body is not valid UTF-8");
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return Error(ErrorCode::kInvalidJson, "The request body is empty: send a JSON object");
  if (nesting_depth(body, kMaxDepth) > kMaxDepth)
    return Error(ErrorCode::kInvalidJson,
                 "The JSON is nested more than " + std::to_string(kMaxDepth) + " levels deep");
  auto shared = std::make_shared<Shared>();
  try {
    shared->doc = json::parse(body);
  } catch (const json::parse_error& e) {
    return Error(ErrorCode::kInvalidJson,
                 "The request body is not valid JSON (at byte " + std::to_string(e.byte) + ")");
  } catch (const json::exception&) {
    // out_of_range: a number too large for a double (1e999).
    return Error(ErrorCode::kInvalidJson, "The request body has a number too large to read");
  }
  if (!shared->doc.is_object())
    return Error(ErrorCode::kInvalidJson, "The request body must be a JSON object");
  const json* root = &shared->doc;
  return JsonReader(std::move(shared), root, "");
}

std::string JsonReader::path(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
}

void JsonReader::fail(Error e) {
  if (!shared_->first_error) shared_->first_error = std::move(e);
}

bool JsonReader::has(std::string_view key) const {
  auto it = obj_->find(key);
  return it != obj_->end() && !it->is_null();
}

const json* JsonReader::get(std::string_view key, bool raw) {
  const std::string p = path(key);
  auto [pos, inserted] = shared_->read.emplace(p, raw);
  if (!inserted) pos->second = pos->second || raw;
  auto it = obj_->find(key);
  if (it == obj_->end() || it->is_null()) return nullptr;
  return &*it;
}

const json* JsonReader::raw(std::string_view key) { return get(key, /*raw=*/true); }

std::optional<std::string> JsonReader::string(std::string_view key, size_t max_chars, bool multiline) {
  const json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail(invalid_field(path(key), "Must be text, not " + std::string(type_name(*v))));
    return std::nullopt;
  }
  std::string s = v->get<std::string>();
  if (Status st = check_text(s, path(key), max_chars, multiline); !st) {
    fail(st.error());
    return std::nullopt;
  }
  return s;
}

std::string JsonReader::required_string(std::string_view key, size_t max_chars, bool multiline) {
  auto s = string(key, max_chars, multiline);
  if (!s || trim(*s).empty()) {
    if (!shared_->first_error) fail(missing_field(path(key)));
    return {};
  }
  return *s;
}

std::optional<int64_t> JsonReader::integer(std::string_view key, int64_t min, int64_t max) {
  const json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    fail(invalid_field(path(key), "Must be a whole number, not " + std::string(type_name(*v))));
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    fail(invalid_field(path(key), "Must be between " + std::to_string(min) + " and " + std::to_string(max)));
    return std::nullopt;
  }
  const int64_t n = v->get<int64_t>();
  if (n < min || n > max) {
    fail(invalid_field(path(key), "Must be between " + std::to_string(min) + " and " + std::to_string(max)));
    return std::nullopt;
  }
  return n;
}

std::optional<double> JsonReader::number(std::string_view key, double min, double max) {
  const json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    fail(invalid_field(path(key), "Must be a number, not " + std::string(type_name(*v))));
    return std::nullopt;
  }
  const double d = v->get<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    fail(invalid_field(path(key), "Must be a number between " + std::to_string(min) + " and " + std::to_string(max)));
    return std::nullopt;
  }
  return d;
}

std::optional<bool> JsonReader::boolean(std::string_view key) {
  const json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    fail(invalid_field(path(key), "Must be true or false, not " + std::string(type_name(*v))));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> JsonReader::strings(std::string_view key, size_t max_items,
                                                            size_t max_chars) {
  const json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    fail(invalid_field(path(key), "Must be a list of text, not " + std::string(type_name(*v))));
    return std::nullopt;
  }
  if (v->size() > max_items) {
    fail(invalid_field(path(key), "At most " + std::to_string(max_items) + " items"));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < v->size(); ++i) {
    const json& item = (*v)[i];
    const std::string p = path(key) + "[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      fail(invalid_field(p, "Must be text, not " + std::string(type_name(item))));
      return std::nullopt;
    }
    std::string s = item.get<std::string>();
    if (Status st = check_text(s, p, max_chars); !st) {
      fail(st.error());
      return std::nullopt;
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::optional<JsonReader> JsonReader::object(std::string_view key) {
  const json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    fail(invalid_field(path(key), "Must be an object, not " + std::string(type_name(*v))));
    return std::nullopt;
  }
  return JsonReader(shared_, v, path(key));
}

std::optional<std::vector<JsonReader>> JsonReader::objects(std::string_view key, size_t max_items) {
  const json* v = get(key);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    fail(invalid_field(path(key), "Must be a list, not " + std::string(type_name(*v))));
    return std::nullopt;
  }
  if (v->size() > max_items) {
    fail(invalid_field(path(key), "At most " + std::to_string(max_items) + " items"));
    return std::nullopt;
  }
  std::vector<JsonReader> out;
  for (size_t i = 0; i < v->size(); ++i) {
    const std::string p = path(key) + "[" + std::to_string(i) + "]";
    if (!(*v)[i].is_object()) {
      fail(invalid_field(p, "Must be an object, not " + std::string(type_name((*v)[i]))));
      return std::nullopt;
    }
    shared_->read.emplace(p, false);
    out.push_back(JsonReader(shared_, &(*v)[i], p));
  }
  return out;
}

std::optional<std::string> JsonReader::unknown_in(const json& obj, const std::string& prefix) const {
  for (const auto& [key, value] : obj.items()) {
    const std::string p = prefix.empty() ? key : prefix + "." + key;
    auto it = shared_->read.find(p);
    if (it == shared_->read.end()) return p;
    if (it->second) continue;  // taken raw
    if (value.is_object()) {
      if (auto u = unknown_in(value, p)) return u;
    } else if (value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i) {
        const std::string ip = p + "[" + std::to_string(i) + "]";
        if (value[i].is_object() && shared_->read.count(ip))
          if (auto u = unknown_in(value[i], ip)) return u;
      }
    }
  }
  return std::nullopt;
}

Status JsonReader::finish() {
  if (shared_->first_error) return *shared_->first_error;
  if (auto unknown = unknown_in(*obj_, prefix_))
    return Error(ErrorCode::kUnknownField, "\"" + unknown->substr(0, 100) + "\" is not a field of this request",
                 unknown->substr(0, 100));
  return {};
}

}  // namespace civicdesk::http
