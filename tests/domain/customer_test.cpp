// customer.h: normalise_customer and display names.
#include "domain/customer.h"

#include "domain_test_util.h"

namespace civicdesk {
namespace {

using testing::D;

const LocalDate kToday = D(2026, 1, 15);

Customer ada() {
  Customer c;
  c.title = "Mrs";
  c.given_name = "Ada";
  c.family_name = "Lovelace";
  c.date_of_birth = D(1980, 5, 17);
  c.emails = {{"Ada@Example.COM", "home", true}, {"ada.work@Analytical.Engine.org", "work", false}};
  c.phones = {{"020 7946 0000", "home", true}, {"07700 900982", "mobile", false}};
  c.addresses = {{"12 High Street", "", "", "London", "n31ab", 100023336956, "home", true}};
  c.preferred_channel = PreferredChannel::kEmail;
  c.language = "en-GB";
  c.needs_support = true;
  c.support_notes = "Uses a hearing aid.\nPrefers email.";
  return c;
}

TEST(NormaliseCustomer, NormalisesContactDetails) {
  auto r = normalise_customer(ada(), kToday);
  ASSERT_TRUE(r.ok()) << r.error().field << ": " << r.error().message;
  EXPECT_EQ(r->emails[0].address, "Ada@example.com");
  EXPECT_EQ(r->emails[1].address, "ada.work@analytical.engine.org");
  EXPECT_EQ(r->phones[0].number, "+442079460000");
  EXPECT_EQ(r->phones[1].number, "+447700900982");
  EXPECT_EQ(r->addresses[0].postcode, "N3 1AB");
  EXPECT_EQ(r->addresses[0].uprn, 100023336956);
  EXPECT_EQ(r->display_name(), "Mrs Ada Lovelace");
  // Normalising twice changes nothing.
  auto again = normalise_customer(*r, kToday);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->emails, r->emails);
  EXPECT_EQ(again->phones, r->phones);
  EXPECT_EQ(again->addresses, r->addresses);
}

TEST(NormaliseCustomer, NamesPresentForTheKind) {
  Customer c = ada();
  c.given_name = c.family_name = "";
  EXPECT_ERROR(normalise_customer(c, kToday), ErrorCode::kMissingField, "family_name");
  c.given_name = "Ada";
  EXPECT_OK(normalise_customer(c, kToday));
  Customer org;
  org.kind = CustomerKind::kOrganisation;
  EXPECT_ERROR(normalise_customer(org, kToday), ErrorCode::kMissingField, "organisation_name");
  org.organisation_name = "Friends of Victoria Park";
  auto r = normalise_customer(org, kToday);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->display_name(), "Friends of Victoria Park");
}

TEST(NormaliseCustomer, DisplayName) {
  Customer c;
  c.family_name = "Smith";
  EXPECT_EQ(c.display_name(), "Smith");
  c.title = "Mr";
  EXPECT_EQ(c.display_name(), "Mr Smith");
  c.given_name = "John";
  EXPECT_EQ(c.display_name(), "Mr John Smith");
  c.family_name = "";
  EXPECT_EQ(c.display_name(), "Mr John");
  c.kind = CustomerKind::kOrganisation;
  c.organisation_name = "Acme Ltd";
  EXPECT_EQ(c.display_name(), "Acme Ltd");
}

TEST(NormaliseCustomer, DateOfBirth) {
  Customer c = ada();
  c.date_of_birth = kToday;
  EXPECT_OK(normalise_customer(c, kToday));
  c.date_of_birth = kToday + std::chrono::days{1};
  EXPECT_ERROR(normalise_customer(c, kToday), ErrorCode::kInvalidField, "date_of_birth");
  c.date_of_birth = D(1900, 1, 1);
  EXPECT_OK(normalise_customer(c, kToday));
  c.date_of_birth = D(1899, 12, 31);
  EXPECT_ERROR(normalise_customer(c, kToday), ErrorCode::kInvalidField, "date_of_birth");
  c.date_of_birth.reset();
  EXPECT_OK(normalise_customer(c, kToday));
}

TEST(NormaliseCustomer, Language) {
  Customer c = ada();
  for (const char* ok : {"en", "cy", "en-GB", "zh-Hant-TW"}) {
    c.language = ok;
    EXPECT_OK(normalise_customer(c, kToday));
  }
  for (const std::string& bad : {std::string(""), std::string("en_GB"), std::string("en GB"),
                                 std::string(36, 'a'), std::string("fran\xC3\xA7" "ais")}) {
    c.language = bad;
    EXPECT_ERROR(normalise_customer(c, kToday), ErrorCode::kInvalidField, "language");
  }
}

TEST(NormaliseCustomer, ErrorsPointIntoTheInput) {
  auto with = [](auto change) {
    Customer c = ada();
    change(c);
    return normalise_customer(c, kToday);
  };
  EXPECT_ERROR(with([](Customer& c) { c.title = std::string(41, 't'); }), ErrorCode::kInvalidField, "title");
  EXPECT_ERROR(with([](Customer& c) { c.given_name = "Ada\x07"; }), ErrorCode::kInvalidField, "given_name");
  EXPECT_ERROR(with([](Customer& c) { c.family_name = std::string(101, 'f'); }), ErrorCode::kInvalidField,
               "family_name");
  EXPECT_ERROR(with([](Customer& c) { c.family_name = "Love\xFFlace"; }), ErrorCode::kInvalidUtf8, "family_name");
  EXPECT_ERROR(with([](Customer& c) { c.organisation_name = std::string(201, 'o'); }), ErrorCode::kInvalidField,
               "organisation_name");
  EXPECT_ERROR(with([](Customer& c) { c.support_notes = std::string(4001, 's'); }), ErrorCode::kInvalidField,
               "support_notes");
  EXPECT_ERROR(with([](Customer& c) { c.emails[1].address = "not an email"; }), ErrorCode::kInvalidField,
               "emails[1].address");
  EXPECT_ERROR(with([](Customer& c) { c.emails[0].address = ""; }), ErrorCode::kMissingField,
               "emails[0].address");
  EXPECT_ERROR(with([](Customer& c) { c.emails[0].label = std::string(41, 'l'); }), ErrorCode::kInvalidField,
               "emails[0].label");
  EXPECT_ERROR(with([](Customer& c) { c.phones[1].number = "12345"; }), ErrorCode::kInvalidField,
               "phones[1].number");
  EXPECT_ERROR(with([](Customer& c) { c.phones[0].label = "a\nb"; }), ErrorCode::kInvalidField, "phones[0].label");
  EXPECT_ERROR(with([](Customer& c) { c.addresses[0].line1 = ""; }), ErrorCode::kMissingField,
               "addresses[0].line1");
  EXPECT_ERROR(with([](Customer& c) { c.addresses[0].town = std::string(201, 't'); }), ErrorCode::kInvalidField,
               "addresses[0].town");
  EXPECT_ERROR(with([](Customer& c) { c.addresses[0].line2 = "x\ty"; }), ErrorCode::kInvalidField,
               "addresses[0].line2");
  EXPECT_ERROR(with([](Customer& c) { c.addresses[0].postcode = "Q1 1AA"; }), ErrorCode::kInvalidField,
               "addresses[0].postcode");
  EXPECT_ERROR(with([](Customer& c) { c.addresses[0].uprn = 0; }), ErrorCode::kInvalidField,
               "addresses[0].uprn");
  EXPECT_ERROR(with([](Customer& c) { c.addresses[0].uprn = 1000000000000; }), ErrorCode::kInvalidField,
               "addresses[0].uprn");
  EXPECT_ERROR(with([](Customer& c) { c.addresses[0].uprn = -5; }), ErrorCode::kInvalidField,
               "addresses[0].uprn");
  EXPECT_OK(with([](Customer& c) { c.addresses[0].postcode = "", c.addresses[0].uprn.reset(); }));
}

TEST(NormaliseCustomer, AtMostOnePrimaryAndTwentyOfEach) {
  auto with = [](auto change) {
    Customer c = ada();
    change(c);
    return normalise_customer(c, kToday);
  };
  EXPECT_ERROR(with([](Customer& c) { c.emails[1].primary = true; }), ErrorCode::kInvalidField, "emails");
  EXPECT_ERROR(with([](Customer& c) { c.phones[1].primary = true; }), ErrorCode::kInvalidField, "phones");
  EXPECT_ERROR(with([](Customer& c) {
                 c.addresses.push_back(c.addresses[0]);
               }),
               ErrorCode::kInvalidField, "addresses");
  EXPECT_OK(with([](Customer& c) {
    for (auto& e : c.emails) e.primary = false;  // none primary is fine
  }));
  EXPECT_OK(with([](Customer& c) {
    c.emails.resize(20, EmailAddress{"x@example.com", "", false});
  }));
  EXPECT_FALSE(with([](Customer& c) {
                 c.emails.resize(21, EmailAddress{"x@example.com", "", false});
               }).ok());
  EXPECT_FALSE(with([](Customer& c) {
                 c.phones.resize(21, PhoneNumber{"020 7946 0001", "", false});
               }).ok());
}

TEST(NormaliseCustomer, PreferredChannelNeedsTheDetail) {
  auto with = [](auto change) {
    Customer c = ada();
    change(c);
    return normalise_customer(c, kToday);
  };
  EXPECT_ERROR(with([](Customer& c) { c.emails.clear(); }), ErrorCode::kInvalidField, "preferred_channel");
  EXPECT_ERROR(with([](Customer& c) { c.preferred_channel = PreferredChannel::kSms, c.phones.clear(); }),
               ErrorCode::kInvalidField, "preferred_channel");
  EXPECT_ERROR(with([](Customer& c) { c.preferred_channel = PreferredChannel::kPost, c.addresses.clear(); }),
               ErrorCode::kInvalidField, "preferred_channel");
  EXPECT_OK(with([](Customer& c) { c.preferred_channel = PreferredChannel::kPost; }));
  EXPECT_OK(with([](Customer& c) { c.preferred_channel.reset(), c.emails.clear(), c.phones.clear(); }));
}

TEST(CustomerEnums, WireNames) {
  EXPECT_EQ(to_string(CustomerKind::kPerson), "person");
  EXPECT_EQ(to_string(CustomerKind::kOrganisation), "organisation");
  EXPECT_EQ(*parse_customer_kind("organisation"), CustomerKind::kOrganisation);
  EXPECT_ERROR(parse_customer_kind("company"), ErrorCode::kInvalidField, "kind");
  const std::pair<PreferredChannel, const char*> channels[] = {{PreferredChannel::kEmail, "email"},
                                                               {PreferredChannel::kSms, "sms"},
                                                               {PreferredChannel::kTelephone, "telephone"},
                                                               {PreferredChannel::kPost, "post"}};
  for (auto [v, name] : channels) {
    EXPECT_EQ(to_string(v), name);
    auto r = parse_preferred_channel(name);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, v);
  }
  EXPECT_ERROR(parse_preferred_channel("pigeon"), ErrorCode::kInvalidField, "preferred_channel");
}

}  // namespace
}  // namespace civicdesk
