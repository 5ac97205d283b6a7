// Request parameters as Open311 clients send them: a query string, an
// application/x-www-form-urlencoded body, or a multipart/form-data body
// (FixMyStreet's photo uploads, photo1..N, and the API's photo uploads).
// Pure functions, fuzzed by tests/fuzz/open311_form_fuzzer.cpp.
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

inline constexpr size_t kMaxFiles = 10;

// A part with a filename. The declared name and type are kept for messages
// only: what a file is comes from its bytes (domain/media.h).
struct FilePart {
  std::string name;          // the form field ("photo1")
  std::string filename;      // as sent; never used to store or serve the file
  std::string content_type;  // as sent ("" when absent)
  std::string content;
};

struct Multipart {
  open311::Params fields;
  int files = 0;  // parts with a filename (photos)
  std::vector<FilePart> file_parts;  // at most kMaxFiles (invalid_field beyond)
};
// The boundary comes from the Content-Type header's boundary parameter.
Result<Multipart> parse_multipart(std::string_view content_type, std::string_view body);

// A POST's parameters by its Content-Type (urlencoded when absent).
// `files`, when given, receives the file parts of a multipart body.
Result<open311::Params> parse_body(std::string_view content_type, std::string_view body,
                                   std::vector<FilePart>* files = nullptr);

}  // namespace civicdesk::http::open311_form
