// Locations through the real server on every backend: the council's
// boundary (points outside refused by the API), nearby search through the
// spatial index (kept in step with case writes: closing or moving a case
// takes it out), restricted categories hidden as in case search, and the
// public nearby reports offered on intake ("is it one of these?").
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "support/test_server.h"

namespace civicdesk::testing {
namespace {

using nlohmann::json;

constexpr const char* kBoundary =
    R"({"type":"Polygon","coordinates":[[[-0.31,51.55],[-0.12,51.55],[-0.12,51.68],[-0.31,51.68],[-0.31,51.55]]]})";

class LocationsHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  LocationsHttpTest() : server_(GetParam()) {
    Category hidden;
    hidden.code = "safeguarding";
    hidden.name = "Safeguarding concern";
    hidden.delivery_unit = "street-scene";
    hidden.sla_policy = "standard-10";
    hidden.restricted = true;
    hidden.visible_to_teams = {"nobody"};
    EXPECT_TRUE(server_.services().catalogue.put_category(sys(), hidden).ok());
  }

  RequestContext sys() { return server_.council().ctx(server_.clock().now()); }

  // A case at a point, made through the API as the administrator.
  std::string make(const std::string& category, double lat, double lng, int* status = nullptr) {
    json body = {{"category", category},
                 {"channel", "app"},  // a report a resident made (public, for nearby reports)
                 {"description", "Reported at a point"},
                 {"location", {{"lat", lat}, {"lng", lng}}}};
    if (category == "missed-bin") body["answers"] = {{"bin_type", {"refuse"}}};
    HttpResult r = server_.post("/api/v1/cases", body.dump());
    if (status) *status = r.status;
    if (r.status != 201) return r.body;
    return json::parse(r.body)["reference"].get<std::string>();
  }

  std::vector<std::string> nearby(const std::string& query, std::vector<std::string> headers = {}) {
    HttpResult r = server_.get("/api/v1/cases/nearby?" + query, std::move(headers));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    if (r.status != 200) return out;
    const json body = json::parse(r.body);
    for (const auto& i : body["items"]) out.push_back(i["case"]["reference"].get<std::string>());
    return out;
  }

  TestServer server_;
};

TEST_P(LocationsHttpTest, TheBoundaryRefusesPointsOutsideIt) {
  HttpResult none = server_.get("/api/v1/boundary");  // none yet: every point accepted
  EXPECT_EQ(none.status, 200);
  EXPECT_TRUE(json::parse(none.body)["coordinates"].empty());
  int status = 0;
  make("pothole", 53.48, -2.24, &status);
  EXPECT_EQ(status, 201);

  HttpResult put = http_request(server_.port(), "PUT", "/api/v1/boundary", kBoundary,
                                {server_.auth(Role::kAdministrator), "Content-Type: application/geo+json"});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(json::parse(put.body)["type"], "MultiPolygon");
  EXPECT_EQ(json::parse(server_.get("/api/v1/boundary").body)["coordinates"].size(), 1u);

  const std::string refused = make("pothole", 53.48, -2.24, &status);
  EXPECT_EQ(status, 400) << refused;
  auto problem = json::parse(refused);
  EXPECT_EQ(problem["field"], "location");
  EXPECT_NE(problem["detail"].get<std::string>().find("outside the area"), std::string::npos);
  make("pothole", 51.60, -0.20, &status);
  EXPECT_EQ(status, 201);
  // Moving a case outside is refused too.
  const std::string inside = make("pothole", 51.60, -0.20);
  HttpResult got = server_.get("/api/v1/cases/" + inside);
  HttpResult patch = http_request(server_.port(), "PATCH", "/api/v1/cases/" + inside,
                                  R"({"location": {"lat": 52.0, "lng": 1.0}})",
                                  {server_.auth(Role::kAdministrator), "Content-Type: application/json",
                                   "If-Match: " + got.header("etag")});
  EXPECT_EQ(patch.status, 400) << patch.body;

  // Not GeoJSON, or not an area: refused, nothing changes.
  for (const char* bad : {R"({"type":"Point","coordinates":[0,0]})", R"({"type":"Polygon","coordinates":[]})"}) {
    HttpResult r = http_request(server_.port(), "PUT", "/api/v1/boundary", bad,
                                {server_.auth(Role::kAdministrator), "Content-Type: application/json"});
    EXPECT_EQ(r.status, 400) << r.body;
  }
  EXPECT_EQ(json::parse(server_.get("/api/v1/boundary").body)["type"], "MultiPolygon");
  // Only administrators set it.
  HttpResult officer = http_request(server_.port(), "PUT", "/api/v1/boundary", kBoundary,
                                    {server_.auth(Role::kManager), "Content-Type: application/json"});
  EXPECT_EQ(officer.status, 403);
}

TEST_P(LocationsHttpTest, NearbyFindsOpenCasesWithinTheRadiusNearestFirst) {
  const std::string here = make("pothole", 51.60000, -0.20000);
  const std::string fifty_m = make("pothole", 51.60045, -0.20000);      // ~50 m north
  const std::string three_hundred_m = make("pothole", 51.60000, -0.19568);  // ~300 m east
  const std::string two_km = make("pothole", 51.61800, -0.20000);       // ~2 km north
  const std::string bin = make("missed-bin", 51.60010, -0.20010);
  const std::string restricted = make("safeguarding", 51.60001, -0.20001);
  ASSERT_EQ(restricted.rfind("TST-", 0), 0u) << restricted;

  EXPECT_EQ(nearby("lat=51.6&long=-0.2&radius=100&category=pothole"), (std::vector<std::string>{here, fifty_m}));
  EXPECT_EQ(nearby("lat=51.6&long=-0.2&radius=500&category=pothole"),
            (std::vector<std::string>{here, fifty_m, three_hundred_m}));
  auto any = nearby("lat=51.6&long=-0.2&radius=3000");
  EXPECT_EQ(any.size(), 5u);  // the restricted case is hidden even from the administrator
  EXPECT_EQ(std::find(any.begin(), any.end(), restricted), any.end());
  EXPECT_NE(std::find(any.begin(), any.end(), two_km), any.end());
  EXPECT_NE(std::find(any.begin(), any.end(), bin), any.end());
  HttpResult r = server_.get("/api/v1/cases/nearby?lat=51.6&long=-0.2&radius=100&category=pothole");
  auto items = json::parse(r.body)["items"];
  EXPECT_EQ(items[0]["distance_m"], 0.0);
  EXPECT_NEAR(items[1]["distance_m"].get<double>(), 50, 1);

  // The index follows the cases: a closed case leaves it, a moved one moves.
  ASSERT_TRUE(server_.services()
                  .cases.transition(sys(), fifty_m, TransitionRequest{CaseStatus::kClosed, CaseOutcome::kResolved, "", ""},
                                    std::nullopt)
                  .ok());
  EXPECT_EQ(nearby("lat=51.6&long=-0.2&radius=100&category=pothole"), std::vector<std::string>{here});
  CasePatch move;
  move.location = Location{51.61800, -0.20010, "", "", std::nullopt, std::nullopt, ""};
  ASSERT_TRUE(server_.services().cases.update(sys(), here, move, std::nullopt).ok());
  EXPECT_TRUE(nearby("lat=51.6&long=-0.2&radius=100&category=pothole").empty());
  EXPECT_EQ(nearby("lat=51.618&long=-0.2&radius=50&category=pothole"), (std::vector<std::string>{two_km, here}));
  // Re-opened, it comes back.
  ASSERT_TRUE(server_.services()
                  .cases.transition(sys(), fifty_m,
                                    TransitionRequest{CaseStatus::kInProgress, std::nullopt, "Came back", ""},
                                    std::nullopt)
                  .ok());
  EXPECT_EQ(nearby("lat=51.6&long=-0.2&radius=100&category=pothole"), std::vector<std::string>{fifty_m});

  // Who may ask: as for case search. An officer sees their own unit's cases
  // only (potholes belong to Highways).
  EXPECT_TRUE(nearby("lat=51.6&long=-0.2&radius=3000&category=pothole", {server_.auth(Role::kOfficer)}).empty());
  EXPECT_EQ(nearby("lat=51.6&long=-0.2&radius=3000&category=missed-bin", {server_.auth(Role::kOfficer)}),
            std::vector<std::string>{bin});
  EXPECT_EQ(http_request(server_.port(), "GET", "/api/v1/cases/nearby?lat=51.6&long=-0.2").status, 401);

  // Bad input.
  for (const char* q : {"lat=51.6", "lat=north&long=0", "lat=95&long=0", "lat=51.6&long=-0.2&radius=0",
                        "lat=51.6&long=-0.2&radius=50000", "lat=51.6&long=-0.2&colour=red"}) {
    HttpResult bad = server_.get(std::string("/api/v1/cases/nearby?") + q);
    EXPECT_EQ(bad.status, 400) << q << " " << bad.body;
  }
}

TEST_P(LocationsHttpTest, NearbyReturnsTheNearestThatPassTheFiltersWhenThereAreMoreThanTheLimit) {
  // Potholes nearest, then bins further out, alternating with more potholes:
  // a limit smaller than the candidates, and filters that drop the nearest
  // of them, must still give the nearest that pass, in order.
  std::vector<std::string> potholes, bins;
  for (int i = 0; i < 6; ++i) {
    const double north = 0.0001 * (2 * i + 1);  // ~11 m apart
    potholes.push_back(make("pothole", 51.6 + north, -0.2));
    bins.push_back(make("missed-bin", 51.6 + north + 0.0001, -0.2));
  }
  EXPECT_EQ(nearby("lat=51.6&long=-0.2&radius=1000&limit=3"),
            (std::vector<std::string>{potholes[0], bins[0], potholes[1]}));
  EXPECT_EQ(nearby("lat=51.6&long=-0.2&radius=1000&limit=3&category=missed-bin"),
            (std::vector<std::string>{bins[0], bins[1], bins[2]}));
  // An officer of Street Scene sees bins only: the potholes among the nearest
  // are skipped and more are read until three are found.
  EXPECT_EQ(nearby("lat=51.6&long=-0.2&radius=1000&limit=3", {server_.auth(Role::kOfficer)}),
            (std::vector<std::string>{bins[0], bins[1], bins[2]}));
  EXPECT_EQ(nearby("lat=51.6&long=-0.2&radius=1000&limit=200", {server_.auth(Role::kOfficer)}), bins);
  // The radius still bounds it: only the nearest bin is within 40 m (~22 m).
  EXPECT_EQ(nearby("lat=51.6&long=-0.2&radius=40&limit=200", {server_.auth(Role::kOfficer)}),
            (std::vector<std::string>{bins[0]}));
}

TEST_P(LocationsHttpTest, NearbyFindsTheNearestEvenAmongThousandsOfNewerCasesInTheBox) {
  // The two nearest are the oldest; 1,200 newer cases fill the rest of the
  // 500 m box. (An earlier search read the newest 1,000 in the box and kept
  // the nearest of those, so it missed these two.)
  const std::string nearest = make("pothole", 51.60001, -0.20000);
  const std::string next = make("pothole", 51.60010, -0.20000);
  int n = 0;
  auto bulk = server_.services().store.write_value<int64_t>([&](Tx& tx) {
    return tx.insert_cases_bulk(server_.council().tenant, [&](Case& c, CaseEvent& e) {
      if (n == 1200) return false;
      c = Case{};
      c.reference = "TST-9" + std::to_string(100000 + n);
      c.category = "pothole";
      c.delivery_unit = "highways";
      c.title = "Pothole";
      c.location.lat = 51.6015 + 0.000002 * n;  // ~170-440 m north
      c.location.lng = -0.2;
      c.received_at = c.created_at = c.updated_at = server_.clock().now();
      c.clock.received_on = c.clock.start_day = *parse_date("2016-03-01");
      c.version = 1;
      e.at = c.received_at;
      e.actor = "system";
      e.kind = "imported";
      ++n;
      return true;
    });
  });
  ASSERT_TRUE(bulk) << bulk.error().message;
  const auto found = nearby("lat=51.6&long=-0.2&radius=500&limit=5");
  ASSERT_EQ(found.size(), 5u);
  EXPECT_EQ(found[0], nearest);
  EXPECT_EQ(found[1], next);
  EXPECT_EQ(found[2], "TST-9100000");  // then the nearest of the newer ones
}

TEST_P(LocationsHttpTest, ResidentsAreOfferedNearbyReportsBeforeMakingADuplicate) {
  const std::string bin = make("missed-bin", 51.60010, -0.20010);
  const std::string restricted = make("safeguarding", 51.60001, -0.20001);
  // Anyone, signed in or not, sees open reports of the category nearby, with nothing personal.
  HttpResult r = http_request(server_.port(), "GET", "/api/v1/nearby-reports?lat=51.6&long=-0.2&radius=200&category=missed-bin");
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = json::parse(r.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["reference"], bin);
  EXPECT_FALSE(items[0].contains("description"));
  EXPECT_FALSE(items[0].contains("customer_id"));
  HttpResult all = http_request(server_.port(), "GET", "/api/v1/nearby-reports?lat=51.6&long=-0.2&radius=200");
  EXPECT_EQ(all.body.find(restricted), std::string::npos);
  // A report taken by telephone (often about someone's home) is not offered.
  json phoned = {{"category", "missed-bin"}, {"channel", "telephone"}, {"description", "At my house"},
                 {"answers", {{"bin_type", {"refuse"}}}}, {"location", {{"lat", 51.6001}, {"lng", -0.2001}}}};
  HttpResult by_phone = server_.post("/api/v1/cases", phoned.dump());
  ASSERT_EQ(by_phone.status, 201) << by_phone.body;
  const std::string phone_ref = json::parse(by_phone.body)["reference"].get<std::string>();
  HttpResult again = http_request(server_.port(), "GET", "/api/v1/nearby-reports?lat=51.6&long=-0.2&radius=200");
  EXPECT_EQ(again.body.find(phone_ref), std::string::npos);
  EXPECT_NE(again.body.find(bin), std::string::npos);

  // The resident follows the report instead of making a new one (twice is
  // once); staff can mark a later duplicate as such.
  const Watcher me{WatcherKind::kCustomer, server_.resident_customer(), "", "", {}};
  for (int i = 0; i < 2; ++i) {
    HttpResult follow = http_request(server_.port(), "POST", "/api/v1/cases/" + bin + "/followers", "",
                                     {server_.auth(Role::kResident)});
    EXPECT_EQ(follow.status, 204) << follow.body;
  }
  auto watchers = server_.services().cases.watchers(sys(), bin);
  ASSERT_TRUE(watchers.ok());
  EXPECT_EQ(std::count(watchers->begin(), watchers->end(), me), 1);
  EXPECT_EQ(http_request(server_.port(), "POST", "/api/v1/cases/" + restricted + "/followers", "",
                         {server_.auth(Role::kResident)})
                .status,
            404);
  EXPECT_EQ(http_request(server_.port(), "POST", "/api/v1/cases/" + bin + "/followers", "",
                         {server_.auth(Role::kOfficer)})
                .status,
            403);
  const std::string dup = make("missed-bin", 51.60012, -0.20012);
  HttpResult link = server_.post("/api/v1/cases/" + dup + "/links", R"({"kind": "duplicate_of", "case": ")" + bin + "\"}");
  EXPECT_LT(link.status, 300) << link.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, LocationsHttpTest, ::testing::ValuesIn(test_backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace civicdesk::testing
