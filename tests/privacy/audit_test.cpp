// GET /api/v1/audit and /api/v1/audit.csv, and the audit trail's refusal to
// be changed at the database level.
#include <libpq-fe.h>
#include <sqlite3.h>

#include "privacy_world.h"

namespace civicdesk::privacy_test {
namespace {

// Splits CSV text into rows of fields (quoted fields may hold commas,
// quotes and newlines).
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(std::move(field));
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// Runs one statement on a raw connection to the test database; the
// database's error message, or "" when it succeeded.
std::string raw_sql(const testing::TestStore& db, const std::string& sql) {
  if (db.backend() == "sqlite") {
    sqlite3* c = nullptr;
    const std::string path = db.url().substr(std::string("sqlite:").size());
    if (sqlite3_open(path.c_str(), &c) != SQLITE_OK) return "cannot open";
    sqlite3_busy_timeout(c, 5000);
    char* err = nullptr;
    const int rc = sqlite3_exec(c, sql.c_str(), nullptr, nullptr, &err);
    std::string out = rc == SQLITE_OK ? "" : (err ? err : "error");
    sqlite3_free(err);
    sqlite3_close(c);
    return out;
  }
  PGconn* c = PQconnectdb(db.url().c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string e = PQerrorMessage(c);
    PQfinish(c);
    return "cannot connect: " + e;
  }
  PGresult* r = PQexec(c, sql.c_str());
  const auto st = PQresultStatus(r);
  std::string out = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  return out;
}

class AuditTest : public PrivacyTest {
 protected:
  void SetUp() override {
    ada = new_customer("Ada", "Lovelace", "ada@example.com");
    bob = new_customer("Bob", "Other", "bob@example.com");
    server().clock().set(at("2016-03-02T09:00:00Z"));
  }
  std::string customer(Id id) const { return "/api/v1/customers/" + std::to_string(id); }
  Id ada = 0, bob = 0;
};

TEST_P(AuditTest, ViewsAndChangesAreRecordedWithWhoWhenWhereAndWhat) {
  ASSERT_EQ(get(customer(ada), {as(Role::kAdvisor), "X-Forwarded-For: 203.0.113.9"}).status, 200);
  server().clock().advance(std::chrono::minutes(10));
  ASSERT_EQ(put(customer(ada) + "/preferences", R"({"consent_surveys":true})", {as(Role::kOfficer)}).status, 200);

  auto r = get("/api/v1/audit?entity=customer&entity_id=" + std::to_string(ada));
  ASSERT_EQ(r.status, 200) << r.body;
  const json items = body_json(r)["items"];
  ASSERT_GE(items.size(), 3u);
  // Newest first: the preference change, the officer's look at the
  // preferences... and the advisor's view of the record.
  EXPECT_EQ(items[0]["action"], "customer.preferences");
  EXPECT_EQ(items[0]["at"], "2016-03-02T09:10:00Z");
  EXPECT_EQ(items[0]["actor"].get<std::string>().rfind("officer:", 0), 0u);
  EXPECT_EQ(items[0]["address"], "127.0.0.1");
  EXPECT_EQ(items[0]["entity"], "customer");
  EXPECT_EQ(items[0]["entity_id"], std::to_string(ada));
  EXPECT_EQ(items[0]["details"]["changed"], "consent_surveys");
  bool viewed = false;
  for (const auto& e : items) {
    if (e["action"] != "customer.view" || e["at"] != "2016-03-02T09:00:00Z") continue;
    viewed = true;
    EXPECT_EQ(e["actor"].get<std::string>().rfind("user:", 0), 0u) << e.dump();
    EXPECT_FALSE(e["address"].get<std::string>().empty());
  }
  EXPECT_TRUE(viewed) << items.dump();
  for (const auto& e : items) EXPECT_EQ(e["entity_id"], std::to_string(ada)) << e.dump();
  EXPECT_EQ(r.body.find("Lovelace"), std::string::npos);  // identifiers only

  // Looking at the audit trail is itself recorded.
  auto looked = audit_entries("audit.query");
  ASSERT_FALSE(looked.empty());
  EXPECT_EQ(looked[0].details.at("entity_id"), std::to_string(ada));
}

TEST_P(AuditTest, FiltersAndPaging) {
  for (int i = 0; i < 5; ++i) {
    server().clock().advance(std::chrono::hours(24));
    ASSERT_EQ(get(customer(ada)).status, 200);
    ASSERT_EQ(get(customer(bob)).status, 200);
  }
  // From/to by date (to inclusive).
  auto by_date = get("/api/v1/audit?entity=customer&from=2016-03-04&to=2016-03-05");
  ASSERT_EQ(by_date.status, 200) << by_date.body;
  const json dated = body_json(by_date)["items"];
  EXPECT_EQ(dated.size(), 4u) << dated.dump();
  for (const auto& e : dated) {
    const std::string when = e["at"];
    EXPECT_TRUE(when.rfind("2016-03-04", 0) == 0 || when.rfind("2016-03-05", 0) == 0) << when;
  }
  // By actor.
  auto mine = body_json(get("/api/v1/audit?actor=system&entity=customer"))["items"];
  ASSERT_FALSE(mine.empty());
  for (const auto& e : mine) EXPECT_EQ(e["actor"], "system");

  // Paging: 5 views of Ada, 2 a page, newest first, no overlap.
  std::vector<int64_t> ids;
  std::string next = "/api/v1/audit?entity=customer&entity_id=" + std::to_string(ada) + "&limit=2";
  for (int page = 0; page < 10; ++page) {
    auto p = get(next);
    ASSERT_EQ(p.status, 200) << p.body;
    const json j = body_json(p);
    EXPECT_LE(j["items"].size(), 2u);
    for (const auto& e : j["items"]) ids.push_back(e["id"]);
    if (j["next_cursor"].is_null()) break;
    next = "/api/v1/audit?entity=customer&entity_id=" + std::to_string(ada) +
           "&limit=2&cursor=" + j["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(ids.size(), 6u);  // created + 5 views
  for (size_t i = 1; i < ids.size(); ++i) EXPECT_LT(ids[i], ids[i - 1]);

  // Bad filters.
  for (const char* q : {"?entity_id=1", "?from=yesterday", "?from=2016-03-05&to=2016-03-04", "?limit=0",
                        "?limit=501", "?colour=blue"}) {
    auto bad = get(std::string("/api/v1/audit") + q);
    EXPECT_EQ(bad.status, 400) << q << ": " << bad.body;
    EXPECT_EQ(problem_code(bad), "invalid_query") << q << ": " << bad.body;
  }
  EXPECT_EQ(problem_code(get("/api/v1/audit?cursor=garbage")), "invalid_cursor");
  EXPECT_EQ(get("/api/v1/audit.csv?limit=5").status, 400);  // the export has no paging
}

TEST_P(AuditTest, OnlyAdministratorsSeeTheTrail) {
  for (Role r : {Role::kResident, Role::kCouncillor, Role::kAdvisor, Role::kOfficer, Role::kLead, Role::kManager}) {
    EXPECT_EQ(get("/api/v1/audit", {as(r)}).status, 403) << to_string(r);
    auto csv = get("/api/v1/audit.csv", {as(r)});
    EXPECT_EQ(csv.status, 403) << to_string(r);
    EXPECT_EQ(csv.body.find("customer.create"), std::string::npos);
  }
  EXPECT_EQ(get("/api/v1/audit", {"X-Anonymous: 1"}).status, 401);
  EXPECT_EQ(get("/api/v1/audit.csv", {"X-Anonymous: 1"}).status, 401);
  EXPECT_TRUE(audit_entries("audit.export").empty());
}

TEST_P(AuditTest, CsvExportsTheSameEntries) {
  ASSERT_EQ(get(customer(ada)).status, 200);
  ASSERT_EQ(put(customer(ada) + "/preferences", R"({"consent_updates":true,"preferred_channel":"email"})").status,
            200);
  const std::string filter = "?entity=customer&entity_id=" + std::to_string(ada);
  auto listing = get("/api/v1/audit" + filter);
  ASSERT_EQ(listing.status, 200);
  const json items = body_json(listing)["items"];

  auto r = get("/api/v1/audit.csv" + filter);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("content-type").find("text/csv"), std::string::npos);
  EXPECT_NE(r.header("content-disposition").find("audit.csv"), std::string::npos);
  const auto rows = parse_csv(r.body);
  ASSERT_GE(rows.size(), 2u) << r.body;
  EXPECT_EQ(rows[0], (std::vector<std::string>{"id", "at", "actor", "address", "action", "entity", "entity_id",
                                               "details"}));
  ASSERT_EQ(rows.size() - 1, items.size()) << r.body;
  // Oldest first in the export, newest first in the listing.
  for (size_t i = 1; i < rows.size(); ++i) {
    const json& e = items[items.size() - i];
    ASSERT_EQ(rows[i].size(), 8u) << r.body;
    EXPECT_EQ(rows[i][0], std::to_string(e["id"].get<int64_t>()));
    EXPECT_EQ(rows[i][1], e["at"]);
    EXPECT_EQ(rows[i][2], e["actor"]);
    EXPECT_EQ(rows[i][3], e["address"]);
    EXPECT_EQ(rows[i][4], e["action"]);
    EXPECT_EQ(rows[i][5], e["entity"]);
    EXPECT_EQ(rows[i][6], e["entity_id"]);
    EXPECT_EQ(json::parse(rows[i][7]), e["details"]) << rows[i][7];
  }
  // The export is recorded with its filter.
  auto exported = audit_entries("audit.export");
  ASSERT_EQ(exported.size(), 1u);
  EXPECT_EQ(exported[0].details.at("entity_id"), std::to_string(ada));

  // Unfiltered, the export holds the whole trail (including its own entry).
  const size_t total = audit_count();
  auto everything = get("/api/v1/audit.csv");
  ASSERT_EQ(everything.status, 200);
  EXPECT_EQ(parse_csv(everything.body).size() - 1, total + 1);
}

TEST_P(AuditTest, TheDatabaseRefusesToChangeOrRemoveEntries) {
  const size_t before = audit_count();
  ASSERT_GT(before, 0u);
  std::string err = raw_sql(server().db(), "UPDATE audit_log SET actor = 'nobody'");
  EXPECT_NE(err.find("the audit trail cannot be changed"), std::string::npos) << err;
  err = raw_sql(server().db(), "DELETE FROM audit_log");
  EXPECT_NE(err.find("the audit trail cannot be changed"), std::string::npos) << err;
  if (server().db().backend() == "postgres") {
    err = raw_sql(server().db(), "TRUNCATE audit_log");
    EXPECT_NE(err.find("the audit trail cannot be changed"), std::string::npos) << err;
  }
  // Appending still works, and nothing was changed.
  EXPECT_EQ(raw_sql(server().db(), "INSERT INTO audit_log (tenant_id, at, actor, address, action, entity, entity_id, "
                                   "details) VALUES (" + std::to_string(tenant()) +
                                   ", 0, 'test', '', 'test.append', 'test', '', '{}')"),
            "");
  EXPECT_EQ(audit_count(), before + 1);
  EXPECT_TRUE(audit_entries("customer.create").size() >= 2);
  for (const auto& e : audit_entries("customer.create")) EXPECT_NE(e.actor, "nobody");
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk::privacy_test
