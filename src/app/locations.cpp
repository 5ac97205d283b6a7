#include "app/locations.h"

#include <algorithm>
#include <cmath>

#include "app/audit.h"

namespace civicdesk {

Result<std::vector<NearbyCase>> LocationService::nearby(const RequestContext& ctx, const NearbyQuery& q) {
  if (!q.public_reports && !can(ctx.principal, Permission::kViewCases)) return denied(ctx, "see cases");
  const geo::Point centre{q.lat, q.lng};
  if (!geo::valid(centre)) return invalid_field("lat", "lat and long must be WGS84 degrees");
  if (!(q.radius_m > 0) || q.radius_m > kMaxRadiusM)
    return invalid_field("radius", "radius must be more than 0 and at most 5000 metres");
  const size_t want = static_cast<size_t>(std::clamp(q.limit, 1, 200));
  std::vector<NearbyCase> out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    CaseFilter f;
    std::vector<Category> restricted;
    for (const auto& [code, c] : cat->categories)
      if (c.restricted) restricted.push_back(c);
    f.scope = case_scope(q.public_reports ? Principal::system() : ctx.principal, restricted);
    if (q.public_reports) {
      f.type = CaseType::kServiceRequest;
      for (const auto& c : restricted) f.scope.hidden_categories.push_back(c.code);
    }
    f.category = q.category;
    f.open_only = true;

    // Rank the points in the box from the spatial index alone, then read
    // the cases nearest first, a batch at a time, until `want` of them pass
    // the filters and no unread point could be nearer than the last kept.
    // The box and the ranking allow for the index's rounding (kPointSlackM).
    const double reach = q.radius_m + kPointSlackM;
    ASSIGN_OR_RETURN(auto points, tx.open_case_points(ctx.tenant, geo::box_around(centre, reach)));
    std::vector<std::pair<double, Id>> ranked;
    for (const CasePoint& p : points) {
      const double d = geo::distance_m(centre, p.point);
      if (d <= reach) ranked.emplace_back(d, p.id);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    std::vector<std::pair<double, Case>> found;
    for (size_t next = 0; next < ranked.size();) {
      if (found.size() >= want && ranked[next].first > found[want - 1].first + kPointSlackM) break;
      f.ids.clear();
      for (; next < ranked.size() && f.ids.size() < want; ++next) f.ids.push_back(ranked[next].second);
      f.limit = static_cast<int>(f.ids.size());
      ASSIGN_OR_RETURN(auto cases, tx.list_cases(ctx.tenant, f));
      for (Case& c : cases) {
        if (!c.location.lat || !c.location.lng) continue;
        // Public reports are those residents made for a public site: a
        // report taken by phone or letter is often about someone's home.
        if (q.public_reports && c.channel != Channel::kOpen311 && c.channel != Channel::kApp &&
            c.channel != Channel::kWebform)
          continue;
        const double d = geo::distance_m(centre, geo::Point{*c.location.lat, *c.location.lng});
        if (d <= q.radius_m) found.emplace_back(d, std::move(c));
      }
      std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second.id > b.second.id;
      });
    }
    if (found.size() > want) found.resize(want);
    // Only those returned get a view (the SLA status).
    for (const auto& [d, c] : found) out.push_back(NearbyCase{CaseService::view(*cat, c, ctx.now), d});
    return {};
  }));
  return out;
}

Status LocationService::follow(const RequestContext& ctx, const std::string& reference) {
  const Principal& p = ctx.principal;
  if (p.kind != Principal::Kind::kUser || p.role != Role::kResident || !p.customer_id)
    return denied(ctx, "follow reports (residents follow; staff add watchers to the case)");
  return store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    auto c = tx.get_case_by_reference(ctx.tenant, reference);
    if (!c && c.error().code != ErrorCode::kNotFound) return std::move(c).error();
    const auto category = c ? cat->categories.find(c->category) : cat->categories.end();
    if (!c || c->type != CaseType::kServiceRequest || c->status == CaseStatus::kClosed ||
        category == cat->categories.end() || category->second.restricted)
      return not_found("There is no open report " + reference.substr(0, 32) + " to follow");
    Watcher w;
    w.kind = WatcherKind::kCustomer;
    w.ref_id = p.customer_id;
    w.added_at = ctx.now;
    // Checked first: a failed insert spoils the transaction on PostgreSQL.
    ASSIGN_OR_RETURN(auto watchers, tx.list_watchers(ctx.tenant, c->id));
    for (const auto& existing : watchers)
      if (existing == w) return {};  // already following
    RETURN_IF_ERROR(tx.add_watcher(ctx.tenant, c->id, w));
    RETURN_IF_ERROR(tx.append_event(ctx.tenant, case_event(ctx, c->id, event_kind::kWatcherAdded, Visibility::kInternal,
                                                      {{"watcher", "customer:" + std::to_string(*p.customer_id)},
                                                       {"via", "follow"}})));
    return audit(tx, ctx, "case.follow", "case", c->reference);
  });
}

Status LocationService::set_boundary(const RequestContext& ctx, const std::string& geojson) {
  if (!can(ctx.principal, Permission::kManageCatalogue)) return denied(ctx, "change the council's boundary");
  std::string stored;
  if (!geojson.empty()) {
    ASSIGN_OR_RETURN(geo::Boundary b, geo::parse_boundary(geojson));
    if (b.empty()) return invalid_field("boundary", "The boundary has no polygons");
    stored = geo::to_geojson(b);
  }
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.put_tenant_boundary(ctx.tenant, stored));
    return audit(tx, ctx, "catalogue.boundary", "tenant", std::to_string(ctx.tenant));
  }));
  cache_.invalidate(ctx.tenant);
  return {};
}

Result<std::string> LocationService::boundary(const RequestContext& ctx) {
  if (!can(ctx.principal, Permission::kReadCatalogue)) return denied(ctx, "read the catalogue");
  return store_.read_value<std::string>([&](ReadTx& tx) { return tx.get_tenant_boundary(ctx.tenant); });
}

}  // namespace civicdesk
