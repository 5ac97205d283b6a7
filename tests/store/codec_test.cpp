// The details encoder writes flat string maps directly; it must write what
// nlohmann::json writes for the same map, which decode_details reads back.
#include "store/sql/codec.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace civicdesk::sql {
namespace {

std::string through_nlohmann(const std::map<std::string, std::string>& d) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : d) j[k] = v;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TEST(EncodeDetailsTest, WritesWhatNlohmannWrites) {
  std::string controls;
  for (int c = 1; c < 0x20; ++c) controls += static_cast<char>(c);
  const std::vector<std::map<std::string, std::string>> maps = {
      {},
      {{"a", ""}},
      {{"to", "closed"}, {"from", "open"}, {"reason", "Fixed \"at last\" \\ done"}},
      {{"controls", controls + "\x7f"}},
      {{"name", "Siân O'Brien – £5 · 日本 · 🚮"}, {"k\"ey", "v\nw"}},
  };
  for (const auto& m : maps) {
    EXPECT_EQ(encode_details(m), through_nlohmann(m));
    EXPECT_EQ(decode_details(encode_details(m)), m);
  }
  EXPECT_EQ(encode_details({{"a", "x\ty"}}), R"({"a":"x\ty"})");
  EXPECT_EQ(encode_details({{"a", std::string("\x01", 1)}}), R"({"a":"\u0001"})");
}

TEST(EncodeDetailsTest, InvalidUtf8IsReplacedNotWritten) {
  const std::map<std::string, std::string> bad = {{"text", "caf\xe9"}, {"ok", "fine"}};
  const std::string out = encode_details(bad);
  EXPECT_EQ(out, through_nlohmann(bad));
  EXPECT_EQ(out.find('\xe9'), std::string::npos);
  EXPECT_NE(out.find("\xef\xbf\xbd"), std::string::npos);  // U+FFFD
}

}  // namespace
}  // namespace civicdesk::sql
