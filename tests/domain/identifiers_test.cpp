// identifiers.h: postcodes, UPRNs, USRNs, email addresses and phone numbers.
#include "domain/identifiers.h"

#include <cctype>
#include <random>

#include "domain_test_util.h"

namespace civicdesk {
namespace {

// --- postcodes -------------------------------------------------------------------

TEST(Postcode, NormalisesThenValidates) {
  auto ok = [](std::string_view raw, std::string_view want) {
    auto r = parse_postcode(raw);
    ASSERT_TRUE(r.ok()) << '"' << raw << "\": " << r.error().message;
    EXPECT_EQ(*r, want) << '"' << raw << '"';
  };
  ok("sw1a1aa", "SW1A 1AA");
  ok(" sw1a 1aa ", "SW1A 1AA");
  ok("SW1A-1AA", "SW1A 1AA");
  ok("GIR 0AA", "GIR 0AA");
  ok("gir0aa", "GIR 0AA");
  ok("N3 1AB", "N3 1AB");
  ok("n31ab", "N3 1AB");
  ok("n3   1ab", "N3 1AB");
  ok("EC1A 1BB", "EC1A 1BB");
  ok("W1A 0AX", "W1A 0AX");
  ok("M1 1AE", "M1 1AE");      // A9
  ok("B33 8TH", "B33 8TH");    // A99
  ok("CR2 6XH", "CR2 6XH");    // AA9
  ok("DN55 1PT", "DN55 1PT");  // AA99
  ok("NW10 6DW", "NW10 6DW");
}

TEST(Postcode, RejectsInvalid) {
  for (const char* bad : {"Q1 1AA",     // Q never starts a postcode
                          "V1 1AA", "X1 1AA",
                          "AI1 1AA",    // I never second
                          "AZ1 1AA",
                          "123", "1234567", "N3", "N3 1", "N3 1A", "N3 1AC",  // C never in inward
                          "N3 1IA", "N3 1KA", "N3 1MA", "N3 1OA", "N3 1VA",
                          "N3 AAB",     // inward must start with a digit
                          "W1I 0AX",    // I not allowed third in A9A
                          "EC1C 1BB",   // C not allowed fourth in AA9A
                          "SW1A 1AAA", "SW1A1 1AA", "GIR 0AB", "NN3 1AB1",
                          "not a postcode"}) {
    EXPECT_ERROR(parse_postcode(bad), ErrorCode::kInvalidField, "postcode");
  }
  EXPECT_ERROR(parse_postcode(""), ErrorCode::kMissingField, "postcode");
  EXPECT_ERROR(parse_postcode("   "), ErrorCode::kMissingField, "postcode");
  EXPECT_ERROR(parse_postcode("-- --"), ErrorCode::kMissingField, "postcode");
  EXPECT_ERROR(parse_postcode("Q1 1AA", "location.postcode"), ErrorCode::kInvalidField,
               "location.postcode");
  // Long input is refused before normalising.
  EXPECT_ERROR(parse_postcode("N3 1AB                 "), ErrorCode::kInvalidField, "postcode");
}

TEST(Postcode, NormaliseDoesNotValidate) {
  EXPECT_EQ(normalise_postcode(" sw1a1aa "), "SW1A 1AA");
  EXPECT_EQ(normalise_postcode("q11aa"), "Q1 1AA");
  EXPECT_EQ(normalise_postcode("ab"), "AB");
  EXPECT_EQ(normalise_postcode("abc"), "ABC");
  EXPECT_EQ(normalise_postcode("abcd"), "A BCD");
  EXPECT_EQ(normalise_postcode(""), "");
  EXPECT_EQ(normalise_postcode("n3.1ab!"), "N3 1AB");
}

// An independent reading of the DOMAIN.md pattern, one character class at a time.
bool in(char c, std::string_view set) { return set.find(c) != std::string_view::npos; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool domain_postcode_pattern(const std::string& s) {
  if (s == "GIR 0AA") return true;
  const size_t space = s.find(' ');
  if (space == std::string::npos || s.size() - space != 4) return false;
  const std::string out = s.substr(0, space), inward = s.substr(space + 1);
  constexpr std::string_view k1 = "ABCDEFGHIJKLMNOPRSTUWYZ";  // [A-PR-UWYZ]
  constexpr std::string_view k2 = "ABCDEFGHKLMNOPQRSTUVWXY";  // [A-HK-Y]
  constexpr std::string_view k3 = "ABCDEFGHJKPSTUW";          // [A-HJKPSTUW]
  constexpr std::string_view k4 = "ABEHMNPRVWXY";
  constexpr std::string_view kin = "ABDEFGHJLNPQRSTUWXYZ";  // [ABD-HJLNP-UW-Z]
  if (!(is_digit(inward[0]) && in(inward[1], kin) && in(inward[2], kin))) return false;
  const size_t n = out.size();
  if (n < 2 || n > 4 || !in(out[0], k1)) return false;
  if (n == 2) return is_digit(out[1]);                                             // A9
  if (n == 3 && is_digit(out[1]) && is_digit(out[2])) return true;                 // A99
  if (n == 3 && in(out[1], k2) && is_digit(out[2])) return true;                   // AA9
  if (n == 3 && is_digit(out[1]) && in(out[2], k3)) return true;                   // A9A
  if (n == 4 && in(out[1], k2) && is_digit(out[2]) && is_digit(out[3])) return true;  // AA99
  if (n == 4 && in(out[1], k2) && is_digit(out[2]) && in(out[3], k4)) return true;    // AA9A
  return false;
}

TEST(PostcodeProperty, AgreesWithTheDomainPatternOnRandomCandidates) {
  std::mt19937 rng(1);
  const std::string shapes[] = {"A9 9AA", "A99 9AA", "AA9 9AA", "AA99 9AA", "A9A 9AA", "AA9A 9AA",
                                "AAA 9AA", "9A 9AA", "A9 AAA"};
  auto letter = [&] { return static_cast<char>('A' + std::uniform_int_distribution<int>(0, 25)(rng)); };
  auto digit = [&] { return static_cast<char>('0' + std::uniform_int_distribution<int>(0, 9)(rng)); };
  int valid = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string& shape = shapes[std::uniform_int_distribution<size_t>(0, std::size(shapes) - 1)(rng)];
    std::string canonical;
    for (char c : shape) canonical.push_back(c == 'A' ? letter() : c == '9' ? digit() : ' ');
    // Dress it up the way people type: lower case, no or extra spaces.
    std::string raw;
    for (char c : canonical) {
      if (c == ' ') {
        raw += std::string(static_cast<size_t>(i % 3), ' ');
        continue;
      }
      raw.push_back(i % 2 ? static_cast<char>(std::tolower(c)) : c);
    }
    const bool expected = domain_postcode_pattern(canonical);
    auto r = parse_postcode(raw);
    ASSERT_EQ(r.ok(), expected) << '"' << raw << "\" / " << canonical;
    if (expected) {
      EXPECT_EQ(*r, canonical);
      ++valid;
    }
  }
  EXPECT_GT(valid, 3000);  // the generator produced plenty of both
  EXPECT_LT(valid, 17000);
}

// --- UPRN and USRN ----------------------------------------------------------------------

TEST(Uprn, ParsesUpToTwelveDigits) {
  auto ok = [](std::string_view raw, int64_t want) {
    auto r = parse_uprn(raw);
    ASSERT_TRUE(r.ok()) << '"' << raw << "\": " << r.error().message;
    EXPECT_EQ(*r, want);
  };
  ok("100023336956", 100023336956);
  ok("000100023336956", 100023336956);  // zero-padded
  ok("1", 1);
  ok("0000000000000000000001", 1);
  ok("999999999999", 999999999999);
  ok(" 42 ", 42);
  for (const char* bad : {"", " ", "0", "000", "1000000000000", "9999999999999", "12a", "a12", "-5",
                          "+5", "1 2", "1.0", "1e3", "0x10", "１２"}) {
    EXPECT_ERROR(parse_uprn(bad), ErrorCode::kInvalidField, "uprn");
  }
  EXPECT_ERROR(parse_uprn("x", "location.uprn"), ErrorCode::kInvalidField, "location.uprn");
}

TEST(Usrn, ParsesUpToEightDigits) {
  auto r = parse_usrn("12345678");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 12345678);
  r = parse_usrn("0012345678");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 12345678);
  r = parse_usrn("7");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 7);
  for (const char* bad : {"", "0", "123456789", "99999999x", "-1"})
    EXPECT_ERROR(parse_usrn(bad), ErrorCode::kInvalidField, "usrn");
}

// --- email ---------------------------------------------------------------------------------

TEST(Email, LowerCasesTheDomainOnly) {
  auto ok = [](std::string_view raw, std::string_view want) {
    auto r = parse_email(raw);
    ASSERT_TRUE(r.ok()) << '"' << raw << "\": " << r.error().message;
    EXPECT_EQ(*r, want);
  };
  ok("Jane.Smith@Barnet.GOV.uk", "Jane.Smith@barnet.gov.uk");
  ok("  a@b.co  ", "a@b.co");
  ok("first+tag@example.com", "first+tag@example.com");
  ok("o'brien@example.org", "o'brien@example.org");
  ok(std::string(64, 'a') + "@example.com", std::string(64, 'a') + "@example.com");
}

TEST(Email, RejectsMalformed) {
  const std::string long_local = std::string(65, 'a') + "@example.com";
  const std::string too_long = "a@" + std::string(249, 'b') + ".com";  // 255
  for (const std::string& bad :
       {std::string("no-at-sign"), std::string("@example.com"), std::string("a@b@example.com"),
        std::string("a@example"), std::string("a@.example.com"), std::string("a@example.com."),
        std::string("a@example..com"), std::string("a b@example.com"), std::string("a@ex ample.com"),
        std::string("<a@example.com>"), std::string("a@example.com,b@example.com"),
        std::string("a@example.com;"), std::string("\"a\"@example.com"), std::string("a@b."),
        std::string("a@x"), std::string("a\t@example.com"), std::string("a@exa\nmple.com"),
        long_local, too_long}) {
    EXPECT_ERROR(parse_email(bad), ErrorCode::kInvalidField, "email");
  }
  EXPECT_ERROR(parse_email(""), ErrorCode::kMissingField, "email");
  EXPECT_ERROR(parse_email("   "), ErrorCode::kMissingField, "email");
  EXPECT_ERROR(parse_email("x", "emails[2].address"), ErrorCode::kInvalidField, "emails[2].address");
  // Exactly 254 characters is allowed.
  const std::string max = "a@" + std::string(248, 'b') + ".co";
  ASSERT_EQ(max.size(), 253u);
  EXPECT_OK(parse_email(max + "m"));
}

// --- phone numbers ---------------------------------------------------------------------------

TEST(Phone, UkNumbersToE164) {
  auto ok = [](std::string_view raw, std::string_view want) {
    auto r = parse_phone(raw);
    ASSERT_TRUE(r.ok()) << '"' << raw << "\": " << r.error().message;
    EXPECT_EQ(*r, want) << '"' << raw << '"';
  };
  ok("020 7946 0000", "+442079460000");
  ok("02079460000", "+442079460000");
  ok("(020) 7946-0000", "+442079460000");
  ok("+44 20 7946 0000", "+442079460000");
  ok("0044 20 7946 0000", "+442079460000");
  ok("07700 900982", "+447700900982");
  ok("+44 7700 900982", "+447700900982");
  ok("0161 496 0000", "+441614960000");
  // Ofcom's drama ranges, which the help text and demo data use; libphonenumber
  // alone calls 07700 900xxx and 01632 960xxx unallocated.
  ok("07700 900000", "+447700900000");
  ok("07700 900999", "+447700900999");
  ok("+44 7700 900 982", "+447700900982");
  ok("01632 960 001", "+441632960001");
  ok("01632960999", "+441632960999");
  // A leading + may be any country.
  ok("+1 650-253-0000", "+16502530000");
  ok("+33 1 42 68 53 00", "+33142685300");
}

TEST(Phone, RejectsInvalid) {
  for (const char* bad : {"12345", "020 7946 000", "07700 90098", "+44 20 7946 00000", "abc",
                          "call me", "999", "0", "+", "+44",
                          // just outside the drama ranges, and unallocated
                          "07700 901000", "01632 961000", "01632 959999", "+1 7700 900982"}) {
    EXPECT_ERROR(parse_phone(bad), ErrorCode::kInvalidField, "phone");
  }
  EXPECT_ERROR(parse_phone(""), ErrorCode::kMissingField, "phone");
  EXPECT_ERROR(parse_phone("020 7946 0000 " + std::string(30, ' ')), ErrorCode::kInvalidField, "phone");
  EXPECT_ERROR(parse_phone("12", "phones[0].number"), ErrorCode::kInvalidField, "phones[0].number");
}

}  // namespace
}  // namespace civicdesk
