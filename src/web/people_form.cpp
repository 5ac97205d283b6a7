#include "web/people_form.h"

#include <algorithm>
#include <cctype>

#include "domain/identifiers.h"

namespace civicdesk::web {

namespace {
size_t chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}
}  // namespace

FormErrors check_person(const Form& f, bool contact_needed) {
  FormErrors errors;
  const std::string name = trimmed(f.get("person_name"));
  if (name.empty()) errors.push_back({"person_name", "errors.name_missing"});
  else if (chars(name) > 200) errors.push_back({"person_name", "errors.name_long"});
  const std::string email = trimmed(f.get("person_email"));
  const std::string phone = trimmed(f.get("person_phone"));
  if (!email.empty() && (!plausible_email(email) || !parse_email(email)))
    errors.push_back({"person_email", "errors.email_invalid"});
  if (!phone.empty() && !parse_phone(phone)) errors.push_back({"person_phone", "member.errors.phone_invalid"});
  if (contact_needed && email.empty() && phone.empty())
    errors.push_back({"person_email", "member.errors.contact_missing"});
  if (chars(trimmed(f.get("person_address"))) > 300) errors.push_back({"person_address", "errors.street_long"});
  const std::string postcode = trimmed(f.get("person_postcode"));
  if (!postcode.empty() && !parse_postcode(postcode)) errors.push_back({"person_postcode", "errors.postcode_invalid"});
  return errors;
}

std::vector<std::string> email_list(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (current.empty()) return;
    std::transform(current.begin(), current.end(), current.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::find(out.begin(), out.end(), current) == out.end()) out.push_back(current);
    current.clear();
  };
  for (char c : text) {
    if (c == ',' || c == ';' || std::isspace(static_cast<unsigned char>(c))) flush();
    else current += c;
  }
  flush();
  return out;
}

FormErrors check_copies(const Form& f, const std::string& field) {
  const auto emails = email_list(f.get(field));
  if (emails.size() > 10) return {{field, "member.errors.copies_too_many"}};
  for (const auto& e : emails)
    if (!plausible_email(e) || !parse_email(e)) return {{field, "member.errors.copies_invalid"}};
  return {};
}

FormErrors check_yes_no(const Form& f, const std::string& field, const std::string& missing_key) {
  const std::string& v = f.get(field);
  if (v != "yes" && v != "no") return {{field, missing_key}};
  return {};
}

FormErrors check_text_field(const Form& f, const std::string& field, const std::string& missing_key, size_t max) {
  const std::string text = trimmed(f.get(field));
  if (text.empty()) return {{field, missing_key}};
  if (chars(text) > max) return {{field, "member.errors.text_long"}};
  return {};
}

}  // namespace civicdesk::web
