// A small view of the OpenAPI document for tests: $ref resolution, a
// recursive checker of JSON values against the document's schemas, and
// plausible values for documented properties. Not a full JSON Schema
// validator: it understands the keywords the document uses ($ref, allOf,
// oneOf, anyOf, type, const, enum, properties, required,
// additionalProperties, items, min/max, minLength/maxLength, pattern,
// maxItems, maxProperties and the date/date-time formats).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace civicdesk::testing {

class Spec {
 public:
  explicit Spec(nlohmann::json doc) : doc_(std::move(doc)) {}

  const nlohmann::json& doc() const { return doc_; }

  // The node `ref` ("#/components/...") points at, or nullptr.
  const nlohmann::json* lookup(const std::string& ref) const;
  // Follows $ref (repeatedly); returns `node` itself when it has none. A
  // dangling $ref resolves to an empty schema (reported by the $ref test).
  const nlohmann::json& resolve(const nlohmann::json& node) const;

  // Checks `value` against `schema`; appends "path: problem" lines to
  // `errors`. Objects must not have properties the schema does not list
  // unless it allows additionalProperties.
  void check(const nlohmann::json& value, const nlohmann::json& schema, const std::string& path,
             std::vector<std::string>& errors) const;
  std::vector<std::string> check(const nlohmann::json& value, const nlohmann::json& schema) const {
    std::vector<std::string> errors;
    check(value, schema, "$", errors);
    return errors;
  }

  // The object view of a schema: its properties and required names through
  // $ref and allOf, and whether other properties are allowed.
  struct ObjectView {
    std::map<std::string, const nlohmann::json*> properties;
    std::set<std::string> required;
    const nlohmann::json* additional = nullptr;  // additionalProperties, when given
  };
  ObjectView object_view(const nlohmann::json& schema) const;

  // True when `schema` (resolved) describes an object with listed properties.
  bool is_object_with_properties(const nlohmann::json& schema) const;

  // A value a decoder should accept for `schema`: the first enum value, the
  // minimum, a date or date-time, one plausible item, or an object with its
  // required properties.
  nlohmann::json plausible(const nlohmann::json& schema) const;

  // The operation object for `method` (lower case) and `path_template`, or nullptr.
  const nlohmann::json* operation(const std::string& method, const std::string& path_template) const;

 private:
  nlohmann::json doc_;
};

// Every "$ref" string in `node`, with the JSON location where it occurs.
void collect_refs(const nlohmann::json& node, const std::string& where,
                  std::vector<std::pair<std::string, std::string>>& out);

// The HTTP methods an OpenAPI path item may hold.
const std::vector<std::string>& http_methods();

}  // namespace civicdesk::testing
