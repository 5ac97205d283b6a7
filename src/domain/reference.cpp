#include "domain/reference.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

#include "domain/text.h"

namespace civicdesk {

namespace {
// The Damm quasigroup table (weakly totally anti-symmetric, order 10).
constexpr int kDamm[10][10] = {{0, 3, 1, 7, 5, 9, 8, 6, 4, 2}, {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
                               {4, 2, 0, 6, 8, 7, 1, 3, 5, 9}, {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
                               {6, 1, 2, 3, 0, 4, 5, 9, 7, 8}, {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
                               {5, 8, 6, 9, 7, 2, 0, 1, 3, 4}, {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
                               {9, 4, 3, 8, 6, 1, 7, 2, 0, 5}, {2, 5, 8, 1, 4, 3, 6, 7, 9, 0}};
}  // namespace

int damm_check_digit(std::string_view digits) {
  int interim = 0;
  for (char c : digits) interim = kDamm[interim][c - '0'];
  return interim;
}

bool valid_reference_prefix(std::string_view prefix) {
  if (prefix.size() < 2 || prefix.size() > 6) return false;
  for (char c : prefix)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

std::string format_reference(std::string_view prefix, int64_t n) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(n));
  std::string out(prefix);
  out.push_back('-');
  out += digits;
  out.push_back(static_cast<char>('0' + damm_check_digit(digits)));
  return out;
}

std::optional<std::string> normalise_reference(std::string_view text) {
  text = trim(text);
  if (text.size() > 32) return std::nullopt;
  std::string s;
  for (char c : text) s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  const size_t dash = s.find('-');
  if (dash == std::string::npos || !valid_reference_prefix(std::string_view(s).substr(0, dash)))
    return std::nullopt;
  std::string_view number = std::string_view(s).substr(dash + 1);
  // A child task of a Members' Enquiry: "BAR-0012340-2" (task 1 to 99).
  if (const size_t task = number.find('-'); task != std::string_view::npos) {
    const std::string_view n = number.substr(task + 1);
    if (n.empty() || n.size() > 2 || n[0] < '1' || n[0] > '9' || (n.size() == 2 && (n[1] < '0' || n[1] > '9')))
      return std::nullopt;
    number = number.substr(0, task);
  }
  if (number.size() < 7 || number.size() > 19) return std::nullopt;
  for (char c : number)
    if (c < '0' || c > '9') return std::nullopt;
  if (damm_check_digit(number) != 0) return std::nullopt;  // a valid number checks to 0
  return s;
}

std::optional<ReferenceParts> parse_reference(std::string_view text) {
  auto ref = normalise_reference(text);
  if (!ref) return std::nullopt;
  const size_t dash = ref->find('-');
  const size_t task = ref->find('-', dash + 1);  // a child task's suffix
  const size_t end = task == std::string::npos ? ref->size() : task;
  const std::string digits = ref->substr(dash + 1, end - dash - 2);  // without the check digit
  int64_t n = 0;
  for (char c : digits) {
    if (n > (INT64_MAX - 9) / 10) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return ReferenceParts{ref->substr(0, dash), n};
}

std::string imported_reference_problem(std::string_view text) {
  if (text.empty()) return "The reference is empty";
  if (text.size() > 64) return "The reference is longer than 64 characters";
  auto alnum = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (!alnum(text.front())) return "The reference must start with a letter or digit";
  for (char c : text)
    if (!alnum(c) && c != '-' && c != '_' && c != '.' && c != '/')
      return "The reference may only hold letters, digits and - _ . / (not spaces or other punctuation)";
  return "";
}

}  // namespace civicdesk
