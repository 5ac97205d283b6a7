#include "domain/contact.h"

#include "domain/enum_table.h"
#include "domain/text.h"

namespace civicdesk {

namespace {
constexpr EnumEntry<Channel> kChannels[] = {
    {Channel::kTelephone, "telephone"}, {Channel::kFaceToFace, "face_to_face"},
    {Channel::kEmail, "email"},         {Channel::kWebform, "webform"},
    {Channel::kLetter, "letter"},       {Channel::kSocialMedia, "social_media"},
    {Channel::kApp, "app"},             {Channel::kOpen311, "open311"}};
constexpr EnumEntry<Direction> kDirections[] = {{Direction::kInbound, "inbound"},
                                                {Direction::kOutbound, "outbound"}};
constexpr EnumEntry<ContactOutcome> kOutcomes[] = {
    {ContactOutcome::kResolvedAtFirstContact, "resolved_at_first_contact"},
    {ContactOutcome::kCaseCreated, "case_created"},
    {ContactOutcome::kSignposted, "signposted"},
    {ContactOutcome::kTransferred, "transferred"}};
}  // namespace

std::string_view to_string(Channel v) { return enum_name(v, kChannels); }
Result<Channel> parse_channel(std::string_view s) { return parse_enum(s, kChannels, "channel"); }
std::string_view to_string(Direction v) { return enum_name(v, kDirections); }
Result<Direction> parse_direction(std::string_view s) { return parse_enum(s, kDirections, "direction"); }
std::string_view to_string(ContactOutcome v) { return enum_name(v, kOutcomes); }
Result<ContactOutcome> parse_contact_outcome(std::string_view s) {
  return parse_enum(s, kOutcomes, "outcome");
}

Status validate(const Contact& c, Instant now) {
  RETURN_IF_ERROR(check_text(c.reason, "reason", 500));
  RETURN_IF_ERROR(check_text(c.notes, "notes", 10000, /*multiline=*/true));
  RETURN_IF_ERROR(check_text(c.signposted_to, "signposted_to", 200));
  if (c.duration_seconds < 0 || c.duration_seconds > 86400)
    return invalid_field("duration_seconds", "Duration must be between 0 and 86400 seconds");
  if (c.at > now + std::chrono::minutes{5})
    return invalid_field("at", "A contact cannot be logged in the future");
  if (c.outcome == ContactOutcome::kSignposted && c.signposted_to.empty())
    return Error(ErrorCode::kMissingField, "Say where the customer was signposted to",
                 "signposted_to");
  if (c.outcome != ContactOutcome::kSignposted && !c.signposted_to.empty())
    return invalid_field("signposted_to", "Only signposted contacts name where they were signposted");
  return {};
}

}  // namespace civicdesk
