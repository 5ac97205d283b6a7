// Query strings: percent-decoding and strict typed reading.
//
//   ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse("status=new&limit=20"));
//   auto status = q.parsed<CaseStatus>("status", parse_case_status);
//   auto limit = q.integer("limit", 1, 200);
//   RETURN_IF_ERROR(q.finish());  // first error, or an unknown parameter
//
// parse() refuses malformed percent-escapes, invalid UTF-8 and more than
// kMaxParams parameters (invalid_query). A parameter given twice is an error
// unless read with all().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace civicdesk::http {

// Decodes %XX escapes and '+' (as space, when `plus_is_space`). nullopt for a
// malformed escape.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space = true);
std::string percent_encode(std::string_view s);

class QueryReader {
 public:
  static constexpr size_t kMaxParams = 64;

  static Result<QueryReader> parse(std::string_view raw);

  std::optional<std::string> string(std::string_view key, size_t max_chars = 500);
  std::vector<std::string> all(std::string_view key, size_t max_chars = 500);
  std::optional<int64_t> integer(std::string_view key, int64_t min, int64_t max);
  std::optional<bool> boolean(std::string_view key);

  template <typename T, typename F>
  std::optional<T> parsed(std::string_view key, F&& parse) {
    auto s = string(key, 200);
    if (!s) return std::nullopt;
    Result<T> r = parse(*s);
    if (!r) {
      fail(Error(ErrorCode::kInvalidQuery, r.error().message, std::string(key)));
      return std::nullopt;
    }
    return std::move(r).value();
  }

  void fail(Error e);
  // First error, else invalid_query for a parameter nobody read.
  Status finish();

 private:
  std::vector<std::pair<std::string, std::string>> params_;
  std::vector<bool> used_;
  std::optional<Error> first_error_;
};

}  // namespace civicdesk::http
