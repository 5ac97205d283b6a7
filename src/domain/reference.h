// Case references: "<PREFIX>-<number><check digit>", e.g. "BAR-0012340"
// (sequence 1234, check digit 0).
//
// The number is a per-council sequence, zero-padded to six digits, followed by
// a Damm check digit so that a reference read out over the phone with one
// digit wrong, or two adjacent digits swapped, is recognised as mistyped
// instead of finding somebody else's case.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace civicdesk {

// Damm check digit of a string of decimal digits.
int damm_check_digit(std::string_view digits);

// Formats sequence number `n` (>= 1) under `prefix` (2-6 upper-case letters).
std::string format_reference(std::string_view prefix, int64_t n);

// Upper-cases, trims and checks the shape and check digit of a reference typed
// by a person (a child task's "-<1..99>" suffix is allowed). Returns the canonical form, or nullopt when malformed.
std::optional<std::string> normalise_reference(std::string_view text);

// The parts of a civicdesk reference (any spelling normalise_reference
// accepts): "bar-0012340" -> {"BAR", 1234}. nullopt when it is not one.
struct ReferenceParts {
  std::string prefix;
  int64_t number = 0;
};
std::optional<ReferenceParts> parse_reference(std::string_view text);

// References brought in from another system (civicdesk import) are kept as
// they were ("ME/2015/00123", "123456"), within a shape that is safe in a URL
// path and unambiguous when read out: 1-64 characters, ASCII letters, digits
// and - _ . /, starting with a letter or digit. (A "/" travels as %2F in an
// API path.) Returns a sentence saying what is wrong, or "" when it is fine.
std::string imported_reference_problem(std::string_view text);

// True for 2-6 upper-case ASCII letters.
bool valid_reference_prefix(std::string_view prefix);

}  // namespace civicdesk
