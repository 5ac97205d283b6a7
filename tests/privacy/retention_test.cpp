// GET/PUT /api/v1/retention-rules and POST /api/v1/retention/run, and the
// `civicdesk retention run` command.
#include "privacy_world.h"
#include "support/process.h"

namespace civicdesk::privacy_test {
namespace {

constexpr std::string_view kRemoved = "[removed under the council's retention policy]";

class RetentionTest : public PrivacyTest {
 protected:
  std::vector<std::pair<std::string, int>> rules_now() {
    auto r = get("/api/v1/retention-rules");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::pair<std::string, int>> out;
    const json j = body_json(r);
    for (const auto& x : j["rules"]) out.emplace_back(x["case_type"], x["keep_years"]);
    return out;
  }

  // Closed on 2016-03-01 (the clock's start): a service request (2 years),
  // a complaint (6 years), a comment (no rule), one closed and re-opened,
  // and one still open.
  void arrange() {
    ASSERT_EQ(put("/api/v1/retention-rules",
                  R"({"rules":[{"case_type":"service_request","keep_years":2},{"case_type":"complaint","keep_years":6}]})")
                  .status,
              200);
    ada = new_customer("Ada", "Lovelace", "ada@example.com");
    request = new_case(ada, "Ada's drive is blocked");
    add_note(request, "Ada's note: call after 5pm");
    close_case(request);
    complaint = new_case(ada, "Ada complains", CaseType::kComplaint);
    close_case(complaint);
    comment = new_case(ada, "Ada's comment", CaseType::kComment);
    close_case(comment);
    reopened = new_case(ada, "Ada's reopened request");
    close_case(reopened);
    open = new_case(ada, "Ada's open request");
    server().clock().set(at("2016-09-01T10:00:00Z"));
    TransitionRequest reopen{CaseStatus::kInProgress, std::nullopt, "The customer says it is not fixed", ""};
    ASSERT_TRUE(services().cases.transition(system(), reopened, reopen, std::nullopt).ok());
  }
  std::vector<std::string> all() const { return {request, complaint, comment, reopened, open}; }

  static std::vector<std::string> due(const json& report, const std::string& type) {
    for (const auto& t : report["types"])
      if (t["case_type"] == type) return t["references"].get<std::vector<std::string>>();
    ADD_FAILURE() << "no " << type << " in " << report.dump();
    return {};
  }

  Id ada = 0;
  std::string request, complaint, comment, reopened, open;
};

TEST_P(RetentionTest, RulesCanBeReadAndReplaced) {
  EXPECT_TRUE(rules_now().empty());  // a new council has none
  auto r = put("/api/v1/retention-rules",
               R"({"rules":[{"case_type":"complaint","keep_years":6},{"case_type":"foi_request","keep_years":3}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(body_json(r)["rules"].size(), 2u);
  EXPECT_EQ(rules_now(), (std::vector<std::pair<std::string, int>>{{"complaint", 6}, {"foi_request", 3}}));

  // The whole set is replaced: foi_request loses its rule.
  server().clock().advance(std::chrono::minutes(5));
  ASSERT_EQ(put("/api/v1/retention-rules", R"({"rules":[{"case_type":"complaint","keep_years":7}]})").status, 200);
  EXPECT_EQ(rules_now(), (std::vector<std::pair<std::string, int>>{{"complaint", 7}}));
  auto changes = audit_entries("retention.rules");
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].details, (std::map<std::string, std::string>{{"complaint", "7"}, {"foi_request", "none"}}));
  // The same set again changes (and records) nothing.
  ASSERT_EQ(put("/api/v1/retention-rules", R"({"rules":[{"case_type":"complaint","keep_years":7}]})").status, 200);
  EXPECT_EQ(audit_entries("retention.rules").size(), 2u);
  // An empty set removes every rule.
  ASSERT_EQ(put("/api/v1/retention-rules", R"({"rules":[]})").status, 200);
  EXPECT_TRUE(rules_now().empty());
}

TEST_P(RetentionTest, BadRulesAreRefusedAndChangeNothing) {
  ASSERT_EQ(put("/api/v1/retention-rules", R"({"rules":[{"case_type":"complaint","keep_years":6}]})").status, 200);
  const std::vector<std::string> bad = {
      R"({})",
      R"({"rules":[{"case_type":"complaint","keep_years":-1}]})",
      R"({"rules":[{"case_type":"complaint","keep_years":101}]})",
      R"({"rules":[{"case_type":"complaint","keep_years":2.5}]})",
      R"({"rules":[{"case_type":"parking_fine","keep_years":2}]})",
      R"({"rules":[{"case_type":"complaint"}]})",
      R"({"rules":[{"keep_years":2}]})",
      R"({"rules":[{"case_type":"complaint","keep_years":2},{"case_type":"complaint","keep_years":3}]})",
      R"({"rules":[{"case_type":"complaint","keep_years":2,"why":"x"}]})",
      R"({"rules":{"complaint":2}})",
      R"({"rules":[],"extra":1})",
  };
  for (const auto& b : bad) {
    auto r = put("/api/v1/retention-rules", b);
    EXPECT_EQ(r.status, 400) << b << ": " << r.body;
    EXPECT_FALSE(problem_code(r).empty()) << r.body;
  }
  EXPECT_EQ(problem_code(put("/api/v1/retention-rules", R"({})")), "missing_field");
  for (Role role : {Role::kManager, Role::kAdvisor, Role::kResident}) {
    EXPECT_EQ(put("/api/v1/retention-rules", R"({"rules":[]})", {as(role)}).status, 403) << to_string(role);
    EXPECT_EQ(get("/api/v1/retention-rules", {as(role)}).status, 403) << to_string(role);
    EXPECT_EQ(post("/api/v1/retention/run", R"({"dry_run":true})", {as(role)}).status, 403) << to_string(role);
  }
  EXPECT_EQ(rules_now(), (std::vector<std::pair<std::string, int>>{{"complaint", 6}}));
  EXPECT_EQ(audit_entries("retention.rules").size(), 1u);
}

TEST_P(RetentionTest, DryRunReportsAndTheRunAnonymisesExactlyThat) {
  arrange();
  // The day before the service request's period ends: nothing is due.
  server().clock().set(at("2018-02-28T23:00:00Z"));
  auto early = post("/api/v1/retention/run", R"({"dry_run":true})");
  ASSERT_EQ(early.status, 200) << early.body;
  EXPECT_EQ(body_json(early)["anonymised"], 0);

  // The day it ends.
  server().clock().set(at("2018-03-01T09:00:00Z"));
  const std::string before = fingerprint(ada, all());
  auto dry = post("/api/v1/retention/run", R"({"dry_run":true})");
  ASSERT_EQ(dry.status, 200) << dry.body;
  const json d = body_json(dry);
  EXPECT_EQ(d["dry_run"], true);
  EXPECT_EQ(d["today"], "2018-03-01");
  EXPECT_EQ(d["anonymised"], 1);
  EXPECT_EQ(due(d, "service_request"), std::vector<std::string>{request});
  EXPECT_TRUE(due(d, "complaint").empty());
  const auto without = d["kept_without_rule"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(without.begin(), without.end(), "comment"), without.end());
  EXPECT_EQ(std::find(without.begin(), without.end(), "complaint"), without.end());
  EXPECT_EQ(fingerprint(ada, all()), before);  // a dry run changes nothing
  EXPECT_EQ(audit_entries("retention.dry_run").size(), 2u);
  EXPECT_TRUE(audit_entries("case.anonymise").empty());

  auto run = post("/api/v1/retention/run", R"({"dry_run":false})");
  ASSERT_EQ(run.status, 200) << run.body;
  const json r = body_json(run);
  EXPECT_EQ(r["dry_run"], false);
  EXPECT_EQ(r["anonymised"], 1);
  EXPECT_EQ(due(r, "service_request"), std::vector<std::string>{request});

  const Case gone = read_case(request);
  EXPECT_EQ(gone.description, kRemoved);
  EXPECT_EQ(gone.title, "");
  EXPECT_FALSE(gone.customer_id.has_value());
  EXPECT_EQ(gone.status, CaseStatus::kClosed);
  EXPECT_EQ(fingerprint(0, {request}).find("call after 5pm"), std::string::npos);
  for (const auto& kept : {complaint, comment, reopened, open}) {
    const Case k = read_case(kept);
    EXPECT_NE(k.description, kRemoved) << kept;
    EXPECT_EQ(k.customer_id, ada) << kept;
  }
  // The customer record itself is not touched by the retention job.
  EXPECT_EQ(read_customer(ada).given_name, "Ada");

  auto anonymised = audit_entries("case.anonymise");
  ASSERT_EQ(anonymised.size(), 1u);
  EXPECT_EQ(anonymised[0].entity_id, request);
  EXPECT_EQ(anonymised[0].details.at("cause"), "retention");
  EXPECT_EQ(anonymised[0].details.at("retention_ends"), "2018-03-01");
  ASSERT_EQ(audit_entries("retention.run").size(), 1u);
  EXPECT_EQ(audit_entries("retention.run")[0].details.at("cases"), "1");

  // Run again: nothing more to do.
  auto again = post("/api/v1/retention/run", R"({"dry_run":false})");
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(body_json(again)["anonymised"], 0);

  // Six years on, the complaint goes; the comment (no rule), the re-opened
  // and the open request stay.
  server().clock().set(at("2022-03-01T09:00:00Z"));
  auto later = post("/api/v1/retention/run", R"({"dry_run":false})");
  ASSERT_EQ(later.status, 200);
  const json l = body_json(later);
  EXPECT_EQ(l["anonymised"], 1);
  EXPECT_EQ(due(l, "complaint"), std::vector<std::string>{complaint});
  EXPECT_EQ(read_case(complaint).description, kRemoved);
  for (const auto& kept : {comment, reopened, open}) EXPECT_NE(read_case(kept).description, kRemoved) << kept;
}

TEST_P(RetentionTest, RunNeedsAnExplicitDryRunChoice) {
  arrange();
  server().clock().set(at("2030-01-01T09:00:00Z"));
  const std::string before = fingerprint(ada, all());
  for (const char* body : {R"({})", R"({"dry_run":null})", R"({"dry_run":1})", R"(nonsense)"}) {
    auto r = post("/api/v1/retention/run", body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
  }
  EXPECT_EQ(problem_code(post("/api/v1/retention/run", R"({})")), "missing_field");
  EXPECT_EQ(fingerprint(ada, all()), before);
  EXPECT_TRUE(audit_entries("retention.run").empty());
}

TEST_P(RetentionTest, CommandLineDryRunAndRun) {
  arrange();
  // The command uses the real clock: long after 2018 and 2022, both the
  // service request and the complaint are due.
  const std::string before = fingerprint(ada, all());
  auto dry = testing::run_civicdesk({"--db", server().db().url(), "--tenant", "testshire", "retention", "run",
                                     "--dry-run"});
  ASSERT_TRUE(dry.exited) << dry.output;
  EXPECT_EQ(dry.code, 0) << dry.output;
  EXPECT_NE(dry.output.find("Dry run on"), std::string::npos) << dry.output;
  EXPECT_NE(dry.output.find("2 closed case(s) would be anonymised"), std::string::npos) << dry.output;
  EXPECT_NE(dry.output.find(request), std::string::npos) << dry.output;
  EXPECT_NE(dry.output.find(complaint), std::string::npos) << dry.output;
  EXPECT_EQ(fingerprint(ada, all()), before);

  auto run = testing::run_civicdesk({"--db", server().db().url(), "--tenant", "testshire", "retention", "run"});
  ASSERT_TRUE(run.exited) << run.output;
  EXPECT_EQ(run.code, 0) << run.output;
  EXPECT_NE(run.output.find("2 closed case(s) anonymised"), std::string::npos) << run.output;
  EXPECT_EQ(read_case(request).description, kRemoved);
  EXPECT_EQ(read_case(complaint).description, kRemoved);
  EXPECT_NE(read_case(comment).description, kRemoved);
  auto runs = audit_entries("retention.run");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].actor, "system");
}

INSTANTIATE_TEST_SUITE_P(Backends, RetentionTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::privacy_test
