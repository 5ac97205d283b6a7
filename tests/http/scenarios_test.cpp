// Runs every scenarios/*.http file as its own test on each backend
// (sqlite always; postgres when CIVICDESK_TEST_PG_URL is set). Each run gets
// a fresh server and store. Test names: <backend>_<file name>.
#include <gtest/gtest.h>

#include <filesystem>

#include "scenario_runner.h"
#include "support/test_server.h"

namespace civicdesk::testing {
namespace {

const std::string kDir = CIVICDESK_HTTP_SCENARIO_DIR;

class HttpScenario : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(HttpScenario, Run) {
  const auto& [backend, path] = GetParam();
  TestServer server(backend);
  for (const ScenarioFailure& f : run_scenario_file(server, path))
    ADD_FAILURE_AT(f.file.c_str(), f.line) << f.message;
}

std::string test_name(const ::testing::TestParamInfo<HttpScenario::ParamType>& info) {
  std::string name =
      std::get<0>(info.param) + "_" + std::filesystem::path(std::get<1>(info.param)).stem().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Backends, HttpScenario,
                         ::testing::Combine(::testing::ValuesIn(test_backends()),
                                            ::testing::ValuesIn(list_scenarios(kDir))),
                         test_name);

// Guards against the glob silently finding nothing.
TEST(HttpScenarioFiles, AreFound) { EXPECT_GE(list_scenarios(kDir).size(), 10u) << kDir; }

}  // namespace
}  // namespace civicdesk::testing
