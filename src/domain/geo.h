// Places on the map: WGS84 points, a council's boundary (GeoJSON Polygon or
// MultiPolygon), point-in-polygon, distances and the box around a circle
// (nearby search asks the spatial index for the box, then keeps the points
// within the radius). Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace civicdesk::geo {

struct Point {
  double lat = 0, lng = 0;  // degrees, WGS84
};

// A polygon: its outer ring, then any holes. Rings are closed or not
// (the last point may repeat the first).
struct Polygon {
  std::vector<std::vector<Point>> rings;
};

struct Boundary {
  std::vector<Polygon> polygons;
  bool empty() const { return polygons.empty(); }
};

// A GeoJSON Polygon or MultiPolygon (bare, as a Feature, or the first
// feature of a FeatureCollection); coordinates are [longitude, latitude].
// invalid_field ("boundary") for anything else: fewer than 4 positions in a
// ring, coordinates out of range, more than 100,000 positions.
Result<Boundary> parse_boundary(std::string_view geojson);
// Back to GeoJSON (a MultiPolygon).
std::string to_geojson(const Boundary& b);

// Inside the outer ring of some polygon and outside its holes (points
// exactly on an edge may fall either way).
bool contains(const Boundary& b, Point p);

// Great-circle distance in metres (haversine, mean Earth radius).
double distance_m(Point a, Point b);

struct Box {
  double min_lat = 0, max_lat = 0, min_lng = 0, max_lng = 0;
};
// A box that contains every point within `radius_m` of `centre`.
Box box_around(Point centre, double radius_m);

// Both in range: -90..90 and -180..180.
bool valid(Point p);

}  // namespace civicdesk::geo
