#include "domain/customer.h"

#include "domain/enum_table.h"
#include "domain/identifiers.h"
#include "domain/text.h"

namespace civicdesk {

namespace {
constexpr EnumEntry<CustomerKind> kKinds[] = {{CustomerKind::kPerson, "person"},
                                              {CustomerKind::kOrganisation, "organisation"}};
constexpr EnumEntry<PreferredChannel> kPreferred[] = {{PreferredChannel::kEmail, "email"},
                                                      {PreferredChannel::kSms, "sms"},
                                                      {PreferredChannel::kTelephone, "telephone"},
                                                      {PreferredChannel::kPost, "post"}};

template <typename T>
Status at_most_one_primary(const std::vector<T>& items, const std::string& field) {
  int n = 0;
  for (const auto& i : items) n += i.primary ? 1 : 0;
  if (n > 1) return invalid_field(field, "Only one can be the main one");
  return {};
}
}  // namespace

std::string_view to_string(CustomerKind v) { return enum_name(v, kKinds); }
Result<CustomerKind> parse_customer_kind(std::string_view s) { return parse_enum(s, kKinds, "kind"); }
std::string_view to_string(PreferredChannel v) { return enum_name(v, kPreferred); }
Result<PreferredChannel> parse_preferred_channel(std::string_view s) {
  return parse_enum(s, kPreferred, "preferred_channel");
}

std::string Customer::display_name() const {
  if (kind == CustomerKind::kOrganisation) return organisation_name;
  std::string out;
  for (const std::string* part : {&title, &given_name, &family_name}) {
    if (part->empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += *part;
  }
  return out;
}

Result<Customer> normalise_customer(Customer c, LocalDate today) {
  RETURN_IF_ERROR(check_text(c.title, "title", 40));
  RETURN_IF_ERROR(check_text(c.given_name, "given_name", 100));
  RETURN_IF_ERROR(check_text(c.family_name, "family_name", 100));
  RETURN_IF_ERROR(check_text(c.organisation_name, "organisation_name", 200));
  RETURN_IF_ERROR(check_text(c.support_notes, "support_notes", 4000, /*multiline=*/true));
  if (c.kind == CustomerKind::kPerson && c.given_name.empty() && c.family_name.empty())
    return Error(ErrorCode::kMissingField, "Enter the customer's name", "family_name");
  if (c.kind == CustomerKind::kOrganisation && c.organisation_name.empty())
    return Error(ErrorCode::kMissingField, "Enter the organisation's name", "organisation_name");
  if (c.date_of_birth && (*c.date_of_birth > today ||
                          *c.date_of_birth < LocalDate{std::chrono::days{-25567}}))  // 1900-01-01
    return invalid_field("date_of_birth", "Date of birth must be a real date in the past");
  if (c.language.empty() || c.language.size() > 35)
    return invalid_field("language", "Enter a language tag, like en or cy");
  for (char ch : c.language)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-')
      return invalid_field("language", "Enter a language tag, like en or cy");
  if (c.emails.size() > 20 || c.phones.size() > 20 || c.addresses.size() > 20)
    return invalid_field("emails", "A customer can have at most 20 of each contact detail");

  for (size_t i = 0; i < c.emails.size(); ++i) {
    const std::string at = "emails[" + std::to_string(i) + "]";
    ASSIGN_OR_RETURN(c.emails[i].address, parse_email(c.emails[i].address, at + ".address"));
    RETURN_IF_ERROR(check_text(c.emails[i].label, at + ".label", 40));
  }
  for (size_t i = 0; i < c.phones.size(); ++i) {
    const std::string at = "phones[" + std::to_string(i) + "]";
    ASSIGN_OR_RETURN(c.phones[i].number, parse_phone(c.phones[i].number, at + ".number"));
    RETURN_IF_ERROR(check_text(c.phones[i].label, at + ".label", 40));
  }
  for (size_t i = 0; i < c.addresses.size(); ++i) {
    const std::string at = "addresses[" + std::to_string(i) + "]";
    PostalAddress& a = c.addresses[i];
    if (a.line1.empty()) return missing_field(at + ".line1");
    for (auto [value, name] : {std::pair{&a.line1, "line1"}, {&a.line2, "line2"}, {&a.line3, "line3"},
                               {&a.town, "town"}, {&a.label, "label"}})
      RETURN_IF_ERROR(check_text(*value, at + "." + name, 200));
    if (!a.postcode.empty()) {
      ASSIGN_OR_RETURN(a.postcode, parse_postcode(a.postcode, at + ".postcode"));
    }
    if (a.uprn && (*a.uprn <= 0 || *a.uprn > 999999999999))
      return invalid_field(at + ".uprn", "Enter the UPRN as up to 12 digits");
  }
  RETURN_IF_ERROR(at_most_one_primary(c.emails, "emails"));
  RETURN_IF_ERROR(at_most_one_primary(c.phones, "phones"));
  RETURN_IF_ERROR(at_most_one_primary(c.addresses, "addresses"));
  if (c.preferred_channel == PreferredChannel::kEmail && c.emails.empty())
    return invalid_field("preferred_channel", "Add an email address to prefer email");
  if (c.preferred_channel == PreferredChannel::kSms && c.phones.empty())
    return invalid_field("preferred_channel", "Add a mobile number to prefer text messages");
  if (c.preferred_channel == PreferredChannel::kPost && c.addresses.empty())
    return invalid_field("preferred_channel", "Add an address to prefer post");
  return c;
}

}  // namespace civicdesk
