// civicdesk import cases: parsing, checking, all-or-nothing writing, and
// what an imported case looks like, on every backend.
#include <gtest/gtest.h>

#include <cctype>
#include <sstream>

#include "app/import.h"
#include "domain/reference.h"
#include "support/fixtures.h"
#include "support/test_server.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using testing::at;

const char* kHeader =
    "reference,type,delivery_unit,category,received_at,delay_advised_at,closed_at,raised_by,channel,description\n";

class ImportTest : public ::testing::TestWithParam<std::string> {
 protected:
  ImportTest()
      : db_(GetParam()),
        services_(db_.store()),
        council_(testing::seed_small_council(services_)),
        importer_(db_.store(), services_.cache) {}

  RequestContext ctx() { return council_.ctx(at("2016-03-01T10:00:00Z")); }

  ImportReport run(const std::string& csv, bool create_missing = false) {
    std::istringstream in(csv);
    ImportOptions o;
    o.create_missing = create_missing;
    o.source = "old-crm.csv";
    auto r = importer_.import_cases(ctx(), in, o);
    if (!r) throw std::runtime_error("import failed: " + r.error().message);
    return *r;
  }

  int64_t case_count() {
    int64_t n = 0;
    auto counts = db_.store().read_value<std::vector<StatusCount>>(
        [&](ReadTx& tx) { return tx.count_cases_by_status(council_.tenant); });
    for (const auto& c : *counts) n += c.count;
    return n;
  }

  // "line:column:message-start" of every problem, one per line.
  static std::string problems(const ImportReport& r) {
    std::string out;
    for (const auto& e : r.errors) out += std::to_string(e.line) + ":" + e.column + ":" + e.message + "\n";
    return out;
  }

  Case get(const std::string& reference) {
    auto v = services_.cases.get(ctx(), reference);
    if (!v) throw std::runtime_error("get " + reference + ": " + v.error().message);
    return v->c;
  }

  testing::TestStore db_;
  Services services_;
  testing::SmallCouncil council_;
  ImportService importer_;
};

TEST_P(ImportTest, GoodImportBuildsCasesLikeCivicdeskDoes) {
  const std::string csv = std::string(kHeader) +
                          // Friday 18 Dec 2015, standard-10: due 2016-01-06 (Christmas skipped), closed 5 Jan.
                          "ME/2015/00123,member_enquiry,Street Scene,Missed bin collection,2015-12-18T10:00:00Z,"
                          "2015-12-22 09:00,2016-01-05 16:30,Cllr Wendy Hendon,email,\"Bins, again\"\n"
                          "123456,complaint,highways,,2016-02-01T09:00:00+00:00,,,,Face to face,\"Two\nlines\"\n"
                          "GEN-1,General enquiry,Street Scene,General enquiry,2016-01-04 12:00,,,,,\n";
  const int64_t before = case_count();
  ImportReport r = run(csv);
  ASSERT_TRUE(r.ok()) << problems(r);
  EXPECT_EQ(r.rows, 3);
  EXPECT_EQ(r.imported, 3);
  EXPECT_EQ(case_count(), before + 3);

  Case me = get("ME/2015/00123");
  EXPECT_EQ(me.type, CaseType::kMemberEnquiry);
  EXPECT_EQ(me.delivery_unit, "street-scene");
  EXPECT_EQ(me.category, "missed-bin");
  EXPECT_EQ(me.title, "Missed bin collection");
  EXPECT_EQ(me.description, "Bins, again");
  EXPECT_EQ(me.channel, Channel::kEmail);
  EXPECT_EQ(me.member_id, council_.member);
  EXPECT_EQ(me.status, CaseStatus::kClosed);
  EXPECT_EQ(me.outcome, CaseOutcome::kResolved);
  EXPECT_EQ(format_instant(*me.closed_at), "2016-01-05T16:30:00Z");
  EXPECT_EQ(format_instant(*me.enquiry.delay_advised_at), "2015-12-22T09:00:00Z");
  // Members' Enquiries run on the council's own targets (5 and 5).
  EXPECT_EQ(me.sla.code, "member_enquiry");
  EXPECT_EQ(format_date(me.clock.start_day), "2015-12-18");
  EXPECT_EQ(format_date(*me.clock.resolve_by), "2015-12-29");
  EXPECT_EQ(format_date(*me.clock.responded_on), "2016-01-05");  // closing counts as the response

  Case complaint = get("123456");
  EXPECT_EQ(complaint.status, CaseStatus::kInProgress);
  EXPECT_EQ(complaint.delivery_unit, "highways");  // by name, any case
  EXPECT_EQ(complaint.title, "Complaint");
  EXPECT_EQ(complaint.sla.code, "complaint");
  EXPECT_EQ(complaint.channel, Channel::kFaceToFace);
  EXPECT_EQ(complaint.description, "Two\nlines");
  EXPECT_FALSE(complaint.closed_at);
  EXPECT_FALSE(complaint.clock.responded_on);

  Case general = get("GEN-1");
  EXPECT_EQ(general.channel, Channel::kTelephone);  // the default
  EXPECT_EQ(general.sla.code, "standard-10");
  EXPECT_EQ(general.description, "(No description in the imported record)");

  // closed_on (the London date of closure) is what the ME reports compare.
  auto closed = services_.cases.list(ctx(), CaseFilter{.status = CaseStatus::kClosed});
  ASSERT_TRUE(closed.ok());
  ASSERT_EQ(closed->items.size(), 1u);
  EXPECT_EQ(closed->items[0].resolve.state, SlaState::kMissed);  // closed 5 Jan, due 29 Dec

  // The timeline says where it came from; one audit entry covers the file.
  auto timeline = services_.cases.timeline(ctx(), "ME/2015/00123", std::nullopt);
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline->events.size(), 1u);
  EXPECT_EQ(timeline->events[0].kind, "imported");
  EXPECT_EQ(timeline->events[0].details.at("source"), "old-crm.csv");
  EXPECT_EQ(timeline->events[0].details.at("line"), "2");
  auto audit = db_.store().read_value<std::vector<AuditEntry>>([&](ReadTx& tx) {
    AuditFilter f;
    f.entity = "import";
    return tx.list_audit(council_.tenant, f);
  });
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].action, "case.import");
  EXPECT_EQ((*audit)[0].details.at("rows"), "3");

  // Full-text search finds imported cases.
  auto found = services_.cases.list(ctx(), CaseFilter{.text = "bins"});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].c.reference, "ME/2015/00123");

  // Imported references can be worked on like any other.
  TransitionRequest close{CaseStatus::kClosed, CaseOutcome::kUpheld, "", ""};
  auto moved = services_.cases.transition(ctx(), "123456", close, std::nullopt);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->c.status, CaseStatus::kClosed);
  // Unknown references keep the helpful message.
  auto missing = services_.cases.get(ctx(), "no such thing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("they look like"), std::string::npos);
  EXPECT_EQ(services_.cases.get(ctx(), "ME/2015/99999").error().code, ErrorCode::kNotFound);
}

TEST_P(ImportTest, EveryBadRowIsReportedByLineAndNothingIsWritten) {
  const std::string csv = std::string(kHeader) +
                          "A-1,service_request,Street Scene,,2016-01-04 12:00,,,,,ok\n"              // 2 fine
                          "A-2,parcel,Street Scene,,2016-01-04 12:00,,,,,\n"                         // 3 type
                          "A-3,service_request,Street Scene,,yesterday,,,,,\n"                       // 4 instant
                          "A-4,service_request,Street Scene,,2016-01-04 12:00,,2016-01-03 12:00,,,\n"  // 5 closed<recv
                          "A-5,member_enquiry,Street Scene,,2016-01-04 12:00,2016-01-01T00:00:00Z,,Cllr Wendy "
                          "Hendon,,\n"                                                               // 6 delay<recv
                          "A-1,service_request,Street Scene,,2016-01-04 12:00,,,,,\n"                // 7 duplicate
                          ",service_request,,,,,,,,\n"                                               // 8 empties
                          "A-8,service_request,Street Scene,,2016-01-04 12:00,,,,pigeon,\"multi\n"
                          "line\"\n"                                                                 // 9 channel
                          "A-9,service_request,Nowhere,,2016-01-04 12:00,,,,,\n"                     // 11 unknown DU
                          "A 10,service_request,Street Scene,,2016-01-04 12:00,,,,,\n"               // 12 ref shape
                          "A-11,service_request,Street Scene,,2016-01-04 12:00\n"                    // 13 fields
                          "A-12,service_request,Street Scene,Leaves,2016-01-04 12:00,,,,,\n"         // 14 category
                          "A-13,member_enquiry,Street Scene,,2016-01-04 12:00,,,Cllr Nobody,,\n"     // 15 member
                          "A-14,member_enquiry,Street Scene,,2016-01-04 12:00,,,,,\n";               // 16 no member
  const int64_t before = case_count();
  ImportReport r = run(csv);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.imported, 0);
  EXPECT_EQ(case_count(), before);
  const std::string p = problems(r);
  auto has = [&](const std::string& prefix) {
    EXPECT_NE(p.find(prefix), std::string::npos) << "missing " << prefix << " in\n" << p;
  };
  has("3:type:\"parcel\" is not a case type");
  has("4:received_at:\"yesterday\" is not a date and time");
  has("5:closed_at:The case is closed before it was received");
  has("6:delay_advised_at:The delay is advised before the case was received");
  has("7:reference:The reference \"A-1\" is also on line 2");
  has("8:reference:The reference is empty");
  has("8:delivery_unit:The delivery unit is empty");
  has("8:received_at:The date received is empty");
  has("9:channel:\"pigeon\" is not a channel");
  has("11:delivery_unit:There is no delivery unit named \"Nowhere\"");
  has("12:reference:\"A 10\": The reference may only hold");
  has("13::The row has 5 fields; the header has 10");
  has("14:category:There is no service named \"Leaves\"");
  has("15:raised_by:There is no councillor named \"Cllr Nobody\"");
  has("16:raised_by:A Members' Enquiry needs raised_by");
  EXPECT_EQ(p.find("\n2:"), std::string::npos) << p;
  EXPECT_EQ(r.error_count, static_cast<int64_t>(r.errors.size()));
  // In line order.
  for (size_t i = 1; i < r.errors.size(); ++i) EXPECT_LE(r.errors[i - 1].line, r.errors[i].line);
}

TEST_P(ImportTest, FileLevelProblems) {
  // Missing required column, unknown column.
  ImportReport r = run("reference,type,received_at,colour\nX-1,complaint,2016-01-04 12:00,red\n");
  EXPECT_EQ(problems(r),
            "1:colour:Unknown column \"colour\": the columns are reference, type, delivery_unit, category, "
            "received_at, delay_advised_at, closed_at, raised_by, channel, description, outcome\n"
            "1:delivery_unit:The required column delivery_unit is missing\n");
  // Invalid UTF-8 (Windows-1252 "é"); a BOM is fine.
  r = run("\xEF\xBB\xBFreference,type,delivery_unit,received_at,description\n"
          "X-1,complaint,Street Scene,2016-01-04 12:00,caf\xE9\n");
  EXPECT_EQ(problems(r), "2:description:Not valid UTF-8: save the file as UTF-8 (CSV UTF-8 in Excel)\n");
  // Broken quoting, and a file that ends inside quotes.
  r = run("reference,type,delivery_unit,received_at\nX-1,comp\"laint,Street Scene,2016-01-04 12:00\n"
          "X-2,complaint,Street Scene,\"2016-01-04 12:00\n");
  EXPECT_EQ(r.error_count, 2) << problems(r);
  EXPECT_EQ(r.errors.at(0).line, 2);
  EXPECT_EQ(r.errors.at(1).line, 3);
  EXPECT_NE(r.errors.at(1).message.find("ends inside a quoted field"), std::string::npos);
  const int64_t before = case_count();
  r = run("");
  EXPECT_EQ(r.errors.at(0).line, 1);
  EXPECT_EQ(case_count(), before);
}

TEST_P(ImportTest, ErrorsAreCappedButCounted) {
  std::string csv = "reference,type,delivery_unit,received_at\n";
  for (int i = 0; i < 250; ++i) csv += "R-" + std::to_string(i) + ",bogus,Street Scene,2016-01-04 12:00\n";
  ImportReport r = run(csv);
  EXPECT_EQ(r.error_count, 250);
  EXPECT_EQ(r.errors.size(), 100u);
  EXPECT_EQ(r.errors.back().line, 101);
}

TEST_P(ImportTest, DuplicateAgainstTheDatabase) {
  ASSERT_TRUE(run(std::string(kHeader) + "OLD-1,complaint,Street Scene,,2016-01-04 12:00,,,,,\n").ok());
  const int64_t before = case_count();
  ImportReport r = run(std::string(kHeader) + "NEW-1,complaint,Street Scene,,2016-01-04 12:00,,,,,\n" +
                       "OLD-1,complaint,Street Scene,,2016-01-04 12:00,,,,,\n");
  EXPECT_EQ(problems(r), "3:reference:The reference \"OLD-1\" is already a case in civicdesk\n");
  EXPECT_EQ(case_count(), before);
}

TEST_P(ImportTest, LondonLocalTimesFollowSummerTime) {
  ImportReport r = run(std::string(kHeader) +
                       "T-1,complaint,Street Scene,,2015-06-01 23:30,,,,,\n"    // BST: 22:30Z, 1 June
                       "T-2,complaint,Street Scene,,2015-12-01 23:30,,,,,\n"    // GMT
                       "T-3,complaint,Street Scene,,2015-03-29 01:30,,,,,\n"    // gap: read as GMT
                       "T-4,complaint,Street Scene,,2015-10-25 01:30,,,,,\n"    // repeated hour: BST reading
                       "T-5,complaint,Street Scene,,2015-06-01T23:30:00Z,,,,,\n");  // 2 June in London
  ASSERT_TRUE(r.ok()) << problems(r);
  EXPECT_EQ(format_instant(get("T-1").received_at), "2015-06-01T22:30:00Z");
  EXPECT_EQ(format_date(get("T-1").clock.received_on), "2015-06-01");
  EXPECT_EQ(format_instant(get("T-2").received_at), "2015-12-01T23:30:00Z");
  EXPECT_EQ(format_instant(get("T-3").received_at), "2015-03-29T01:30:00Z");
  EXPECT_EQ(format_instant(get("T-4").received_at), "2015-10-25T00:30:00Z");
  EXPECT_EQ(format_date(get("T-5").clock.received_on), "2015-06-02");
}

TEST_P(ImportTest, CreateMissingAddsCatalogueEntries) {
  const std::string csv = std::string(kHeader) +
                          "C-1,service_request,Parks & Open Spaces,Overgrown hedge,2016-01-04 12:00,,,,,\n"
                          "C-2,member_enquiry,Parks & Open Spaces,,2016-01-04 12:00,,,Cllr Ada Lovelace,,\n"
                          "C-3,member_enquiry,street scene,,2016-01-04 12:00,,,ada lovelace,,\n";
  ImportReport refused = run(csv);
  EXPECT_EQ(refused.error_count, 5) << problems(refused);  // 2 and 3: unit and service/councillor; 4: councillor
  ImportReport r = run(csv, /*create_missing=*/true);
  ASSERT_TRUE(r.ok()) << problems(r);
  ASSERT_EQ(r.created_delivery_units.size(), 1u);
  EXPECT_EQ(r.created_delivery_units[0], "Parks & Open Spaces (parks-open-spaces)");
  ASSERT_EQ(r.created_categories.size(), 1u);
  EXPECT_EQ(r.created_categories[0], "Overgrown hedge (overgrown-hedge)");
  EXPECT_EQ(r.created_members.size(), 1u);  // with and without "Cllr": one councillor
  Case c1 = get("C-1");
  EXPECT_EQ(c1.delivery_unit, "parks-open-spaces");
  EXPECT_EQ(c1.category, "overgrown-hedge");
  EXPECT_EQ(c1.sla.code, "standard-10");  // the policy most services use
  EXPECT_TRUE(get("C-2").member_id);
  EXPECT_EQ(get("C-2").member_id, get("C-3").member_id);
  auto cat = services_.catalogue.snapshot(ctx());
  ASSERT_TRUE(cat.ok());
  EXPECT_EQ((*cat)->categories.at("overgrown-hedge").delivery_unit, "parks-open-spaces");
}

TEST_P(ImportTest, OwnFormatReferencesMoveTheSequenceOn) {
  // TST-0000500 with its check digit.
  const std::string own = format_reference("TST", 500);
  ImportReport r = run(std::string(kHeader) + own + ",complaint,Street Scene,,2016-01-04 12:00,,,,,\n" +
                       "OTH-0000123,complaint,Street Scene,,2016-01-04 12:00,,,,,\n");
  ASSERT_TRUE(r.ok()) << problems(r);
  NewCase n;
  n.category = "general";
  n.description = "After the import";
  auto created = services_.cases.create(ctx(), n);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->c.reference, format_reference("TST", 501));
  // Typed in lower case, it is still found.
  std::string lower = own;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(get(lower).reference, own);
}

TEST_P(ImportTest, ImportedReferencesWorkThroughTheApi) {
  testing::TestServer server(GetParam());
  ImportService importer(server.services().store, server.services().cache);
  std::istringstream in(std::string(kHeader) +
                        "ME/2015/00123,complaint,Street Scene,,2016-01-04 12:00,,,,,Through the API\n");
  auto r = importer.import_cases(server.council().ctx(at("2016-03-01T10:00:00Z")), in, ImportOptions{});
  ASSERT_TRUE(r.ok() && r->ok());
  const std::string auth = server.auth(Role::kAdministrator);
  auto res = testing::http_request(server.port(), "GET", "/api/v1/cases/ME%2F2015%2F00123", "", {auth});
  EXPECT_EQ(res.status, 200) << res.body;
  EXPECT_NE(res.body.find("\"reference\":\"ME/2015/00123\""), std::string::npos) << res.body;
  EXPECT_NE(res.body.find("Through the API"), std::string::npos) << res.body;
  auto timeline =
      testing::http_request(server.port(), "GET", "/api/v1/cases/ME%2F2015%2F00123/timeline", "", {auth});
  EXPECT_EQ(timeline.status, 200) << timeline.body;
  EXPECT_NE(timeline.body.find("imported"), std::string::npos) << timeline.body;
  // An unencoded slash is a different path.
  EXPECT_EQ(testing::http_request(server.port(), "GET", "/api/v1/cases/ME/2015/00123", "", {auth}).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportTest, ::testing::ValuesIn(testing::test_backends()));

}  // namespace
}  // namespace civicdesk
