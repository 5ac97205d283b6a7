// UK identifiers and contact details: postcodes, UPRNs, USRNs, email
// addresses and telephone numbers. Each normalises first, then validates, so
// that matching a customer by "n3 1ab" finds "N3 1AB".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace civicdesk {

// Upper case, everything but letters and digits removed, a space before the
// last three characters: " sw1a1aa " -> "SW1A 1AA". Does not validate.
std::string normalise_postcode(std::string_view raw);
// Normalises then validates against the Royal Mail pattern in DOMAIN.md.
// invalid_field on `field` when it does not match.
Result<std::string> parse_postcode(std::string_view raw, std::string_view field = "postcode");

// UPRN: an integer of up to 12 digits; zero-padded input accepted
// ("000100023336956" -> 100023336956). Must be positive.
Result<int64_t> parse_uprn(std::string_view raw, std::string_view field = "uprn");
// USRN: up to 8 digits, positive.
Result<int64_t> parse_usrn(std::string_view raw, std::string_view field = "usrn");

// A practical email check (one @, a dotted domain, no spaces, <= 254 chars);
// returns the address with the domain lower-cased.
Result<std::string> parse_email(std::string_view raw, std::string_view field = "email");

// A UK telephone number normalised to E.164 ("020 7946 0000" ->
// "+442079460000") with libphonenumber; numbers with a leading + may be from
// any country. invalid_field when it is not a valid number.
Result<std::string> parse_phone(std::string_view raw, std::string_view field = "phone");

}  // namespace civicdesk
