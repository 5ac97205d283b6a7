// Names for enums on the wire and in the database, from one table per enum.
//
//   constexpr EnumEntry<Channel> kChannels[] = {{Channel::kEmail, "email"}, ...};
//   to_string(v) -> enum_name(v, kChannels);
//   parse_channel(s) -> parse_enum(s, kChannels, "channel");
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "base/result.h"

namespace civicdesk {

template <typename E>
using EnumEntry = std::pair<E, std::string_view>;

template <typename E, size_t N>
constexpr std::string_view enum_name(E v, const EnumEntry<E> (&table)[N]) {
  for (const auto& entry : table)
    if (entry.first == v) return entry.second;
  return "";
}

// Returns invalid_field on `field` listing the allowed values.
template <typename E, size_t N>
Result<E> parse_enum(std::string_view text, const EnumEntry<E> (&table)[N], std::string_view field) {
  for (const auto& entry : table)
    if (entry.second == text) return entry.first;
  std::string allowed;
  for (const auto& entry : table) {
    if (!allowed.empty()) allowed += ", ";
    allowed += entry.second;
  }
  return invalid_field(std::string(field),
                       "Unknown value \"" + std::string(text).substr(0, 64) + "\": use one of " + allowed);
}

}  // namespace civicdesk
