// Strict reading of JSON request bodies.
//
//   ASSIGN_OR_RETURN(JsonReader r, JsonReader::parse(body));
//   std::string name = r.required_string("name", 200);
//   std::optional<int64_t> n = r.integer("limit", 1, 200);
//   RETURN_IF_ERROR(r.finish());   // first error, or unknown_field
//
// Every getter records the first problem (wrong type, out of range, too long,
// unknown enum value) with the field's full path ("location.lat",
// "emails[1].address") and returns an empty value; finish() reports it. Keys
// never asked for are unknown fields. null counts as absent.
//
// parse() refuses bodies that are not UTF-8 (invalid_utf8), not JSON
// (invalid_json with the byte offset), nested deeper than kMaxDepth, or not
// an object.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace civicdesk::http {

class JsonReader {
 public:
  static constexpr int kMaxDepth = 32;

  static Result<JsonReader> parse(std::string_view body);

  std::optional<std::string> string(std::string_view key, size_t max_chars = 10000, bool multiline = false);
  // Missing or empty after trimming is missing_field.
  std::string required_string(std::string_view key, size_t max_chars = 10000, bool multiline = false);
  std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max);
  std::optional<double> number(std::string_view key, double min, double max);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::vector<std::string>> strings(std::string_view key, size_t max_items, size_t max_chars);
  std::optional<JsonReader> object(std::string_view key);
  std::optional<std::vector<JsonReader>> objects(std::string_view key, size_t max_items);

  // Parses a string field through `parse` (e.g. parse_case_type), recording
  // its error against this field.
  template <typename T, typename F>
  std::optional<T> parsed(std::string_view key, F&& parse) {
    auto s = string(key, 200);
    if (!s) return std::nullopt;
    Result<T> r = parse(*s);
    if (!r) {
      fail(Error(r.error().code, r.error().message, path(key)));
      return std::nullopt;
    }
    return std::move(r).value();
  }

  bool has(std::string_view key) const;
  // True when the key is there at all, even as null (PATCH: null clears).
  bool present(std::string_view key) const { return obj_->contains(key); }
  // Records an error about `key` (for checks the caller makes itself).
  void fail(Error e);
  std::string path(std::string_view key) const;
  // The raw value, for fields whose shape varies (answers). Marks it read.
  const nlohmann::json* raw(std::string_view key);

  // The first error seen here or in nested readers, else unknown_field for
  // the first key nobody asked for, else ok.
  Status finish();

 private:
  // State shared by a document's root reader and all nested readers.
  struct Shared {
    nlohmann::json doc;
    std::optional<Error> first_error;
    // Paths read so far; true when the value was taken raw (not descended).
    std::map<std::string, bool, std::less<>> read;
  };
  JsonReader(std::shared_ptr<Shared> shared, const nlohmann::json* obj, std::string prefix)
      : shared_(std::move(shared)), obj_(obj), prefix_(std::move(prefix)) {}
  const nlohmann::json* get(std::string_view key, bool raw = false);  // marks read; null -> nullptr
  std::optional<std::string> unknown_in(const nlohmann::json& obj, const std::string& prefix) const;

  std::shared_ptr<Shared> shared_;
  const nlohmann::json* obj_;
  std::string prefix_;
};

// A JSON body read by `read` into a T; then the first problem, or
// unknown_field for a key `read` did not ask for.
template <typename T, typename F>
Result<T> decode(std::string_view body, F&& read) {
  ASSIGN_OR_RETURN(JsonReader r, JsonReader::parse(body));
  T out = read(r);
  RETURN_IF_ERROR(r.finish());
  return out;
}

}  // namespace civicdesk::http
