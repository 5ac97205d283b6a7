// The scenario runner itself: every kind of assertion must be able to fail,
// at the right line, with the request and response in the message. (A runner
// that passes everything would make every scenario worthless.)
#include <gtest/gtest.h>

#include "scenario_runner.h"
#include "support/test_server.h"

namespace civicdesk::testing {
namespace {

class ScenarioRunnerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer("sqlite"); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::vector<ScenarioFailure> run(const std::string& text) {
    return run_scenario(*server_, "inline", text);
  }
  static std::string all(const std::vector<ScenarioFailure>& fs) {
    std::string out;
    for (const auto& f : fs) out += std::to_string(f.line) + ": " + f.message + "\n";
    return out;
  }
  static TestServer* server_;
};
TestServer* ScenarioRunnerTest::server_ = nullptr;

const char* kCreate = R"(POST /api/v1/cases
Content-Type: application/json

{"category": "general",
 "description": "A question"}
--> 201
)";

TEST_F(ScenarioRunnerTest, PassingScenarioHasNoFailures) {
  auto fs = run(std::string("@now 2016-03-02T09:00:00Z\n") + kCreate + R"(
$.reference ~ ^TST-[0-9]{7}$
$.received_at == "2016-03-02T09:00:00Z"
$.answers.length == 0
$.description.length == 10
$.closed_at == null
$.closed_at exists
$.nope absent
$.sla.policy == standard-10
header ETag == "\"1\""
header etag ~ ^"1"$
header X-Nope absent
body contains "A question"
body !contains "no such text"
capture ref = $.reference
capture tag = header ETag

# a comment
GET /api/v1/cases/{{ref}}
If-None-Match: {{tag}}
--> 304
body == ""

GET /api/v1/cases/BAR-123
--> 404
code == not_found

POST /api/v1/cases
Content-Type: application/json

{"category": "general", "description": 5}
--> 400
code == invalid_field
field == description
)");
  EXPECT_TRUE(fs.empty()) << all(fs);
}

struct Broken {
  std::string checks;  // appended after the create block (which ends on line 6)
  int line;            // expected failure line
  std::string message;
};

TEST_F(ScenarioRunnerTest, EveryAssertionKindCanFail) {
  const std::vector<Broken> cases = {
      {"$.description == \"Another\"", 7, "expected $.description == \"Another\", got \"A question\""},
      {"$.reference ~ ^BAR-", 7, "expected $.reference ~ ^BAR-"},
      {"$.reference !~ ^TST-", 7, "expected $.reference !~ ^TST-"},
      {"$.answers.length == 1", 7, "got 0"},
      {"$.nope exists", 7, "got (absent)"},
      {"$.title absent", 7, "expected $.title absent"},
      {"$.version != 1", 7, "expected $.version != 1"},
      {"$.version == \"1\"", 7, "expected $.version == \"1\", got 1"},
      {"header ETag == \"\\\"2\\\"\"", 7, "expected header ETag"},
      {"header Location absent", 7, "expected header Location absent"},
      {"body contains zebra", 7, "expected body contains zebra"},
      {"body !contains question", 7, "expected body !contains question"},
      {"code == invalid_json", 7, "expected a problem+json response"},
      {"field == description", 7, "expected problem field"},
      {"capture x = $.nope", 7, "cannot capture x"},
      {"$.items[0] == 1", 7, "got (absent)"},
      {"$.sla.nope.deeper == 1", 7, "got (absent)"},
      {"$[ bad", 7, "bad path"},
      {"$.version frobs 1", 7, "unknown operator"},
      {"flibble", 7, "unknown assertion"},
      {"$.x == {{never}}", 7, "{{never}} was never captured"},
  };
  for (const auto& b : cases) {
    auto fs = run(std::string(kCreate) + b.checks + "\n");
    ASSERT_EQ(fs.size(), 1u) << b.checks << "\n" << all(fs);
    EXPECT_EQ(fs[0].line, b.line) << b.checks;
    EXPECT_NE(fs[0].message.find(b.message), std::string::npos) << b.checks << "\n" << fs[0].message;
  }
}

TEST_F(ScenarioRunnerTest, WrongStatusShowsRequestAndResponseAndStops) {
  auto fs = run(R"(GET /api/v1/cases/TST-0000000
--> 200

GET /api/v1/cases
--> 500
)");
  ASSERT_EQ(fs.size(), 1u) << all(fs);  // the second block never runs
  EXPECT_EQ(fs[0].line, 2);
  EXPECT_NE(fs[0].message.find("expected status 200, got 404"), std::string::npos) << fs[0].message;
  EXPECT_NE(fs[0].message.find("GET /api/v1/cases/TST-0000000"), std::string::npos) << fs[0].message;
  EXPECT_NE(fs[0].message.find("application/problem+json"), std::string::npos) << fs[0].message;
}

TEST_F(ScenarioRunnerTest, ProblemChecksStatusAndCode) {
  auto fs = run("GET /api/v1/nothing-here\n--> 404\ncode == method_not_allowed\n");
  ASSERT_EQ(fs.size(), 1u) << all(fs);
  EXPECT_NE(fs[0].message.find("expected problem code \"method_not_allowed\", got \"not_found\""),
            std::string::npos)
      << fs[0].message;
}

TEST_F(ScenarioRunnerTest, SyntaxErrorsAreReported) {
  const std::vector<std::pair<std::string, int>> cases = {
      {"GET /healthz\n", 1},            // no -->
      {"GET /healthz\n--> 2000\n", 2},  // bad status
      {"@later 2016-01-01\n", 1},       // unknown directive
      {"@now yesterday\nGET /healthz\n--> 200\n", 1},
      {"$.status == ok\n", 1},  // assertion before any request
      {"GET /healthz\nnot a header\n--> 200\n", 2},
      {"", 1},
  };
  for (const auto& [text, line] : cases) {
    auto fs = run(text);
    ASSERT_EQ(fs.size(), 1u) << text << all(fs);
    EXPECT_EQ(fs[0].line, line) << text << all(fs);
  }
}

TEST_F(ScenarioRunnerTest, SubstitutionBuiltins) {
  // 33 nested lists are too deep; 31 inside the object are fine (wrong type).
  auto fs = run(R"(POST /api/v1/cases
Content-Type: application/json

{"category": "general", "description": {{repeat:33:[}}{{repeat:33:]}}}
--> 400
code == invalid_json

POST /api/v1/cases
Content-Type: application/json

{"category": "general", "description": "{{hex:C3A9}}"}
--> 201
$.description == "é"
)");
  EXPECT_TRUE(fs.empty()) << all(fs);
}

}  // namespace
}  // namespace civicdesk::testing
