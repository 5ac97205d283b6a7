// Store contract: council boundaries, the spatial index behind nearby search
// (kept in step with every case write: insert, update, closure, bulk import,
// anonymisation), and the public events Open311 reads by time.
#include <algorithm>

#include "store/contract.h"

namespace civicdesk::contract {
namespace {

class LocationsTest : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    t_ = new_tenant("barnet");
  }

  Case located(const std::string& reference, double lat, double lng) {
    Case c = minimal_case(reference);
    c.location.lat = lat;
    c.location.lng = lng;
    return c;
  }

  std::vector<CasePoint> points(TenantId t, double min_lat, double max_lat, double min_lng, double max_lng) {
    return ok(store().read_value<std::vector<CasePoint>>(
        [&](ReadTx& tx) { return tx.open_case_points(t, geo::Box{min_lat, max_lat, min_lng, max_lng}); }));
  }

  // References of open cases in the box, as nearby search finds them: the
  // points from the spatial index, then those cases by id.
  std::vector<std::string> within(TenantId t, double min_lat, double max_lat, double min_lng, double max_lng,
                                  const std::string& category = "") {
    CaseFilter f;
    for (const CasePoint& p : points(t, min_lat, max_lat, min_lng, max_lng)) f.ids.push_back(p.id);
    std::vector<std::string> out;
    if (f.ids.empty()) return out;
    f.category = category;
    f.open_only = true;
    f.limit = 1000;
    for (const Case& c : list_cases(t, f)) out.push_back(c.reference);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::string> near_centre(TenantId t) { return within(t, 51.599, 51.601, -0.201, -0.199); }

  TenantId t_ = 0;
};

TEST_P(LocationsTest, BoundaryIsStoredPerCouncilAndBumpsTheCatalogue) {
  EXPECT_EQ(ok(store().read_value<std::string>([&](ReadTx& tx) { return tx.get_tenant_boundary(t_); })), "");
  const int64_t before = catalogue_version(t_);
  const std::string geo = R"({"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]})";
  ok(store().write([&](Tx& tx) { return tx.put_tenant_boundary(t_, geo); }));
  EXPECT_GT(catalogue_version(t_), before);
  EXPECT_EQ(ok(store().read_value<std::string>([&](ReadTx& tx) { return tx.get_tenant_boundary(t_); })), geo);
  const TenantId other = new_tenant("elsewhere", "ELS");
  EXPECT_EQ(ok(store().read_value<std::string>([&](ReadTx& tx) { return tx.get_tenant_boundary(other); })), "");
  ok(store().write([&](Tx& tx) { return tx.put_tenant_boundary(t_, geo + " "); }));  // replaced
  EXPECT_EQ(ok(store().read_value<std::string>([&](ReadTx& tx) { return tx.get_tenant_boundary(t_); })), geo + " ");
  ok(store().write([&](Tx& tx) { return tx.put_tenant_boundary(t_, ""); }));  // removed
  EXPECT_EQ(ok(store().read_value<std::string>([&](ReadTx& tx) { return tx.get_tenant_boundary(t_); })), "");
}

TEST_P(LocationsTest, TheSpatialIndexFollowsEveryCaseWrite) {
  Case a = located("TST-0000001", 51.6000, -0.2000);
  a.id = insert_case(t_, a);
  Case b = located("TST-0000002", 51.6005, -0.2005);
  b.category = "pothole";
  b.id = insert_case(t_, b);
  insert_case(t_, located("TST-0000003", 51.7000, -0.2000));  // far away
  insert_case(t_, minimal_case("TST-0000004"));                // no point
  Case closed = located("TST-0000005", 51.6001, -0.2001);
  closed.status = CaseStatus::kClosed;
  closed.closed_at = closed.received_at;
  closed.outcome = CaseOutcome::kResolved;
  insert_case(t_, closed);
  EXPECT_EQ(near_centre(t_), (std::vector<std::string>{"TST-0000001", "TST-0000002"}));
  EXPECT_EQ(within(t_, 51.599, 51.601, -0.201, -0.199, "pothole"), std::vector<std::string>{"TST-0000002"});
  // Another council's cases at the same place are not found.
  const TenantId other = new_tenant("elsewhere", "ELS");
  insert_case(other, located("ELS-0000001", 51.6000, -0.2000));
  EXPECT_EQ(near_centre(t_).size(), 2u);
  EXPECT_EQ(near_centre(other), std::vector<std::string>{"ELS-0000001"});

  // Moved away, then closed, then re-opened.
  Case moved = get_case(t_, a.id);
  moved.location.lat = 51.7;
  ok(store().write([&](Tx& tx) { return tx.update_case(t_, moved, moved.version); }));
  EXPECT_EQ(near_centre(t_), std::vector<std::string>{"TST-0000002"});
  Case shut = get_case(t_, b.id);
  shut.status = CaseStatus::kClosed;
  shut.closed_at = shut.received_at;
  shut.outcome = CaseOutcome::kResolved;
  ok(store().write([&](Tx& tx) { return tx.update_case(t_, shut, shut.version); }));
  EXPECT_TRUE(near_centre(t_).empty());
  Case reopened = get_case(t_, b.id);
  reopened.status = CaseStatus::kInProgress;
  reopened.closed_at.reset();
  reopened.outcome.reset();
  ok(store().write([&](Tx& tx) { return tx.update_case(t_, reopened, reopened.version); }));
  EXPECT_EQ(near_centre(t_), std::vector<std::string>{"TST-0000002"});

  // A rolled-back write leaves the index as it was.
  Status failed = store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.insert_case(t_, located("TST-0000009", 51.6, -0.2)));  // then fails
    return Error(ErrorCode::kInvalidField, "changed my mind");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(near_centre(t_), std::vector<std::string>{"TST-0000002"});

  // Bulk imports are indexed too; anonymisation takes the point away.
  int n = 0;
  ok(store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.insert_cases_bulk(t_,
                           [&](Case& c, CaseEvent& e) {
                             if (n == 2) return false;
                             c = located("TST-000010" + std::to_string(n), 51.6 + n * 0.0001, -0.2);
                             e.at = c.received_at;
                             e.actor = "system";
                             e.kind = "imported";
                             ++n;
                             return true;
                           }));
    return {};
  }));
  EXPECT_EQ(near_centre(t_), (std::vector<std::string>{"TST-0000002", "TST-0000100", "TST-0000101"}));
  ok(store().write([&](Tx& tx) { return tx.anonymise_case(t_, b.id, b.received_at); }));
  EXPECT_EQ(near_centre(t_), (std::vector<std::string>{"TST-0000100", "TST-0000101"}));
}

TEST_P(LocationsTest, PointsComeFromTheIndexCloseToTheCasesOwn) {
  Case a = located("TST-0000001", 51.600012345, -0.200098765);
  a.id = insert_case(t_, a);
  const TenantId other = new_tenant("elsewhere", "ELS");
  insert_case(other, located("ELS-0000001", 51.6, -0.2));
  auto got = points(t_, 51.599, 51.601, -0.201, -0.199);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, a.id);
  EXPECT_LT(geo::distance_m(got[0].point, geo::Point{51.600012345, -0.200098765}), 0.5);
  EXPECT_TRUE(points(t_, 51.61, 51.62, -0.201, -0.199).empty());
  EXPECT_EQ(points(other, 51.599, 51.601, -0.201, -0.199).size(), 1u);
}

TEST_P(LocationsTest, CasesAreListedByIdWithTheOtherConditions) {
  Case a = minimal_case("TST-0000001");
  a.id = insert_case(t_, a);
  Case b = minimal_case("TST-0000002");
  b.category = "pothole";
  b.id = insert_case(t_, b);
  const Id c = insert_case(t_, minimal_case("TST-0000003"));
  const TenantId other = new_tenant("elsewhere", "ELS");
  const Id theirs = insert_case(other, minimal_case("ELS-0000001"));
  CaseFilter f;
  f.ids = {a.id, b.id, theirs};
  auto refs = [&] {
    std::vector<std::string> out;
    for (const Case& x : list_cases(t_, f)) out.push_back(x.reference);
    return out;
  };
  EXPECT_EQ(refs(), (std::vector<std::string>{"TST-0000002", "TST-0000001"}));  // never another council's, nor c
  f.category = "pothole";
  EXPECT_EQ(refs(), std::vector<std::string>{"TST-0000002"});
  f.category.clear();
  f.ids = {c};
  EXPECT_EQ(refs(), std::vector<std::string>{"TST-0000003"});
}

TEST_P(LocationsTest, PublicEventsAreReadByTimeWithTheirCase) {
  Case c = minimal_case("TST-0000001");
  c.id = insert_case(t_, c);
  auto event = [&](int minute, Visibility v, const std::string& kind) {
    CaseEvent e;
    e.case_id = c.id;
    e.at = c.received_at + std::chrono::minutes(minute);
    e.actor = "officer:1";
    e.kind = kind;
    e.visibility = v;
    e.details = {{"text", "at " + std::to_string(minute)}};
    ok(store().write([&](Tx& tx) -> Status {
      RETURN_IF_ERROR(tx.append_event(t_, e));
      return {};
    }));
  };
  event(10, Visibility::kPublic, "note");
  event(20, Visibility::kInternal, "note");
  event(30, Visibility::kPublic, "status_changed");
  event(90, Visibility::kPublic, "note");
  auto got = ok(store().read_value<std::vector<PublicEvent>>([&](ReadTx& tx) {
    return tx.list_public_events(t_, c.received_at + std::chrono::minutes(5), c.received_at + std::chrono::minutes(60),
                                 100);
  }));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].event.details.at("text"), "at 10");
  EXPECT_EQ(got[1].event.kind, "status_changed");
  EXPECT_EQ(got[0].reference, "TST-0000001");
  EXPECT_EQ(got[0].category, c.category);
  EXPECT_EQ(got[0].type, c.type);
  EXPECT_EQ(got[0].status, c.status);
  auto one = ok(store().read_value<std::vector<PublicEvent>>([&](ReadTx& tx) {
    return tx.list_public_events(t_, c.received_at, c.received_at + std::chrono::hours(2), 1);
  }));
  EXPECT_EQ(one.size(), 1u);
  const TenantId other = new_tenant("elsewhere", "ELS");
  EXPECT_TRUE(ok(store().read_value<std::vector<PublicEvent>>([&](ReadTx& tx) {
                return tx.list_public_events(other, c.received_at, c.received_at + std::chrono::hours(2), 100);
              })).empty());
}

CONTRACT_INSTANTIATE(LocationsTest);

}  // namespace
}  // namespace civicdesk::contract
