#include "openapi/spec.h"

#include <regex>

namespace civicdesk::testing {

using nlohmann::json;

namespace {

const json& empty_schema() {
  static const json kEmpty = json::object();
  return kEmpty;
}

bool has_type(const json& value, const std::string& type) {
  if (type == "null") return value.is_null();
  if (type == "boolean") return value.is_boolean();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "string") return value.is_string();
  if (type == "array") return value.is_array();
  if (type == "object") return value.is_object();
  return false;
}

size_t code_points(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// JSON Schema patterns are ECMA-262 regular expressions, not anchored.
bool matches(const std::string& pattern, const std::string& s) {
  return std::regex_search(s, std::regex(pattern, std::regex::ECMAScript));
}

bool valid_format(const std::string& format, const std::string& s) {
  if (format == "date") return matches(R"(^\d{4}-\d{2}-\d{2}$)", s);
  if (format == "date-time")
    return matches(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)", s);
  return true;  // other formats are annotations here
}

std::string first_type(const json& s) {
  if (!s.contains("type")) return "";
  const json& t = s["type"];
  if (t.is_string()) return t.get<std::string>();
  for (const auto& x : t)
    if (x != "null") return x.get<std::string>();
  return "null";
}

}  // namespace

const std::vector<std::string>& http_methods() {
  static const std::vector<std::string> kMethods = {"get", "put", "post", "delete", "options", "head", "patch",
                                                    "trace"};
  return kMethods;
}

const json* Spec::lookup(const std::string& ref) const {
  if (ref.empty() || ref[0] != '#') return nullptr;
  try {
    const json::json_pointer ptr(ref.substr(1));
    if (!doc_.contains(ptr)) return nullptr;
    return &doc_.at(ptr);
  } catch (const json::exception&) {
    return nullptr;
  }
}

const json& Spec::resolve(const json& node) const {
  const json* cur = &node;
  for (int depth = 0; depth < 32 && cur->is_object() && cur->contains("$ref"); ++depth) {
    const json* next = lookup((*cur)["$ref"].get<std::string>());
    if (!next) return empty_schema();
    cur = next;
  }
  return *cur;
}

Spec::ObjectView Spec::object_view(const json& schema) const {
  ObjectView view;
  const json& s = resolve(schema);
  if (!s.is_object()) return view;
  if (s.contains("allOf")) {
    for (const auto& sub : s["allOf"]) {
      ObjectView part = object_view(sub);
      for (const auto& [k, v] : part.properties) view.properties[k] = v;
      view.required.insert(part.required.begin(), part.required.end());
      if (part.additional) view.additional = part.additional;
    }
  }
  if (s.contains("properties"))
    for (const auto& [k, v] : s["properties"].items()) view.properties[k] = &v;
  if (s.contains("required"))
    for (const auto& r : s["required"]) view.required.insert(r.get<std::string>());
  if (s.contains("additionalProperties")) view.additional = &s["additionalProperties"];
  return view;
}

bool Spec::is_object_with_properties(const json& schema) const {
  const json& s = resolve(schema);
  return s.is_object() && (s.contains("properties") || s.contains("allOf"));
}

void Spec::check(const json& v, const json& schema, const std::string& path, std::vector<std::string>& errors) const {
  const json& s = resolve(schema);
  if (!s.is_object()) return;
  auto fail = [&](const std::string& what) { errors.push_back(path + ": " + what); };

  for (const char* key : {"oneOf", "anyOf"}) {
    if (!s.contains(key)) continue;
    int ok = 0;
    std::vector<std::string> first_errors;
    for (const auto& alt : s[key]) {
      std::vector<std::string> e;
      check(v, alt, path, e);
      if (e.empty()) ++ok;
      else if (first_errors.empty()) first_errors = e;
    }
    const bool good = std::string(key) == "oneOf" ? ok == 1 : ok >= 1;
    if (!good) {
      fail(std::string("matches ") + std::to_string(ok) + " of the " + key + " alternatives" +
           (first_errors.empty() ? "" : " (first: " + first_errors.front() + ")"));
      return;
    }
  }
  if (s.contains("allOf") && !v.is_object())
    for (const auto& sub : s["allOf"]) check(v, sub, path, errors);

  if (s.contains("type")) {
    const json& t = s["type"];
    bool ok = false;
    if (t.is_string()) ok = has_type(v, t.get<std::string>());
    else
      for (const auto& x : t) ok = ok || has_type(v, x.get<std::string>());
    if (!ok) {
      fail("is " + std::string(v.type_name()) + ", documented as " + t.dump());
      return;
    }
  }
  if (s.contains("const") && v != s["const"]) fail(v.dump() + " is not " + s["const"].dump());
  if (s.contains("enum")) {
    bool found = false;
    for (const auto& e : s["enum"]) found = found || e == v;
    if (!found) fail(v.dump() + " is not one of " + s["enum"].dump());
  }
  if (v.is_string()) {
    const std::string str = v.get<std::string>();
    if (s.contains("maxLength") && code_points(str) > s["maxLength"].get<size_t>()) fail("longer than maxLength");
    if (s.contains("minLength") && code_points(str) < s["minLength"].get<size_t>()) fail("shorter than minLength");
    if (s.contains("pattern") && !matches(s["pattern"].get<std::string>(), str))
      fail("\"" + str + "\" does not match " + s["pattern"].get<std::string>());
    if (s.contains("format") && !valid_format(s["format"].get<std::string>(), str))
      fail("\"" + str + "\" is not a " + s["format"].get<std::string>());
  }
  if (v.is_number()) {
    const double d = v.get<double>();
    if (s.contains("minimum") && d < s["minimum"].get<double>()) fail("below minimum " + s["minimum"].dump());
    if (s.contains("maximum") && d > s["maximum"].get<double>()) fail("above maximum " + s["maximum"].dump());
  }
  if (v.is_array()) {
    if (s.contains("maxItems") && v.size() > s["maxItems"].get<size_t>()) fail("more than maxItems");
    if (s.contains("items"))
      for (size_t i = 0; i < v.size(); ++i) check(v[i], s["items"], path + "[" + std::to_string(i) + "]", errors);
  }
  if (v.is_object()) {
    const ObjectView view = object_view(s);
    const bool free_form = view.properties.empty() && !view.additional;
    for (const auto& [key, value] : v.items()) {
      const std::string at = path + "." + key;
      if (auto it = view.properties.find(key); it != view.properties.end()) {
        check(value, *it->second, at, errors);
      } else if (view.additional && view.additional->is_object()) {
        check(value, *view.additional, at, errors);
      } else if (!free_form && !(view.additional && *view.additional == true)) {
        errors.push_back(at + ": not a documented property");
      }
    }
    for (const auto& r : view.required)
      if (!v.contains(r)) fail("required property \"" + r + "\" is missing");
    if (s.contains("maxProperties") && v.size() > s["maxProperties"].get<size_t>()) fail("more than maxProperties");
  }
}

json Spec::plausible(const json& schema) const {
  const json& s = resolve(schema);
  if (!s.is_object()) return nullptr;
  if (s.contains("const")) return s["const"];
  if (s.contains("enum"))
    for (const auto& e : s["enum"])
      if (!e.is_null()) return e;
  for (const char* key : {"oneOf", "anyOf"}) {
    if (!s.contains(key)) continue;
    for (const auto& alt : s[key])
      if (first_type(resolve(alt)) != "null") return plausible(alt);
  }
  std::string type = first_type(s);
  if (type.empty() && (s.contains("properties") || s.contains("allOf"))) type = "object";
  if (type == "string") {
    const std::string format = s.value("format", "");
    if (format == "date") return "2016-02-01";
    if (format == "date-time") return "2016-02-29T09:00:00Z";
    if (format == "email") return "someone@example.org";
    if (s.contains("pattern")) {
      for (const char* candidate : {"1", "x", "BAR-0012340", "\"1\"", "2016-01"})
        if (matches(s["pattern"].get<std::string>(), candidate)) return candidate;
    }
    return "x";
  }
  if (type == "integer") return s.contains("minimum") ? s["minimum"].get<int64_t>() : int64_t{1};
  if (type == "number") {
    const double lo = s.contains("minimum") ? s["minimum"].get<double>() : 0.0;
    return std::max(lo, 0.0);
  }
  if (type == "boolean") return true;
  if (type == "array") return s.contains("items") ? json::array({plausible(s["items"])}) : json::array();
  if (type == "object") {
    json out = json::object();
    const ObjectView view = object_view(s);
    for (const auto& r : view.required)
      if (auto it = view.properties.find(r); it != view.properties.end()) out[r] = plausible(*it->second);
    return out;
  }
  return nullptr;
}

const json* Spec::operation(const std::string& method, const std::string& path_template) const {
  if (!doc_.contains("paths") || !doc_["paths"].contains(path_template)) return nullptr;
  const json& item = doc_["paths"][path_template];
  if (!item.contains(method)) return nullptr;
  return &item[method];
}

void collect_refs(const json& node, const std::string& where, std::vector<std::pair<std::string, std::string>>& out) {
  if (node.is_object()) {
    for (const auto& [k, v] : node.items()) {
      if (k == "$ref" && v.is_string()) out.emplace_back(v.get<std::string>(), where);
      else collect_refs(v, where + "/" + k, out);
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) collect_refs(node[i], where + "/" + std::to_string(i), out);
  }
}

}  // namespace civicdesk::testing
