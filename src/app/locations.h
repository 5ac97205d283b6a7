// Where things are: the council's boundary (reports outside it are refused
// by CaseService and Open311) and nearby search over open located cases,
// which also serves the "is it one of these?" duplicate suggestions on intake.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/cases.h"
#include "domain/geo.h"

namespace civicdesk {

struct NearbyQuery {
  double lat = 0, lng = 0;
  double radius_m = 200;
  std::string category;  // "" for any
  int limit = 50;
  // Public reports for anyone (the "is it one of these?" suggestions on
  // intake): service requests in unrestricted categories that residents
  // made for a public site (Open311, app, web form), whoever asks.
  bool public_reports = false;
};

struct NearbyCase {
  CaseView view;
  double distance_m = 0;
};

class LocationService {
 public:
  static constexpr double kMaxRadiusM = 5000;
  // How far a point from the spatial index may be from the case's own
  // (SQLite's R*Tree keeps 32-bit floats: under half a metre here).
  static constexpr double kPointSlackM = 1;

  LocationService(Store& store, CatalogueCache& cache) : store_(store), cache_(cache) {}

  // Open cases with a point within the radius that the principal may see
  // (as case search: restricted categories hidden), nearest first.
  Result<std::vector<NearbyCase>> nearby(const RequestContext& ctx, const NearbyQuery& q);

  // A resident follows an open public report (a service request in an
  // unrestricted category) instead of reporting it again: they are copied
  // in as a customer watcher and hear what the council tells its reporter.
  // Following twice is following once. Residents only (403 for others);
  // not_found for a case that is not an open public report.
  Status follow(const RequestContext& ctx, const std::string& reference);

  // Administrators (and the command line, the demo) set the council's
  // boundary: a GeoJSON Polygon or MultiPolygon; "" removes it.
  Status set_boundary(const RequestContext& ctx, const std::string& geojson);
  // The boundary as GeoJSON ("" when none is set).
  Result<std::string> boundary(const RequestContext& ctx);

 private:
  Store& store_;
  CatalogueCache& cache_;
};

}  // namespace civicdesk
