#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_server.h"

namespace civicdesk {
namespace {

class SmokeTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SmokeTest, CreateAndFetchCase) {
  testing::TestServer server(GetParam());
  auto created = server.post("/api/v1/cases",
                             R"({"category":"missed-bin","description":"Bin missed","answers":{"bin_type":"refuse"}})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto j = nlohmann::json::parse(created.body);
  EXPECT_EQ(created.header("etag"), "\"1\"");
  auto got = server.get("/api/v1/cases/" + j["reference"].get<std::string>());
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(nlohmann::json::parse(got.body)["description"], "Bin missed");
  auto bad = server.post("/api/v1/cases", R"({"category":"missed-bin","description":"x","colour":"red"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad.body)["code"], "unknown_field") << bad.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, SmokeTest, ::testing::ValuesIn(testing::test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk
