// Runs HTTP scenario files (tests/http/scenarios/*.http) against a real
// TestServer. The format is described at the top of scenario_runner.cpp and
// in tests/http/scenarios/README.md.
//
//   TestServer server("sqlite");
//   for (const ScenarioFailure& f : run_scenario_file(server, "tests/http/scenarios/cases-create.http"))
//     ADD_FAILURE_AT(f.file.c_str(), f.line) << f.message;
//
// Not thread-safe: one runner per server and thread.
#pragma once

#include <string>
#include <vector>

#include "support/test_server.h"

namespace civicdesk::testing {

struct ScenarioFailure {
  std::string file;
  int line = 0;
  std::string message;  // what failed, the request sent and the response received
};

// Parses and runs a scenario; returns every failed assertion (and syntax
// errors, which stop the scenario). A request block whose expectations fail
// stops the scenario after it: later blocks usually depend on it.
std::vector<ScenarioFailure> run_scenario(TestServer& server, const std::string& file,
                                          const std::string& text);
std::vector<ScenarioFailure> run_scenario_file(TestServer& server, const std::string& path);

// The *.http files in `dir`, sorted by name.
std::vector<std::string> list_scenarios(const std::string& dir);

}  // namespace civicdesk::testing
