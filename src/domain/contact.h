// Contacts: single interactions with the council. What can be answered at
// first contact is logged as a contact only; the rest also creates a case.
// First-contact resolution = contacts resolved at first contact / all contacts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "domain/catalogue.h"
#include "domain/time.h"

namespace civicdesk {

enum class Channel {
  kTelephone, kFaceToFace, kEmail, kWebform, kLetter, kSocialMedia, kApp, kOpen311
};
std::string_view to_string(Channel);
Result<Channel> parse_channel(std::string_view);

enum class Direction { kInbound, kOutbound };
std::string_view to_string(Direction);
Result<Direction> parse_direction(std::string_view);

enum class ContactOutcome { kResolvedAtFirstContact, kCaseCreated, kSignposted, kTransferred };
std::string_view to_string(ContactOutcome);
Result<ContactOutcome> parse_contact_outcome(std::string_view);

struct Contact {
  Id id = 0;
  std::optional<Id> customer_id;
  Channel channel = Channel::kTelephone;
  Direction direction = Direction::kInbound;
  Instant at{};
  std::optional<Id> handler_id;  // officer who handled it
  std::string category;          // reason: a service category code (may be empty)
  std::string reason;            // free text
  ContactOutcome outcome = ContactOutcome::kResolvedAtFirstContact;
  std::string signposted_to;     // partner or community group, for kSignposted
  int duration_seconds = 0;
  std::optional<Id> case_id;     // the case created or discussed
  std::string case_reference;    // its reference (filled in when read back)
  std::string notes;
};

// Field checks that need no other records: lengths, a non-negative duration
// under 24 hours, `at` not in the future (5 minutes' grace for clock skew),
// signposted_to present only for signposting.
Status validate(const Contact& contact, Instant now);

}  // namespace civicdesk
