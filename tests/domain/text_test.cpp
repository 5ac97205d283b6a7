// text.h: UTF-8 well-formedness, lengths and control characters.
#include "domain/text.h"

#include <random>

#include "domain_test_util.h"

namespace civicdesk {
namespace {

std::string bytes(std::initializer_list<int> bs) {
  std::string s;
  for (int b : bs) s.push_back(static_cast<char>(b));
  return s;
}

TEST(ValidUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("Missed bin collection"));
  EXPECT_TRUE(valid_utf8(std::string("a\0b", 3)));  // NUL is well formed (check_text refuses it)
  EXPECT_TRUE(valid_utf8("caf\xC3\xA9"));              // é
  EXPECT_TRUE(valid_utf8("\xE2\x82\xAC 5"));           // €
  EXPECT_TRUE(valid_utf8("Cymraeg: \xC5\xB5 \xC5\xB7"));  // ŵ ŷ
  EXPECT_TRUE(valid_utf8("\xF0\x9F\x98\x80"));         // 😀
  // Boundaries of each length.
  EXPECT_TRUE(valid_utf8(bytes({0x7F})));
  EXPECT_TRUE(valid_utf8(bytes({0xC2, 0x80})));              // U+0080
  EXPECT_TRUE(valid_utf8(bytes({0xDF, 0xBF})));              // U+07FF
  EXPECT_TRUE(valid_utf8(bytes({0xE0, 0xA0, 0x80})));        // U+0800
  EXPECT_TRUE(valid_utf8(bytes({0xED, 0x9F, 0xBF})));        // U+D7FF
  EXPECT_TRUE(valid_utf8(bytes({0xEE, 0x80, 0x80})));        // U+E000
  EXPECT_TRUE(valid_utf8(bytes({0xEF, 0xBF, 0xBF})));        // U+FFFF
  EXPECT_TRUE(valid_utf8(bytes({0xF0, 0x90, 0x80, 0x80})));  // U+10000
  EXPECT_TRUE(valid_utf8(bytes({0xF4, 0x8F, 0xBF, 0xBF})));  // U+10FFFF
}

TEST(ValidUtf8, RejectsMalformedText) {
  const std::string bad[] = {
      bytes({0xC0, 0x80}), bytes({0xC1, 0xBF}),                           // overlong 2-byte
      bytes({0xE0, 0x80, 0x80}), bytes({0xE0, 0x9F, 0xBF}),               // overlong 3-byte
      bytes({0xF0, 0x80, 0x80, 0x80}), bytes({0xF0, 0x8F, 0xBF, 0xBF}),   // overlong 4-byte
      bytes({0xED, 0xA0, 0x80}), bytes({0xED, 0xBF, 0xBF}),               // surrogates
      bytes({0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80}),                        // CESU-8 pair
      bytes({0xF4, 0x90, 0x80, 0x80}), bytes({0xF5, 0x80, 0x80, 0x80}),   // > U+10FFFF
      bytes({0xF7, 0xBF, 0xBF, 0xBF}), bytes({0xF8, 0x88, 0x80, 0x80, 0x80}),
      bytes({0xFC, 0x84, 0x80, 0x80, 0x80, 0x80}), bytes({0xFE}), bytes({0xFF}),
      bytes({0x80}), bytes({0xBF}), bytes({0x41, 0x80, 0x41}),            // stray continuation
      bytes({0xC3}), bytes({0xE2, 0x82}), bytes({0xF0, 0x9F, 0x98}),      // truncated at the end
      bytes({0xC3, 0x41}), bytes({0xE2, 0x82, 0x41}), bytes({0xF0, 0x9F, 0x41, 0x80}),
      bytes({0xC3, 0xA9, 0x80}),                                          // one too many
      "caf\xE9",                                                          // Latin-1
  };
  for (const auto& s : bad) {
    std::string hex;
    for (unsigned char c : s) hex += std::to_string(c) + " ";
    EXPECT_FALSE(valid_utf8(s)) << hex;
  }
}

TEST(ValidUtf8, TruncationIsJudgedByTheViewNotTheBuffer) {
  // The bytes after the view are valid continuations: reading past the end
  // of the view would wrongly accept these.
  const std::string buf = "x\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  const std::string_view all(buf);
  EXPECT_TRUE(valid_utf8(all));
  EXPECT_FALSE(valid_utf8(all.substr(0, 2)));   // x C3
  EXPECT_FALSE(valid_utf8(all.substr(3, 2)));   // E2 82
  EXPECT_FALSE(valid_utf8(all.substr(6, 1)));   // F0
  EXPECT_FALSE(valid_utf8(all.substr(6, 3)));   // F0 9F 98
  EXPECT_TRUE(valid_utf8(all.substr(6, 4)));
}

// Unicode Table 3-7 (well-formed byte sequences), written independently.
bool table_3_7(std::string_view s) {
  size_t i = 0;
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](size_t k, int lo = 0x80, int hi = 0xBF) {
    return k < s.size() && at(k) >= lo && at(k) <= hi;
  };
  while (i < s.size()) {
    const int b = at(i);
    if (b <= 0x7F) { i += 1; continue; }
    if (b >= 0xC2 && b <= 0xDF && cont(i + 1)) { i += 2; continue; }
    if (b == 0xE0 && cont(i + 1, 0xA0, 0xBF) && cont(i + 2)) { i += 3; continue; }
    if (((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) && cont(i + 1) && cont(i + 2)) { i += 3; continue; }
    if (b == 0xED && cont(i + 1, 0x80, 0x9F) && cont(i + 2)) { i += 3; continue; }
    if (b == 0xF0 && cont(i + 1, 0x90, 0xBF) && cont(i + 2) && cont(i + 3)) { i += 4; continue; }
    if (b >= 0xF1 && b <= 0xF3 && cont(i + 1) && cont(i + 2) && cont(i + 3)) { i += 4; continue; }
    if (b == 0xF4 && cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3)) { i += 4; continue; }
    return false;
  }
  return true;
}

TEST(ValidUtf8Property, ExhaustiveUpToThreeBytesAgainstTable37) {
  std::string s;
  for (int a = 0; a < 256; ++a) {
    s.assign(1, static_cast<char>(a));
    ASSERT_EQ(valid_utf8(s), table_3_7(s)) << a;
    for (int b = 0; b < 256; ++b) {
      s.assign({static_cast<char>(a), static_cast<char>(b)});
      ASSERT_EQ(valid_utf8(s), table_3_7(s)) << a << " " << b;
      if (a < 0xE0 || a > 0xF4) continue;  // three bytes only where a lead byte wants them
      for (int c = 0; c < 256; ++c) {
        s.assign({static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
        ASSERT_EQ(valid_utf8(s), table_3_7(s)) << a << " " << b << " " << c;
      }
    }
  }
}

TEST(ValidUtf8Property, RandomByteStringsAgainstTable37) {
  std::mt19937 rng(8);
  std::uniform_int_distribution<int> len(0, 10), kind(0, 9), any(0, 255), ascii(0x20, 0x7E),
      contb(0x80, 0xBF), lead(0xC0, 0xFF);
  int valid = 0;
  for (int i = 0; i < 300000; ++i) {
    std::string s;
    for (int n = len(rng); n > 0; --n) {
      const int k = kind(rng);
      s.push_back(static_cast<char>(k < 3 ? ascii(rng) : k < 6 ? contb(rng) : k < 9 ? lead(rng) : any(rng)));
    }
    const bool expected = table_3_7(s);
    valid += expected;
    ASSERT_EQ(valid_utf8(s), expected);
  }
  EXPECT_GT(valid, 10000);
}

TEST(Utf8Length, CountsCodePoints) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("bin"), 3u);
  EXPECT_EQ(utf8_length("caf\xC3\xA9"), 4u);
  EXPECT_EQ(utf8_length("\xE2\x82\xAC\xF0\x9F\x98\x80"), 2u);
}

TEST(Trim, RemovesAsciiWhitespaceAtBothEnds) {
  EXPECT_EQ(trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(trim("\n\n"), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim("x"), "x");
  EXPECT_EQ(trim("\xC2\xA0x"), "\xC2\xA0x");  // no-break space is not ASCII whitespace
}

TEST(CheckText, LengthIsInCharactersNotBytes) {
  const std::string five = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";  // 10 bytes
  EXPECT_OK(check_text(five, "title", 5));
  EXPECT_ERROR(check_text(five + "\xC3\xA9", "title", 5), ErrorCode::kInvalidField, "title");
  EXPECT_OK(check_text(std::string(200, 'x'), "title", 200));
  EXPECT_ERROR(check_text(std::string(201, 'x'), "title", 200), ErrorCode::kInvalidField, "title");
  EXPECT_OK(check_text("", "title", 0));
  EXPECT_ERROR(check_text("x", "title", 0), ErrorCode::kInvalidField, "title");
}

TEST(CheckText, RefusesInvalidUtf8WithItsOwnCode) {
  EXPECT_ERROR(check_text("caf\xE9", "description", 100), ErrorCode::kInvalidUtf8, "description");
  EXPECT_ERROR(check_text(bytes({0xED, 0xA0, 0x80}), "notes", 100, true), ErrorCode::kInvalidUtf8, "notes");
}

TEST(CheckText, ControlCharacters) {
  EXPECT_OK(check_text("plain text, with punctuation!", "f", 100));
  EXPECT_OK(check_text("line one\nline two\r\n\tindented", "f", 100, /*multiline=*/true));
  for (const std::string& s :
       {std::string("a\nb"), std::string("a\rb"), std::string("a\tb"), std::string("a\x01"),
        std::string("\x1B[31mred"), std::string("a\x7F"), std::string("a\0b", 3)}) {
    EXPECT_ERROR(check_text(s, "f", 100), ErrorCode::kInvalidField, "f");
  }
  for (const std::string& s : {std::string("a\x01"), std::string("\x1B[31mred"), std::string("a\x7F"),
                               std::string("a\0b", 3), std::string("\x0B"), std::string("\x0C")}) {
    EXPECT_ERROR(check_text(s, "f", 100, true), ErrorCode::kInvalidField, "f");
  }
  // C1 controls (U+0080-U+009F) are control characters too; U+00A0 and
  // beyond are not.
  for (const std::string& s : {bytes({0xC2, 0x80}), bytes({0xC2, 0x85}), bytes({0xC2, 0x9F})}) {
    EXPECT_ERROR(check_text("a" + s + "b", "f", 100, true), ErrorCode::kInvalidField, "f");
  }
  EXPECT_OK(check_text("a\xC2\xA0" "b \xC2\xA3" "5 \xE2\x80\xA8", "f", 100));
}

TEST(Text, FirstCharsCutsWholeCharacters) {
  EXPECT_EQ(first_chars("caf\u00e9s", 4), "caf\u00e9");
  EXPECT_EQ(first_chars("caf\u00e9s", 3), "caf");
  EXPECT_EQ(first_chars("ab", 5), "ab");
  EXPECT_EQ(first_chars("ab", 0), "");
}

TEST(Text, ShortenedEndsInAnEllipsisOnlyWhenCut) {
  EXPECT_EQ(shortened("Bin not collected", 17), "Bin not collected");
  EXPECT_EQ(shortened("Bin not collected", 8), "Bin not\u2026");  // the space before the cut goes
  EXPECT_EQ(shortened("caf\u00e9 caf\u00e9", 5), "caf\u00e9\u2026");
  EXPECT_EQ(utf8_length(shortened("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", 4)), 4u);
  EXPECT_EQ(shortened("abc", 0), "");
}

}  // namespace
}  // namespace civicdesk
