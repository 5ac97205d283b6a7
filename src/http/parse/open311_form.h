// Request parameters as Open311 clients send them: a query string, an
// application/x-www-form-urlencoded body, or a multipart/form-data body
// (FixMyStreet's photo uploads; file parts are counted, not kept). Pure
// functions, fuzzed by tests/fuzz/open311_form_fuzzer.cpp.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "domain/open311.h"

namespace civicdesk::http::open311_form {

inline constexpr size_t kMaxParams = 500;

// "a=1&b=2&a=3": every pair, decoded ('+' is a space), repeats kept.
// invalid_field for a malformed escape, invalid UTF-8 or too many pairs.
Result<open311::Params> parse_urlencoded(std::string_view body);

struct Multipart {
  open311::Params fields;
  int files = 0;  // parts with a filename (photos)
};
// The boundary comes from the Content-Type header's boundary parameter.
Result<Multipart> parse_multipart(std::string_view content_type, std::string_view body);

// A POST's parameters by its Content-Type (urlencoded when absent).
Result<open311::Params> parse_body(std::string_view content_type, std::string_view body, int* files = nullptr);

}  // namespace civicdesk::http::open311_form
