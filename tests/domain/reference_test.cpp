// reference.h: case references with a Damm check digit.
#include "domain/reference.h"

#include <random>

#include "domain_test_util.h"

namespace civicdesk {
namespace {

TEST(Damm, KnownValues) {
  EXPECT_EQ(damm_check_digit("572"), 4);  // the textbook example
  EXPECT_EQ(damm_check_digit("5724"), 0);  // a number with its check digit checks to 0
  EXPECT_EQ(damm_check_digit(""), 0);
  // Worked by hand through the table: 0,0,0 -> 0; 1 -> 3; 2 -> 5; 3 -> 4; 4 -> 0.
  EXPECT_EQ(damm_check_digit("001234"), 0);
  EXPECT_EQ(damm_check_digit("000001"), 3);
  EXPECT_EQ(damm_check_digit("999999"), 0);   // 2, 9, 0, 2, 9, 0
  EXPECT_EQ(damm_check_digit("1000000"), 4);  // 3, 1, 7, 8, 9, 2, 4
}

TEST(FormatReference, ZeroPadsToSixDigitsAndAppendsTheCheckDigit) {
  EXPECT_EQ(format_reference("BAR", 1234), "BAR-0012340");
  EXPECT_EQ(format_reference("BAR", 1), "BAR-0000013");
  EXPECT_EQ(format_reference("AB", 999999), "AB-9999990");
  EXPECT_EQ(format_reference("BARNET", 1000000), "BARNET-10000004");  // grows past six digits
}

TEST(NormaliseReference, AcceptsWhatPeopleType) {
  EXPECT_EQ(normalise_reference("BAR-0012340"), "BAR-0012340");
  EXPECT_EQ(normalise_reference("bar-0012340"), "BAR-0012340");
  EXPECT_EQ(normalise_reference("  Bar-0012340\t\n"), "BAR-0012340");
  EXPECT_EQ(normalise_reference("AB-9999990"), "AB-9999990");
  EXPECT_EQ(normalise_reference("barnet-10000004"), "BARNET-10000004");
}

TEST(NormaliseReference, RejectsMalformed) {
  for (const char* bad : {
           "", "   ", "BAR", "BAR-", "-0012340", "BAR0012340",  // no dash
           "BAR-0012347",       // wrong check digit
           "BAR-0012304",       // adjacent digits swapped
           "B-0012340",         // prefix too short
           "BARNETX-0012340",   // prefix too long
           "BA1-0012340", "B_R-0012340", "BÄR-0012340",
           "BAR--0012340", "BAR-00123 40", "BAR 0012340", "BAR-0012340-", "BAR-O012340",
           "BAR-001234",        // too few digits
           "BAR-12345678901234567890",  // too many
           "BAR-+012340", "BAR-0x12340",
       }) {
    EXPECT_EQ(normalise_reference(bad), std::nullopt) << '"' << bad << '"';
  }
  // Over 32 characters after trimming.
  EXPECT_EQ(normalise_reference("ABCDEF-" + std::string(26, '0')), std::nullopt);
}

TEST(ValidReferencePrefix, TwoToSixUpperCaseLetters) {
  for (const char* ok : {"AB", "BAR", "BARNET", "ZZZZZZ"}) EXPECT_TRUE(valid_reference_prefix(ok)) << ok;
  for (const char* bad : {"", "A", "BARNETT", "Bar", "bar", "B1", "B-R", "B R", "ÄB"})
    EXPECT_FALSE(valid_reference_prefix(bad)) << bad;
}

TEST(ReferenceProperty, FormatThenNormaliseRoundTrips) {
  std::mt19937_64 rng(99);
  std::uniform_int_distribution<int64_t> big(1, 999999999999);
  const char* prefixes[] = {"AB", "BAR", "CAMDEN", "XYZ"};
  for (int i = 0; i < 20000; ++i) {
    const int64_t n = i < 10000 ? i + 1 : big(rng);
    const std::string ref = format_reference(prefixes[i % 4], n);
    ASSERT_EQ(normalise_reference(ref), ref) << ref;
    std::string lower = " ";
    for (char c : ref) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    ASSERT_EQ(normalise_reference(lower + " "), ref) << lower;
    // The digits after the dash are the sequence number, then the check digit.
    const std::string digits = ref.substr(ref.find('-') + 1);
    ASSERT_EQ(std::stoll(digits.substr(0, digits.size() - 1)), n) << ref;
    ASSERT_GE(digits.size(), 7u);
  }
}

// Damm: every single-digit error and every adjacent transposition of
// different digits is detected. Exhaustive over the first 200,000 sequence
// numbers (seven digits with the check digit).
TEST(ReferenceProperty, DammDetectsEverySingleErrorAndAdjacentTransposition) {
  char buf[16];
  long long substitutions = 0, transpositions = 0;
  for (int n = 0; n < 200000; ++n) {
    std::snprintf(buf, sizeof buf, "%06d", n);
    std::string s = buf;
    s.push_back(static_cast<char>('0' + damm_check_digit(s)));
    ASSERT_EQ(damm_check_digit(s), 0) << s;
    for (size_t i = 0; i < s.size(); ++i) {
      const char orig = s[i];
      for (char d = '0'; d <= '9'; ++d) {
        if (d == orig) continue;
        s[i] = d;
        ASSERT_NE(damm_check_digit(s), 0) << "substitution undetected: " << s;
        ++substitutions;
      }
      s[i] = orig;
      if (i + 1 < s.size() && s[i] != s[i + 1]) {
        std::swap(s[i], s[i + 1]);
        ASSERT_NE(damm_check_digit(s), 0) << "transposition undetected: " << s;
        std::swap(s[i], s[i + 1]);
        ++transpositions;
      }
    }
  }
  EXPECT_EQ(substitutions, 200000LL * 7 * 9);
  EXPECT_GT(transpositions, 200000LL * 5);
}

TEST(ReferenceProperty, NormaliseRefusesMistypedReferences) {
  // The same guarantee through the public entry point, on a sample.
  for (int64_t n = 1; n < 200000; n += 97) {
    const std::string ref = format_reference("BAR", n);
    const size_t first = ref.find('-') + 1;
    for (size_t i = first; i < ref.size(); ++i) {
      std::string typo = ref;
      typo[i] = static_cast<char>('0' + (typo[i] - '0' + 1 + static_cast<int>(n % 9)) % 10);
      ASSERT_EQ(normalise_reference(typo), std::nullopt) << typo;
      if (i + 1 < ref.size() && ref[i] != ref[i + 1]) {
        std::string swapped = ref;
        std::swap(swapped[i], swapped[i + 1]);
        ASSERT_EQ(normalise_reference(swapped), std::nullopt) << swapped;
      }
    }
  }
}

TEST(Reference, ChildTaskSuffix) {
  const std::string parent = format_reference("BAR", 1234);  // BAR-0012340
  EXPECT_EQ(normalise_reference("bar-0012340-2"), "BAR-0012340-2");
  EXPECT_EQ(normalise_reference(parent + "-99"), parent + "-99");
  EXPECT_EQ(normalise_reference(parent + "-0"), std::nullopt);
  EXPECT_EQ(normalise_reference(parent + "-100"), std::nullopt);
  EXPECT_EQ(normalise_reference(parent + "-"), std::nullopt);
  EXPECT_EQ(normalise_reference(parent + "-1a"), std::nullopt);
  EXPECT_EQ(normalise_reference("BAR-0012341-2"), std::nullopt);  // the parent's check digit still counts
  auto parts = parse_reference(parent + "-7");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->prefix, "BAR");
  EXPECT_EQ(parts->number, 1234);
}

}  // namespace
}  // namespace civicdesk
