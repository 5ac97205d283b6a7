// open311.h: statuses, attributes as FixMyStreet sends them, dates, and the
// XML and JSON documents.
#include "domain/open311.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace civicdesk::open311 {
namespace {

Category missed_bin() {
  Category c;
  c.code = "missed-bin";
  c.name = "Missed bin";
  c.description = "A bin was not collected";
  c.keywords = "bin,collection";
  c.delivery_unit = "street-scene";
  c.sla_policy = "standard";
  c.questions = {
      Question{"bin_type", "Which bin?", QuestionType::kSingleValueList, true, 1,
               {{"refuse", "Black bin"}, {"recycling", "Blue bin"}}},
      Question{"contents", "What was in it?", QuestionType::kMultiValueList, false, 2,
               {{"paper", "Paper"}, {"glass", "Glass"}, {"cans", "Cans"}}},
      Question{"bags", "How many bags?", QuestionType::kNumber, false, 3, {}},
      Question{"noticed", "When did you notice?", QuestionType::kDatetime, false, 4, {}},
  };
  return c;
}

TEST(Open311Status, MapsEveryCaseStatusAndOutcome) {
  EXPECT_EQ(status_of(CaseStatus::kNew, std::nullopt), Status::kOpen);
  EXPECT_EQ(status_of(CaseStatus::kInProgress, std::nullopt), Status::kInProgress);
  EXPECT_EQ(status_of(CaseStatus::kAwaitingCustomer, std::nullopt), Status::kInvestigating);
  EXPECT_EQ(status_of(CaseStatus::kClosed, CaseOutcome::kResolved), Status::kFixed);
  EXPECT_EQ(status_of(CaseStatus::kClosed, CaseOutcome::kDuplicate), Status::kDuplicate);
  EXPECT_EQ(status_of(CaseStatus::kClosed, CaseOutcome::kNotCouncilsResponsibility),
            Status::kNotCouncilsResponsibility);
  EXPECT_EQ(status_of(CaseStatus::kClosed, CaseOutcome::kNoFurtherAction), Status::kNoFurtherAction);
  EXPECT_EQ(status_of(CaseStatus::kClosed, CaseOutcome::kReferred), Status::kInternalReferral);
  EXPECT_EQ(status_of(CaseStatus::kClosed, CaseOutcome::kWithdrawn), Status::kClosed);
  EXPECT_EQ(status_of(CaseStatus::kClosed, std::nullopt), Status::kClosed);
  // The basic statuses of the spec.
  EXPECT_EQ(basic(status_of(CaseStatus::kAwaitingCustomer, std::nullopt)), "open");
  EXPECT_EQ(basic(Status::kActionScheduled), "open");
  EXPECT_EQ(basic(Status::kFixed), "closed");
  EXPECT_EQ(basic(Status::kDuplicate), "closed");
}

TEST(Open311Status, ParsesUpperAndLowerCaseAndRoundTrips) {
  for (const char* s : {"OPEN", "CLOSED", "FIXED", "IN_PROGRESS", "PLANNED", "ACTION_SCHEDULED", "INVESTIGATING",
                        "DUPLICATE", "NOT_COUNCILS_RESPONSIBILITY", "NO_FURTHER_ACTION", "INTERNAL_REFERRAL"}) {
    auto st = parse_status(s);
    ASSERT_TRUE(st.ok()) << s;
    EXPECT_EQ(to_upper(*st), s);
  }
  EXPECT_EQ(*parse_status("in_progress"), Status::kInProgress);
  EXPECT_EQ(to_lower(Status::kNotCouncilsResponsibility), "not_councils_responsibility");
  auto bad = parse_status("REOPENED");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "status");
}

TEST(Open311Attributes, CollectsRepeatsDropsEmptiesAndAcceptsBrackets) {
  const Params p = {{"attribute[bin_type]", "refuse"},  {"attribute[contents]", "paper"},
                    {"attribute[contents]", "glass"},   {"attribute[contents][]", "cans"},
                    {"attribute[bags]", ""},            {"attributes", "x"},
                    {"attribute[]", "x"},               {"attribute[uprn]", "200001234567"},
                    {"service_code", "missed-bin"}};
  auto a = attributes(p);
  EXPECT_EQ(a["bin_type"], std::vector<std::string>{"refuse"});
  EXPECT_EQ(a["contents"], (std::vector<std::string>{"paper", "glass", "cans"}));
  EXPECT_TRUE(a["bags"].empty());
  EXPECT_EQ(a["uprn"], std::vector<std::string>{"200001234567"});
  EXPECT_EQ(a.count(""), 0u);
}

TEST(Open311Attributes, ValidatesAnswersAgainstTheQuestions) {
  const Category c = missed_bin();
  auto ok = answers_for(c, {{"bin_type", {"refuse"}},
                            {"contents", {"paper", "glass"}},
                            {"bags", {}},                     // unanswered optional: FixMyStreet's empty string
                            {"fixmystreet_id", {"1234"}}});  // not a question: ignored
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->at("contents"), (std::vector<std::string>{"paper", "glass"}));
  EXPECT_EQ(ok->count("fixmystreet_id"), 0u);

  auto missing = answers_for(c, {{"contents", {"paper"}}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "attribute[bin_type]");

  auto not_an_option = answers_for(c, {{"bin_type", {"garden"}}});
  ASSERT_FALSE(not_an_option.ok());
  EXPECT_EQ(not_an_option.error().field, "attribute[bin_type]");

  auto two_for_one = answers_for(c, {{"bin_type", {"refuse", "recycling"}}});
  ASSERT_FALSE(two_for_one.ok());
  EXPECT_EQ(two_for_one.error().field, "attribute[bin_type]");

  auto not_a_number = answers_for(c, {{"bin_type", {"refuse"}}, {"bags", {"three"}}});
  ASSERT_FALSE(not_a_number.ok());
  EXPECT_EQ(not_a_number.error().field, "attribute[bags]");

  auto not_a_date = answers_for(c, {{"bin_type", {"refuse"}}, {"noticed", {"yesterday"}}});
  ASSERT_FALSE(not_a_date.ok());
  EXPECT_EQ(not_a_date.error().field, "attribute[noticed]");
}

TEST(Open311Dates, NeedATimeZone) {
  auto t = parse_datetime("2016-03-01T10:00:00Z", "start_date");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(format_datetime(*t), "2016-03-01T10:00:00Z");
  auto offset = parse_datetime("2016-03-01T11:00:00+01:00", "start_date");
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(*offset, *t);
  for (const char* bad : {"2016-03-01", "2016-03-01T10:00:00", "yesterday", "", "2016-02-30T10:00:00Z"}) {
    auto r = parse_datetime(bad, "end_date");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "end_date");
  }
}

TEST(Open311Xml, EscapesTextAndDropsWhatXmlCannotCarry) {
  EXPECT_EQ(xml_escape(R"(<a href="x">Tom & Jerry's</a>)"), "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
  EXPECT_EQ(xml_escape(std::string("bell\x07 nul") + '\0' + "end"), "bell nulend");
  EXPECT_EQ(xml_escape("caf\xc3\xa9 \xe2\x82\xac"), "caf\xc3\xa9 \xe2\x82\xac");  // UTF-8 kept
  EXPECT_EQ(xml_escape("bad \xff\xfe utf8"), "bad  utf8");
  EXPECT_EQ(xml_escape("tab\tnew\nline\r"), "tab\tnew\nline\r");
}

TEST(Open311Documents, RenderTheSameRecordsAsXmlAndJson) {
  List services{"service", {service_record(missed_bin(), "Waste & recycling")}};
  const std::string xml = to_xml("services", services);
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><services><service><service_code>missed-bin</service_code>"
            "<service_name>Missed bin</service_name><description>A bin was not collected</description>"
            "<metadata>true</metadata><type>realtime</type><keywords>bin,collection</keywords>"
            "<group>Waste &amp; recycling</group></service></services>");
  auto j = nlohmann::json::parse(to_json(services));
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j[0]["service_code"], "missed-bin");
  EXPECT_EQ(j[0]["metadata"], true);
  EXPECT_EQ(j[0]["group"], "Waste & recycling");
}

TEST(Open311Documents, ServiceDefinitionListsTheQuestionsInOrder) {
  Category c = missed_bin();
  std::swap(c.questions[0], c.questions[3]);  // order comes from Question::order, not position
  const Record d = service_definition(c);
  auto j = nlohmann::json::parse(to_json(d));
  EXPECT_EQ(j["service_code"], "missed-bin");
  ASSERT_EQ(j["attributes"].size(), 4u);
  const auto& first = j["attributes"][0];
  EXPECT_EQ(first["code"], "bin_type");
  EXPECT_EQ(first["datatype"], "singlevaluelist");
  EXPECT_EQ(first["required"], true);
  EXPECT_EQ(first["variable"], true);
  EXPECT_EQ(first["order"], 1);
  EXPECT_EQ(first["description"], "Which bin?");
  EXPECT_FALSE(first["datatype_description"].get<std::string>().empty());
  ASSERT_EQ(first["values"].size(), 2u);
  EXPECT_EQ(first["values"][1]["key"], "recycling");
  EXPECT_EQ(first["values"][1]["name"], "Blue bin");
  EXPECT_EQ(j["attributes"][1]["datatype"], "multivaluelist");
  EXPECT_EQ(j["attributes"][2]["datatype"], "number");
  EXPECT_FALSE(j["attributes"][2].contains("values"));
  EXPECT_EQ(j["attributes"][3]["datatype"], "datetime");

  const std::string xml = to_xml("service_definition", d);
  EXPECT_NE(xml.find("<service_definition><service_code>missed-bin</service_code><attributes><attribute>"
                     "<variable>true</variable><code>bin_type</code>"),
            std::string::npos);
  EXPECT_NE(xml.find("<values><value><key>refuse</key><name>Black bin</name></value>"), std::string::npos);
}

TEST(Open311Documents, ErrorsHaveTheSpecsShape) {
  const List e = errors_list({{400, "service_code: unknown <x>"}});
  EXPECT_EQ(to_xml("errors", e),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><errors><error><code>400</code>"
            "<description>service_code: unknown &lt;x&gt;</description></error></errors>");
  EXPECT_EQ(to_json(e), R"([{"code":400,"description":"service_code: unknown <x>"}])");
}

TEST(Open311Documents, NullsAndNumbers) {
  Record r;
  r.add("lat", 51.6).add("long", -0.2).add("address", Value()).add("n", int64_t{7});
  EXPECT_EQ(to_xml("r", r),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><r><lat>51.6</lat><long>-0.2</long><address></address>"
            "<n>7</n></r>");
  EXPECT_EQ(to_json(r), R"({"address":null,"lat":51.6,"long":-0.2,"n":7})");
}

TEST(Open311Services, OnlyActiveUnrestrictedCategoriesAreOffered) {
  Category c = missed_bin();
  EXPECT_TRUE(offered(c));
  c.restricted = true;
  EXPECT_FALSE(offered(c));
  c.restricted = false;
  c.active = false;
  EXPECT_FALSE(offered(c));
}

}  // namespace
}  // namespace civicdesk::open311
