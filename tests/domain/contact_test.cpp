// contact.h: validate(Contact) and the channel/outcome names.
#include "domain/contact.h"

#include "domain_test_util.h"

namespace civicdesk {
namespace {

using namespace std::chrono;
using testing::Utc;

const Instant kNow = Utc(2015, 6, 1, 12);

Contact call() {
  Contact c;
  c.channel = Channel::kTelephone;
  c.at = kNow - minutes{10};
  c.category = "missed-bin";
  c.reason = "Bin not collected";
  c.outcome = ContactOutcome::kResolvedAtFirstContact;
  c.duration_seconds = 240;
  c.notes = "Explained the new collection day.\nCustomer happy.";
  return c;
}

TEST(ValidateContact, AcceptsAnOrdinaryCall) { EXPECT_OK(validate(call(), kNow)); }

TEST(ValidateContact, ErrorsNameTheField) {
  auto with = [](auto change) {
    Contact c = call();
    change(c);
    return validate(c, kNow);
  };
  EXPECT_ERROR(with([](Contact& c) { c.reason = std::string(501, 'r'); }), ErrorCode::kInvalidField, "reason");
  EXPECT_OK(with([](Contact& c) { c.reason = std::string(500, 'r'); }));
  EXPECT_ERROR(with([](Contact& c) { c.reason = "two\nlines"; }), ErrorCode::kInvalidField, "reason");
  EXPECT_ERROR(with([](Contact& c) { c.notes = std::string(10001, 'n'); }), ErrorCode::kInvalidField, "notes");
  EXPECT_ERROR(with([](Contact& c) { c.notes = "\xC0\xAF"; }), ErrorCode::kInvalidUtf8, "notes");
  EXPECT_ERROR(with([](Contact& c) { c.duration_seconds = -1; }), ErrorCode::kInvalidField, "duration_seconds");
  EXPECT_ERROR(with([](Contact& c) { c.duration_seconds = 86401; }), ErrorCode::kInvalidField,
               "duration_seconds");
  EXPECT_OK(with([](Contact& c) { c.duration_seconds = 0; }));
  EXPECT_OK(with([](Contact& c) { c.duration_seconds = 86399; }));
}

TEST(ValidateContact, NotInTheFutureBeyondFiveMinutesGrace) {
  auto at = [](Instant when) {
    Contact c = call();
    c.at = when;
    return validate(c, kNow);
  };
  EXPECT_OK(at(kNow));
  EXPECT_OK(at(kNow + minutes{5}));
  EXPECT_ERROR(at(kNow + minutes{5} + seconds{1}), ErrorCode::kInvalidField, "at");
  EXPECT_ERROR(at(kNow + days{1}), ErrorCode::kInvalidField, "at");
  EXPECT_OK(at(Utc(2001, 1, 1)));
}

TEST(ValidateContact, SignpostedToOnlyForSignposting) {
  Contact c = call();
  c.outcome = ContactOutcome::kSignposted;
  EXPECT_ERROR(validate(c, kNow), ErrorCode::kMissingField, "signposted_to");
  c.signposted_to = "Citizens Advice Barnet";
  EXPECT_OK(validate(c, kNow));
  c.signposted_to = std::string(201, 's');
  EXPECT_ERROR(validate(c, kNow), ErrorCode::kInvalidField, "signposted_to");
  for (ContactOutcome o : {ContactOutcome::kResolvedAtFirstContact, ContactOutcome::kCaseCreated,
                           ContactOutcome::kTransferred}) {
    Contact other = call();
    other.outcome = o;
    other.signposted_to = "Citizens Advice Barnet";
    EXPECT_ERROR(validate(other, kNow), ErrorCode::kInvalidField, "signposted_to");
  }
}

TEST(ContactEnums, WireNames) {
  const std::pair<Channel, const char*> channels[] = {
      {Channel::kTelephone, "telephone"}, {Channel::kFaceToFace, "face_to_face"}, {Channel::kEmail, "email"},
      {Channel::kWebform, "webform"},     {Channel::kLetter, "letter"},           {Channel::kSocialMedia, "social_media"},
      {Channel::kApp, "app"},             {Channel::kOpen311, "open311"}};
  for (auto [v, name] : channels) {
    EXPECT_EQ(to_string(v), name);
    auto r = parse_channel(name);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, v);
  }
  EXPECT_ERROR(parse_channel("fax"), ErrorCode::kInvalidField, "channel");
  EXPECT_EQ(*parse_direction("inbound"), Direction::kInbound);
  EXPECT_EQ(*parse_direction("outbound"), Direction::kOutbound);
  EXPECT_EQ(to_string(Direction::kOutbound), "outbound");
  EXPECT_ERROR(parse_direction("sideways"), ErrorCode::kInvalidField, "direction");
  const std::pair<ContactOutcome, const char*> outcomes[] = {
      {ContactOutcome::kResolvedAtFirstContact, "resolved_at_first_contact"},
      {ContactOutcome::kCaseCreated, "case_created"},
      {ContactOutcome::kSignposted, "signposted"},
      {ContactOutcome::kTransferred, "transferred"}};
  for (auto [v, name] : outcomes) {
    EXPECT_EQ(to_string(v), name);
    auto r = parse_contact_outcome(name);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, v);
  }
  EXPECT_ERROR(parse_contact_outcome("resolved"), ErrorCode::kInvalidField, "outcome");
}

}  // namespace
}  // namespace civicdesk
