// Customers: people and organisations known to the council, with several
// emails, phones and addresses, a preferred channel, a language, and a
// needs-additional-support flag (vulnerable customers, accessibility needs,
// interpreter) with notes for staff.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/catalogue.h"
#include "domain/time.h"

namespace civicdesk {

enum class CustomerKind { kPerson, kOrganisation };
std::string_view to_string(CustomerKind);
Result<CustomerKind> parse_customer_kind(std::string_view);

// How a customer prefers to hear from the council.
enum class PreferredChannel { kEmail, kSms, kTelephone, kPost };
std::string_view to_string(PreferredChannel);
Result<PreferredChannel> parse_preferred_channel(std::string_view);

struct EmailAddress {
  std::string address;
  std::string label;  // "home", "work", ...
  bool primary = false;
  bool operator==(const EmailAddress&) const = default;
};

struct PhoneNumber {
  std::string number;  // E.164
  std::string label;
  bool primary = false;
  bool operator==(const PhoneNumber&) const = default;
};

struct PostalAddress {
  std::string line1, line2, line3, town;
  std::string postcode;         // normalised
  std::optional<int64_t> uprn;  // Unique Property Reference Number
  std::string label;
  bool primary = false;
  bool operator==(const PostalAddress&) const = default;
};

struct Customer {
  Id id = 0;
  CustomerKind kind = CustomerKind::kPerson;
  std::string title;
  std::string given_name;
  std::string family_name;
  std::string organisation_name;
  std::optional<LocalDate> date_of_birth;
  std::vector<EmailAddress> emails;
  std::vector<PhoneNumber> phones;
  std::vector<PostalAddress> addresses;
  std::optional<PreferredChannel> preferred_channel;
  std::string language = "en";  // BCP 47 tag
  bool needs_support = false;
  std::string support_notes;
  Instant created_at{}, updated_at{};
  int64_t version = 0;
  std::optional<Instant> erased_at;  // their personal data was erased (data protection)
  // The latest of each consent in their preference history (nullopt: never
  // said), kept on the record by the store (Tx::put_preference).
  std::optional<bool> consent_updates;
  std::optional<bool> consent_surveys;

  // "Mrs Ada Lovelace" or the organisation name.
  std::string display_name() const;
};

// Validates and normalises a customer as entered: names present for the kind,
// emails/phones/postcodes/UPRNs parsed (phones to E.164), at most one primary
// of each, date of birth not in the future relative to `today`, lengths
// bounded. Field names point into the input ("emails[1].address").
Result<Customer> normalise_customer(Customer c, LocalDate today);

}  // namespace civicdesk
