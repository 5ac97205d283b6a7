// Text checks shared by every input path (JSON API, CSV import, forms):
// well-formed UTF-8, bounded length in characters, no control characters.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace civicdesk {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
bool valid_utf8(std::string_view s);

// Number of code points; `s` must be valid UTF-8.
size_t utf8_length(std::string_view s);

// Leading and trailing ASCII whitespace removed.
std::string_view trim(std::string_view s);

// The first `max_chars` characters of `s` (valid UTF-8): whole characters.
std::string first_chars(std::string_view s, size_t max_chars);

// `s` cut to at most `max_chars` characters (whole ones), ending in "…"
// when something was cut.
std::string shortened(std::string_view s, size_t max_chars);

// Valid UTF-8, at most `max_chars` characters, no control characters (tab,
// CR and LF allowed when `multiline`). invalid_field on `field` otherwise.
Status check_text(std::string_view value, std::string_view field, size_t max_chars,
                  bool multiline = false);

}  // namespace civicdesk
