// Open311 GeoReport v2 through the real server on every backend, acting as
// FixMyStreet does: XML only, services.xml, form-encoded and multipart
// posts with its parameter spellings (deviceid, repeated attribute[code]
// for multivaluelist, empty strings for unanswered optional attributes,
// several media_url), tokens polling, requests.xml?service_request_id=a,b,
// servicerequestupdates.xml for the last two hours and citizen updates.
// Every error case is checked in the spec's format.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/parse/query.h"
#include "support/test_server.h"

namespace civicdesk::testing {
namespace {

using nlohmann::json;

// A simplified outline around the test council's area (lng, lat).
constexpr const char* kBoundary =
    R"({"type":"Polygon","coordinates":[[[-0.31,51.55],[-0.12,51.55],[-0.12,51.68],[-0.31,51.68],[-0.31,51.55]]]})";

// The text of every <tag>...</tag> in `xml`, in order.
std::vector<std::string> all_tags(const std::string& xml, const std::string& tag) {
  std::vector<std::string> out;
  const std::string open = "<" + tag + ">", close = "</" + tag + ">";
  size_t pos = 0;
  while ((pos = xml.find(open, pos)) != std::string::npos) {
    const size_t start = pos + open.size();
    const size_t end = xml.find(close, start);
    if (end == std::string::npos) break;
    out.push_back(xml.substr(start, end - start));
    pos = end + close.size();
  }
  return out;
}
std::string tag(const std::string& xml, const std::string& name) {
  auto all = all_tags(xml, name);
  return all.empty() ? "<missing " + name + ">" : all.front();
}

std::string form(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) out += (out.empty() ? "" : "&") + http::percent_encode(k) + "=" + http::percent_encode(v);
  return out;
}

class Open311HttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  Open311HttpTest() : server_(GetParam()) {
    const RequestContext ctx = server_.council().ctx(server_.clock().now());
    Services& s = server_.services();
    Category street;
    street.code = "street-cleaning";
    street.name = "Street cleaning";
    street.delivery_unit = "street-scene";
    street.sla_policy = "standard-10";
    must(s.catalogue.put_category(ctx, street));
    Category fly;
    fly.code = "fly-tipping";
    fly.name = "Fly-tipping";
    fly.parent = "street-cleaning";
    fly.description = "Rubbish dumped in the street";
    fly.keywords = "dumped,rubbish";
    fly.delivery_unit = "street-scene";
    fly.sla_policy = "standard-10";
    fly.location_required = true;
    fly.questions = {
        Question{"size", "How much is there?", QuestionType::kSingleValueList, true, 1,
                 {{"bag", "A bag or two"}, {"car", "A car boot load"}, {"van", "A van load or more"}}},
        Question{"contents", "What is it?", QuestionType::kMultiValueList, false, 2,
                 {{"mattress", "Mattress"}, {"sofa", "Sofa"}, {"rubble", "Rubble"}}},
        Question{"items", "How many items?", QuestionType::kNumber, false, 3, {}},
        Question{"seen", "When was it dumped?", QuestionType::kDatetime, false, 4, {}},
    };
    must(s.catalogue.put_category(ctx, fly));
    Category hidden;
    hidden.code = "safeguarding";
    hidden.name = "Safeguarding concern";
    hidden.delivery_unit = "street-scene";
    hidden.sla_policy = "standard-10";
    hidden.restricted = true;
    hidden.visible_to_teams = {"waste"};
    must(s.catalogue.put_category(ctx, hidden));
    must(s.locations.set_boundary(ctx, kBoundary));
    auto key = s.accounts.create_token(ctx, NewToken{"fixmystreet", {"open311"}, std::nullopt, std::nullopt});
    must(key);
    key_ = *key;
    auto other = s.accounts.create_token(ctx, NewToken{"reports-only", {"cases:read"}, std::nullopt, std::nullopt});
    must(other);
    other_key_ = *other;
  }

  template <typename T>
  static void must(const T& r) {
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  HttpResult get(const std::string& target) { return http_request(server_.port(), "GET", target); }
  HttpResult post(const std::string& target, const std::string& body,
                  const std::string& type = "application/x-www-form-urlencoded") {
    return http_request(server_.port(), "POST", target, body, {"Content-Type: " + type});
  }

  // A report as FixMyStreet posts it.
  std::vector<std::pair<std::string, std::string>> fms_report() const {
    return {{"api_key", key_},
            {"service_code", "fly-tipping"},
            {"lat", "51.6012"},
            {"long", "-0.2101"},
            {"description", "Mattress & sofa dumped by the <bus stop>"},
            {"email", "Reporter@Example.com"},
            {"first_name", "Fay"},
            {"last_name", "Reporter"},
            {"phone", "020 8359 2000"},
            {"deviceid", "fms-device-1"},
            {"attribute[size]", "car"},
            {"attribute[contents]", "mattress"},
            {"attribute[contents]", "sofa"},
            {"attribute[items]", ""},  // unanswered optional
            {"attribute[seen]", ""},
            {"attribute[fixmystreet_id]", "4321"},
            {"attribute[title]", "Fly-tipping by the bus stop"},
            {"attribute[uprn]", "200004000001"},
            {"media_url", "https://fms.example/photo/4321.0.jpeg"},
            {"media_url", "https://fms.example/photo/4321.1.jpeg"}};
  }

  std::string post_report(std::vector<std::pair<std::string, std::string>> params) {
    HttpResult r = post("/open311/v2/requests.xml", form(params));
    EXPECT_EQ(r.status, 200) << r.body;
    return tag(r.body, "service_request_id");
  }

  // Expects the spec's XML error with `status` and a description containing `words`.
  void expect_error(const HttpResult& r, int status, const std::string& words) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/xml; charset=utf-8");
    EXPECT_EQ(r.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?><errors><error><code>" + std::to_string(status) +
                               "</code><description>",
                           0),
              0u)
        << r.body;
    EXPECT_NE(tag(r.body, "description").find(words), std::string::npos) << r.body;
  }

  TestServer server_;
  std::string key_, other_key_;
};

TEST_P(Open311HttpTest, ServicesListTheWholeOfferedCatalogue) {
  HttpResult r = get("/open311/v2/services.xml");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/xml; charset=utf-8");
  const auto codes = all_tags(r.body, "service_code");
  // Every active unrestricted category, so that FixMyStreet never takes one as deleted.
  for (const char* c : {"missed-bin", "pothole", "general", "street-cleaning", "fly-tipping"})
    EXPECT_NE(std::find(codes.begin(), codes.end(), c), codes.end()) << c;
  EXPECT_EQ(std::find(codes.begin(), codes.end(), "safeguarding"), codes.end());
  EXPECT_NE(r.body.find("<service><service_code>fly-tipping</service_code><service_name>Fly-tipping</service_name>"
                        "<description>Rubbish dumped in the street</description><metadata>true</metadata>"
                        "<type>realtime</type><keywords>dumped,rubbish</keywords><group>Street cleaning</group>"
                        "</service>"),
            std::string::npos)
      << r.body;

  HttpResult j = get("/open311/v2/services.json");
  ASSERT_EQ(j.status, 200);
  auto list = json::parse(j.body);
  ASSERT_TRUE(list.is_array());
  EXPECT_EQ(list.size(), codes.size());
  // jurisdiction_id: this council's slug, else 404.
  EXPECT_EQ(get("/open311/v2/services.xml?jurisdiction_id=testshire").status, 200);
  expect_error(get("/open311/v2/services.xml?jurisdiction_id=elsewhere"), 404, "jurisdiction_id");
}

TEST_P(Open311HttpTest, ServiceDefinitionsCarryTheQuestions) {
  HttpResult r = get("/open311/v2/services/fly-tipping.xml");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(tag(r.body, "service_code"), "fly-tipping");
  EXPECT_EQ(all_tags(r.body, "code"), (std::vector<std::string>{"size", "contents", "items", "seen"}));
  EXPECT_EQ(all_tags(r.body, "datatype"),
            (std::vector<std::string>{"singlevaluelist", "multivaluelist", "number", "datetime"}));
  EXPECT_EQ(all_tags(r.body, "required"), (std::vector<std::string>{"true", "false", "false", "false"}));
  EXPECT_EQ(all_tags(r.body, "key"),
            (std::vector<std::string>{"bag", "car", "van", "mattress", "sofa", "rubble"}));
  auto j = json::parse(get("/open311/v2/services/fly-tipping.json").body);
  EXPECT_EQ(j["attributes"][0]["values"][2]["name"], "A van load or more");
  EXPECT_EQ(j["attributes"][1]["order"], 2);

  expect_error(get("/open311/v2/services/no-such-thing.xml"), 404, "no-such-thing");
  expect_error(get("/open311/v2/services/safeguarding.xml"), 404, "safeguarding");
  HttpResult jerr = get("/open311/v2/services/no-such-thing.json");
  EXPECT_EQ(jerr.status, 404);
  auto errs = json::parse(jerr.body);
  ASSERT_TRUE(errs.is_array());
  EXPECT_EQ(errs[0]["code"], 404);
  EXPECT_TRUE(errs[0]["description"].is_string());
}

TEST_P(Open311HttpTest, AFixMyStreetReportBecomesACaseAndReadsBack) {
  const std::string id = post_report(fms_report());
  ASSERT_EQ(id.rfind("TST-", 0), 0u) << id;

  // A real case: channel open311, answers, location, the customer found or made.
  const RequestContext sys = server_.council().ctx(server_.clock().now());
  auto v = server_.services().cases.get(sys, id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->c.channel, Channel::kOpen311);
  EXPECT_EQ(v->c.category, "fly-tipping");
  EXPECT_EQ(v->c.title, "Fly-tipping by the bus stop");
  EXPECT_EQ(v->c.answers.at("contents"), (std::vector<std::string>{"mattress", "sofa"}));
  EXPECT_EQ(v->c.answers.at("size"), std::vector<std::string>{"car"});
  EXPECT_EQ(v->c.answers.count("items"), 0u);
  EXPECT_DOUBLE_EQ(*v->c.location.lat, 51.6012);
  EXPECT_EQ(v->c.location.uprn, 200004000001);
  ASSERT_TRUE(v->c.customer_id.has_value());
  auto customer = server_.services().customers.get(sys, *v->c.customer_id);
  ASSERT_TRUE(customer.ok());
  EXPECT_EQ(customer->emails.at(0).address, "reporter@example.com");
  EXPECT_EQ(customer->given_name, "Fay");
  // The same resident reporting again is the same customer.
  auto again = fms_report();
  again[1].second = "missed-bin";
  again.push_back({"attribute[bin_type]", "refuse"});
  const std::string second = post_report(again);
  auto v2 = server_.services().cases.get(sys, second);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->c.customer_id, v->c.customer_id);

  // Read back: GET requests/{id}, with lat, long, updated_datetime and media.
  HttpResult one = get("/open311/v2/requests/" + id + ".xml");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(tag(one.body, "service_request_id"), id);
  EXPECT_EQ(tag(one.body, "status"), "open");
  EXPECT_EQ(tag(one.body, "service_code"), "fly-tipping");
  EXPECT_EQ(tag(one.body, "service_name"), "Fly-tipping");
  EXPECT_EQ(tag(one.body, "description"), "Mattress &amp; sofa dumped by the &lt;bus stop&gt;");
  EXPECT_EQ(tag(one.body, "agency_responsible"), "Street Scene");
  EXPECT_EQ(tag(one.body, "lat"), "51.6012");
  EXPECT_EQ(tag(one.body, "long"), "-0.2101");
  EXPECT_EQ(tag(one.body, "requested_datetime"), "2016-03-01T10:00:00Z");
  EXPECT_EQ(tag(one.body, "updated_datetime"), "2016-03-01T10:00:00Z");
  EXPECT_EQ(tag(one.body, "address_id"), "200004000001");
  EXPECT_EQ(tag(one.body, "media_url"), "https://fms.example/photo/4321.0.jpeg");
  EXPECT_NE(tag(one.body, "expected_datetime").find("T"), std::string::npos);

  // FixMyStreet's status check: requests.xml?service_request_id=a,b.
  HttpResult both = get("/open311/v2/requests.xml?service_request_id=" + id + "," + second + ",TST-9999999");
  ASSERT_EQ(both.status, 200) << both.body;
  EXPECT_EQ(all_tags(both.body, "service_request_id"), (std::vector<std::string>{id, second}));
  EXPECT_EQ(all_tags(both.body, "lat").size(), 2u);
  EXPECT_EQ(all_tags(both.body, "updated_datetime").size(), 2u);

  // Tokens: FixMyStreet polls tokens/{token}.xml.
  HttpResult posted = post("/open311/v2/requests.xml", form(fms_report()));
  const std::string token = tag(posted.body, "token");
  HttpResult polled = get("/open311/v2/tokens/" + token + ".xml");
  ASSERT_EQ(polled.status, 200) << polled.body;
  EXPECT_EQ(tag(polled.body, "service_request_id"), tag(posted.body, "service_request_id"));
  expect_error(get("/open311/v2/tokens/nonsense.xml"), 404, "token");

  // JSON too.
  auto j = json::parse(get("/open311/v2/requests/" + id + ".json").body);
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j[0]["service_request_id"], id);
  EXPECT_DOUBLE_EQ(j[0]["lat"].get<double>(), 51.6012);
  expect_error(get("/open311/v2/requests/TST-9999999.xml"), 404, "TST-9999999");
}

TEST_P(Open311HttpTest, MultipartPostsWithPhotosAreAccepted) {
  const std::string b = "----fmsboundary42";
  std::string body;
  auto part = [&](const std::string& name, const std::string& value) {
    body += "--" + b + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  };
  part("api_key", key_);
  part("service_code", "fly-tipping");
  part("lat", "51.61");
  part("long", "-0.22");
  part("description", "Dumped\r\nover two lines");
  part("attribute[size]", "van");
  part("attribute[contents]", "rubble");
  part("attribute[contents]", "sofa");
  body += "--" + b + "\r\nContent-Disposition: form-data; name=\"photo1\"; filename=\"photo1.jpeg\"\r\n"
          "Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0 not really a jpeg\r\n";
  body += "--" + b + "--\r\n";
  HttpResult r = post("/open311/v2/requests.xml", body, "multipart/form-data; boundary=" + b);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string id = tag(r.body, "service_request_id");
  auto v = server_.services().cases.get(server_.council().ctx(server_.clock().now()), id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->c.description, "Dumped\r\nover two lines");
  EXPECT_EQ(v->c.answers.at("contents"), (std::vector<std::string>{"rubble", "sofa"}));
}

TEST_P(Open311HttpTest, EveryBadReportIsRefusedInTheSpecsFormatAndChangesNothing) {
  const RequestContext sys = server_.council().ctx(server_.clock().now());
  auto count = [&] {
    auto page = server_.services().cases.list(sys, CaseFilter{.limit = 200});
    return page.ok() ? page->items.size() : size_t{9999};
  };
  const size_t before = count();
  auto without = [&](const std::string& name) {
    auto p = fms_report();
    std::erase_if(p, [&](const auto& kv) { return kv.first == name; });
    return p;
  };
  auto with = [&](const std::string& name, const std::string& value) {
    auto p = without(name);
    p.push_back({name, value});
    return p;
  };
  expect_error(post("/open311/v2/requests.xml", form(without("api_key"))), 403, "api_key");
  expect_error(post("/open311/v2/requests.xml", form(with("api_key", "cdk_not_a_key"))), 403, "api_key");
  expect_error(post("/open311/v2/requests.xml", form(with("api_key", other_key_))), 403, "open311");
  expect_error(post("/open311/v2/requests.xml", form(with("service_code", "no-such-service"))), 400, "service_code");
  expect_error(post("/open311/v2/requests.xml", form(with("service_code", "safeguarding"))), 400, "service_code");
  {
    auto p = without("lat");
    std::erase_if(p, [](const auto& kv) { return kv.first == "long" || kv.first == "attribute[uprn]"; });
    expect_error(post("/open311/v2/requests.xml", form(p)), 400, "address_string");
  }
  expect_error(post("/open311/v2/requests.xml", form(without("long"))), 400, "long");
  expect_error(post("/open311/v2/requests.xml", form(with("lat", "north"))), 400, "lat");
  expect_error(post("/open311/v2/requests.xml", form(without("attribute[size]"))), 400, "attribute[size]");
  expect_error(post("/open311/v2/requests.xml", form(with("attribute[size]", "lorry"))), 400, "attribute[size]");
  expect_error(post("/open311/v2/requests.xml", form(with("attribute[items]", "lots"))), 400, "attribute[items]");
  expect_error(post("/open311/v2/requests.xml", form(with("attribute[seen]", "yesterday"))), 400, "attribute[seen]");
  expect_error(post("/open311/v2/requests.xml", form(with("attribute[uprn]", "abc"))), 400, "attribute[uprn]");
  expect_error(post("/open311/v2/requests.xml", form(with("description", ""))), 400, "escribe");
  expect_error(post("/open311/v2/requests.xml", form(with("media_url", "file:///etc/passwd"))), 400, "media_url");
  expect_error(post("/open311/v2/requests.xml", form(with("email", "not an email"))), 400, "email");
  // Out of the council's area: Manchester.
  {
    auto p = with("lat", "53.48");
    std::erase_if(p, [](const auto& kv) { return kv.first == "long"; });
    p.push_back({"long", "-2.24"});
    expect_error(post("/open311/v2/requests.xml", form(p)), 400, "outside the area");
  }
  // Malformed bodies.
  expect_error(post("/open311/v2/requests.xml", "api_key=%zz"), 400, "escape");
  expect_error(post("/open311/v2/requests.xml", "--x\r\nbroken", "multipart/form-data; boundary=x"), 400,
               "multipart");
  expect_error(post("/open311/v2/requests.xml", "{}", "application/json"), 400, "form");
  // The JSON format's errors.
  HttpResult j = post("/open311/v2/requests.json", form(without("api_key")));
  EXPECT_EQ(j.status, 403);
  auto errs = json::parse(j.body);
  ASSERT_TRUE(errs.is_array());
  EXPECT_EQ(errs[0]["code"], 403);
  EXPECT_EQ(count(), before);
}

TEST_P(Open311HttpTest, RequestsHaveTheSpecsDefaultWindowAndFilters) {
  FakeClock& clock = server_.clock();
  const std::string old_one = post_report(fms_report());
  clock.advance(std::chrono::hours(24 * 100));
  const std::string recent = post_report(fms_report());
  auto bin = fms_report();
  bin[1].second = "missed-bin";
  bin.push_back({"attribute[bin_type]", "refuse"});
  const std::string bin_id = post_report(bin);

  // No dates: the last 90 days, newest first.
  HttpResult r = get("/open311/v2/requests.xml");
  ASSERT_EQ(r.status, 200) << r.body;
  auto ids = all_tags(r.body, "service_request_id");
  EXPECT_EQ(std::find(ids.begin(), ids.end(), old_one), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), recent), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), bin_id), ids.end());

  // A window that holds the old one only.
  HttpResult w = get("/open311/v2/requests.xml?start_date=2016-02-29T00:00:00Z&end_date=2016-03-02T00:00:00Z");
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(all_tags(w.body, "service_request_id"), std::vector<std::string>{old_one});
  // Filters.
  HttpResult by_code = get("/open311/v2/requests.xml?service_code=missed-bin");
  EXPECT_EQ(all_tags(by_code.body, "service_request_id"), std::vector<std::string>{bin_id});
  const RequestContext sys = server_.council().ctx(clock.now());
  ASSERT_TRUE(server_.services()
                  .cases.transition(sys, bin_id, TransitionRequest{CaseStatus::kClosed, CaseOutcome::kResolved, "", "Emptied"},
                                    std::nullopt)
                  .ok());
  HttpResult closed = get("/open311/v2/requests.xml?status=closed");
  EXPECT_EQ(all_tags(closed.body, "service_request_id"), std::vector<std::string>{bin_id});
  EXPECT_EQ(tag(closed.body, "status_notes"), "Emptied");
  HttpResult open = get("/open311/v2/requests.xml?status=open");
  EXPECT_EQ(all_tags(open.body, "service_request_id"), std::vector<std::string>{recent});

  // Bad parameters, in the spec's format.
  expect_error(get("/open311/v2/requests.xml?start_date=2016-03-01"), 400, "start_date");
  expect_error(get("/open311/v2/requests.xml?end_date=yesterday"), 400, "end_date");
  expect_error(get("/open311/v2/requests.xml?start_date=2016-03-02T00:00:00Z&end_date=2016-03-01T00:00:00Z"), 400,
               "end_date");
  expect_error(get("/open311/v2/requests.xml?status=maybe"), 400, "status");
  expect_error(get("/open311/v2/requests.xml?service_code=nothing"), 400, "service_code");
  // A report taken by telephone shows neither its description nor where it is.
  NewCase phoned;
  phoned.category = "missed-bin";
  phoned.description = "Mrs Smith at 12 Acacia Avenue says her bin was missed";
  phoned.answers = {{"bin_type", {"refuse"}}};
  phoned.location.address = "12 Acacia Avenue";
  phoned.location.lat = 51.6;
  phoned.location.lng = -0.2;
  auto by_phone = server_.services().cases.create(sys, phoned);
  ASSERT_TRUE(by_phone.ok()) << by_phone.error().message;
  HttpResult shown = get("/open311/v2/requests/" + by_phone->c.reference + ".xml");
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(tag(shown.body, "service_code"), "missed-bin");
  EXPECT_EQ(shown.body.find("Acacia"), std::string::npos) << shown.body;
  EXPECT_EQ(tag(shown.body, "lat"), "");
  // Restricted and non-public cases never show.
  NewCase n;
  n.category = "safeguarding";
  n.description = "Private";
  auto hidden = server_.services().cases.create(sys, n);
  ASSERT_TRUE(hidden.ok());
  expect_error(get("/open311/v2/requests/" + hidden->c.reference + ".xml"), 404, hidden->c.reference);
  HttpResult all = get("/open311/v2/requests.xml");
  auto listed = all_tags(all.body, "service_request_id");
  EXPECT_EQ(std::find(listed.begin(), listed.end(), hidden->c.reference), listed.end());
}

TEST_P(Open311HttpTest, UpdatesReachFixMyStreetAndItsCitizensUpdatesReachTheCase) {
  FakeClock& clock = server_.clock();
  const std::string id = post_report(fms_report());
  const RequestContext sys0 = server_.council().ctx(clock.now());
  clock.advance(std::chrono::minutes(30));
  RequestContext sys = server_.council().ctx(clock.now());
  ASSERT_TRUE(server_.services()
                  .cases.transition(sys, id, TransitionRequest{CaseStatus::kInProgress, std::nullopt, "", ""},
                                    std::nullopt)
                  .ok());
  clock.advance(std::chrono::minutes(30));
  sys = server_.council().ctx(clock.now());
  ASSERT_TRUE(server_.services().cases.add_note(sys, id, NewNote{"Crew booked for Friday", Visibility::kPublic}).ok());
  ASSERT_TRUE(server_.services().cases.add_note(sys, id, NewNote{"internal only", Visibility::kInternal}).ok());
  clock.advance(std::chrono::minutes(30));
  sys = server_.council().ctx(clock.now());
  ASSERT_TRUE(server_.services()
                  .cases.transition(sys, id, TransitionRequest{CaseStatus::kClosed, CaseOutcome::kResolved, "", "Cleared"},
                                    std::nullopt)
                  .ok());
  (void)sys0;

  // FixMyStreet asks for the last two hours (UTC).
  const Instant now = clock.now();
  const std::string q = "?start_date=" + format_instant(now - std::chrono::hours(2)) + "&end_date=" + format_instant(now);
  HttpResult r = get("/open311/v2/servicerequestupdates.xml" + q);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?><service_request_updates><request_update>", 0), 0u);
  EXPECT_EQ(all_tags(r.body, "service_request_id"), (std::vector<std::string>{id, id, id}));
  EXPECT_EQ(all_tags(r.body, "status"), (std::vector<std::string>{"IN_PROGRESS", "IN_PROGRESS", "FIXED"}));
  const auto descriptions = all_tags(r.body, "description");
  ASSERT_EQ(descriptions.size(), 3u);
  EXPECT_EQ(descriptions[1], "Crew booked for Friday");
  EXPECT_EQ(r.body.find("internal only"), std::string::npos);
  const auto update_ids = all_tags(r.body, "update_id");
  ASSERT_EQ(update_ids.size(), 3u);
  EXPECT_NE(update_ids[0], update_ids[1]);
  EXPECT_EQ(all_tags(r.body, "updated_datetime").back(), format_instant(now));
  EXPECT_EQ(all_tags(r.body, "external_status_code").back(), "closed");
  // An earlier window holds none of them.
  HttpResult none = get("/open311/v2/servicerequestupdates.xml?start_date=2016-01-01T00:00:00Z&end_date=2016-01-02T00:00:00Z");
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(all_tags(none.body, "request_update").empty());
  expect_error(get("/open311/v2/servicerequestupdates.xml?start_date=2016-03-01T10:00:00"), 400, "start_date");

  // A citizen's update from FixMyStreet: recorded once per update_id.
  const std::vector<std::pair<std::string, std::string>> update = {
      {"api_key", key_},         {"service_request_id", id},
      {"update_id", "fms-77"},   {"status", "OPEN"},
      {"updated_datetime", format_instant(now)},
      {"description", "It is back again"},
      {"first_name", "Fay"},     {"last_name", "Reporter"},
      {"email", "reporter@example.com"},
      {"media_url", "https://fms.example/photo/77.jpeg"}};
  HttpResult u1 = post("/open311/v2/servicerequestupdates.xml", form(update));
  ASSERT_EQ(u1.status, 200) << u1.body;
  const std::string ours = tag(u1.body, "update_id");
  HttpResult u2 = post("/open311/v2/servicerequestupdates.xml", form(update));
  ASSERT_EQ(u2.status, 200) << u2.body;
  EXPECT_EQ(tag(u2.body, "update_id"), ours);
  auto timeline = server_.services().cases.timeline(sys, id, std::nullopt);
  ASSERT_TRUE(timeline.ok());
  int recorded = 0;
  for (const auto& e : timeline->events)
    if (e.kind == "open311_update") {
      ++recorded;
      EXPECT_EQ(e.details.at("text"), "It is back again");
      EXPECT_EQ(e.details.at("update_id"), "fms-77");
      EXPECT_EQ(e.details.at("status"), "OPEN");
      EXPECT_EQ(e.visibility, Visibility::kPublic);
    }
  EXPECT_EQ(recorded, 1);
  // The citizen's own update is not sent back to FixMyStreet as a council update.
  HttpResult after = get("/open311/v2/servicerequestupdates.xml" + q);
  EXPECT_EQ(all_tags(after.body, "request_update").size(), 3u);

  auto bad = [&](const std::string& name, const std::string& value) {
    auto p = update;
    std::erase_if(p, [&](const auto& kv) { return kv.first == name; });
    if (!value.empty()) p.push_back({name, value});
    return post("/open311/v2/servicerequestupdates.xml", form(p));
  };
  expect_error(bad("api_key", ""), 403, "api_key");
  expect_error(bad("api_key", other_key_), 403, "open311");
  expect_error(bad("status", "SHRUG"), 400, "status");
  expect_error(bad("updated_datetime", "today"), 400, "updated_datetime");
  expect_error(bad("service_request_id", "TST-9999999"), 404, "TST-9999999");
  expect_error(bad("update_id", ""), 400, "update_id");
}

TEST_P(Open311HttpTest, ADuplicateSharesTheUpdatesOfTheReportItDuplicates) {
  FakeClock& clock = server_.clock();
  const std::string original = post_report(fms_report());
  const std::string duplicate = post_report(fms_report());
  RequestContext sys = server_.council().ctx(clock.now());
  ASSERT_TRUE(server_.services().cases.link(sys, duplicate, LinkKind::kDuplicateOf, original).ok());
  clock.advance(std::chrono::minutes(10));
  sys = server_.council().ctx(clock.now());
  ASSERT_TRUE(server_.services().cases.add_note(sys, original, NewNote{"Crew on the way", Visibility::kPublic}).ok());
  const Instant now = clock.now();
  HttpResult r = get("/open311/v2/servicerequestupdates.xml?start_date=" + format_instant(now - std::chrono::hours(2)) +
                     "&end_date=" + format_instant(now));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto ids = all_tags(r.body, "service_request_id");
  ASSERT_EQ(ids.size(), 2u) << r.body;
  EXPECT_NE(std::find(ids.begin(), ids.end(), original), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), duplicate), ids.end());
  EXPECT_EQ(all_tags(r.body, "description"), (std::vector<std::string>{"Crew on the way", "Crew on the way"}));
  const auto update_ids = all_tags(r.body, "update_id");
  EXPECT_NE(update_ids[0], update_ids[1]);
}

INSTANTIATE_TEST_SUITE_P(Backends, Open311HttpTest, ::testing::ValuesIn(test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk::testing
