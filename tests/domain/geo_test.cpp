// geo.h: GeoJSON boundaries, point-in-polygon, distances and boxes.
#include "domain/geo.h"

#include <gtest/gtest.h>

#include <cmath>

namespace civicdesk::geo {
namespace {

// A unit square with a square hole: [0,10] x [0,10] minus [4,6] x [4,6]
// (lng, lat).
constexpr const char* kSquareWithHole =
    R"({"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]})";

TEST(Geo, ParsesPolygonsMultiPolygonsFeaturesAndCollections) {
  auto p = parse_boundary(kSquareWithHole);
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->polygons.size(), 1u);
  EXPECT_EQ(p->polygons[0].rings.size(), 2u);
  EXPECT_DOUBLE_EQ(p->polygons[0].rings[0][1].lng, 10);  // [lng, lat] order
  EXPECT_DOUBLE_EQ(p->polygons[0].rings[0][1].lat, 0);

  auto m = parse_boundary(
      R"({"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]})");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->polygons.size(), 2u);

  auto f = parse_boundary(std::string(R"({"type":"Feature","properties":{},"geometry":)") + kSquareWithHole + "}");
  ASSERT_TRUE(f.ok());
  auto fc = parse_boundary(std::string(R"({"type":"FeatureCollection","features":[{"type":"Feature","geometry":)") +
                           kSquareWithHole + "}]}");
  ASSERT_TRUE(fc.ok());
  EXPECT_EQ(fc->polygons[0].rings.size(), 2u);
}

TEST(Geo, RefusesWhatIsNotAnArea) {
  for (const char* bad : {
           "", "not json", "[]", R"({"type":"Point","coordinates":[0,0]})",
           R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]})",           // too few positions
           R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,91],[0,0]]]})",     // latitude out of range
           R"({"type":"Polygon","coordinates":[[[0,0],[1,"a"],[1,1],[0,0]]]})",    // not a number
           R"({"type":"Polygon"})", R"({"type":"FeatureCollection","features":[]})",
           R"({"type":"MultiPolygon","coordinates":[]})"}) {
    SCOPED_TRACE(bad);
    auto r = parse_boundary(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidField);
    EXPECT_EQ(r.error().field, "boundary");
  }
}

TEST(Geo, PointInPolygonHonoursHoles) {
  auto b = parse_boundary(kSquareWithHole);
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(contains(*b, Point{1, 1}));
  EXPECT_TRUE(contains(*b, Point{9.9, 0.1}));
  EXPECT_FALSE(contains(*b, Point{5, 5}));  // in the hole
  EXPECT_FALSE(contains(*b, Point{11, 5}));
  EXPECT_FALSE(contains(*b, Point{-0.1, 5}));
  EXPECT_FALSE(contains(*b, Point{5, 10.5}));
  EXPECT_FALSE(contains(Boundary{}, Point{1, 1}));
}

TEST(Geo, PointInAConcavePolygon) {
  // A "U" shape: the notch between its arms is outside.
  auto b = parse_boundary(
      R"({"type":"Polygon","coordinates":[[[0,0],[3,0],[3,3],[2,3],[2,1],[1,1],[1,3],[0,3],[0,0]]]})");
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(contains(*b, Point{2, 0.5}));    // lat 2, lng 0.5: left arm
  EXPECT_TRUE(contains(*b, Point{2, 2.5}));    // right arm
  EXPECT_FALSE(contains(*b, Point{2, 1.5}));   // the notch
  EXPECT_TRUE(contains(*b, Point{0.5, 1.5}));  // the base
}

TEST(Geo, RoundTripsThroughGeoJson) {
  auto b = parse_boundary(kSquareWithHole);
  ASSERT_TRUE(b.ok());
  auto again = parse_boundary(to_geojson(*b));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->polygons.size(), 1u);
  EXPECT_EQ(again->polygons[0].rings.size(), 2u);
  EXPECT_FALSE(contains(*again, Point{5, 5}));
  EXPECT_TRUE(contains(*again, Point{1, 1}));
}

TEST(Geo, DistancesAreGreatCircleMetres) {
  // One degree of latitude is about 111.2 km anywhere.
  EXPECT_NEAR(distance_m(Point{51, 0}, Point{52, 0}), 111195, 50);
  // Hendon to Chipping Barnet: about 7.4 km.
  EXPECT_NEAR(distance_m(Point{51.5886, -0.2306}, Point{51.6526, -0.2003}), 7400, 400);
  EXPECT_DOUBLE_EQ(distance_m(Point{51.6, -0.2}, Point{51.6, -0.2}), 0);
}

TEST(Geo, TheBoxAroundACircleHoldsTheCircle) {
  const Point c{51.6, -0.2};
  const Box b = box_around(c, 500);
  // Points 500 m north, south, east and west lie in the box.
  for (double bearing_deg = 0; bearing_deg < 360; bearing_deg += 15) {
    const double rad = bearing_deg * 3.14159265358979 / 180;
    const double dlat = 499.0 / 111195 * std::cos(rad);
    const double dlng = 499.0 / (111195 * std::cos(51.6 * 3.14159265358979 / 180)) * std::sin(rad);
    const Point p{c.lat + dlat, c.lng + dlng};
    EXPECT_LE(distance_m(c, p), 500);
    EXPECT_GE(p.lat, b.min_lat);
    EXPECT_LE(p.lat, b.max_lat);
    EXPECT_GE(p.lng, b.min_lng);
    EXPECT_LE(p.lng, b.max_lng);
  }
  // And the box is not absurdly large: about 1 km across.
  EXPECT_LT(distance_m(Point{b.min_lat, c.lng}, Point{b.max_lat, c.lng}), 1100);
}

TEST(Geo, ValidPointsAreInRange) {
  EXPECT_TRUE(valid(Point{51.6, -0.2}));
  EXPECT_FALSE(valid(Point{91, 0}));
  EXPECT_FALSE(valid(Point{0, -181}));
  EXPECT_FALSE(valid(Point{std::nan(""), 0}));
}

}  // namespace
}  // namespace civicdesk::geo
