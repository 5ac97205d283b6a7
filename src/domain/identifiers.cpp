#include "domain/identifiers.h"

#include <phonenumbers/phonenumberutil.h>

#include <cctype>
#include <regex>

namespace civicdesk {

namespace {

Result<int64_t> parse_id_digits(std::string_view raw, std::string_view field, size_t max_digits,
                                const char* what) {
  std::string_view s = raw;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  while (s.size() > 1 && s.front() == '0') s.remove_prefix(1);  // zero-padded input
  auto bad = [&] {
    return invalid_field(std::string(field), std::string("Enter the ") + what + " as up to " +
                                                 std::to_string(max_digits) + " digits");
  };
  if (s.empty() || s.size() > max_digits) return bad();
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return bad();
    v = v * 10 + (c - '0');
  }
  if (v <= 0) return bad();
  return v;
}

// Ofcom reserves these UK ranges for drama and examples; libphonenumber
// reports them as unallocated, but the demo data, the help text and people
// testing the system use them. (Other drama ranges, such as 020 7946 0xxx,
// are inside allocated blocks and already valid.)
bool ofcom_drama_number(const i18n::phonenumbers::PhoneNumber& n) {
  if (n.country_code() != 44 || n.italian_leading_zero()) return false;
  const uint64_t nsn = n.national_number();
  return (nsn >= 7700900000 && nsn <= 7700900999) ||  // 07700 900000-900999 (mobile)
         (nsn >= 1632960000 && nsn <= 1632960999);    // 01632 960000-960999 (geographic)
}

}  // namespace

std::string normalise_postcode(std::string_view raw) {
  std::string s;
  for (char c : raw)
    if (std::isalnum(static_cast<unsigned char>(c)))
      s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (s.size() > 3) s.insert(s.size() - 3, " ");
  return s;
}

Result<std::string> parse_postcode(std::string_view raw, std::string_view field) {
  static const std::regex kPattern(
      "^(GIR 0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
      "|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) [0-9][ABD-HJLNP-UW-Z]{2})$");
  if (raw.size() > 16) return invalid_field(std::string(field), "Enter a real postcode, like N3 1AB");
  std::string pc = normalise_postcode(raw);
  if (pc.empty()) return missing_field(std::string(field));
  if (!std::regex_match(pc, kPattern))
    return invalid_field(std::string(field), "Enter a real postcode, like N3 1AB");
  return pc;
}

Result<int64_t> parse_uprn(std::string_view raw, std::string_view field) {
  return parse_id_digits(raw, field, 12, "UPRN");
}

Result<int64_t> parse_usrn(std::string_view raw, std::string_view field) {
  return parse_id_digits(raw, field, 8, "USRN");
}

Result<std::string> parse_email(std::string_view raw, std::string_view field) {
  auto bad = [&] {
    return invalid_field(std::string(field),
                         "Enter an email address in the correct format, like name@example.com");
  };
  std::string_view s = raw;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return missing_field(std::string(field));
  if (s.size() > 254) return bad();
  const size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos)
    return bad();
  const std::string_view local = s.substr(0, at);
  const std::string_view domain = s.substr(at + 1);
  if (local.size() > 64 || domain.size() < 3) return bad();
  const size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos)
    return bad();
  for (char c : s)
    if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' ||
        c == '"' || c == '(' || c == ')' || c == '\\')
      return bad();
  std::string out(local);
  out.push_back('@');
  for (char c : domain) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

Result<std::string> parse_phone(std::string_view raw, std::string_view field) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  auto bad = [&] {
    return invalid_field(std::string(field),
                         "Enter a telephone number, like 01632 960 001 or +44 7700 900 982");
  };
  if (raw.empty()) return missing_field(std::string(field));
  if (raw.size() > 40) return bad();
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(std::string(raw), "GB", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return bad();
  if (!util.IsValidNumber(number) && !ofcom_drama_number(number)) return bad();
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

}  // namespace civicdesk
