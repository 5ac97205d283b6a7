// Store contract: cases (round trips, references, versions, numbering) and
// case listings (every filter, both sorts, cursors, each_case).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <latch>
#include <set>
#include <thread>

#include "store/contract.h"

namespace civicdesk::contract {
namespace {

class CaseTest : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    t_ = new_tenant("barnet");
  }
  TenantId t_ = 0;
};

TEST_P(CaseTest, InsertThenGetRoundTripsEveryField) {
  Case full = full_case("TST-0000001");
  full.id = insert_case(t_, full);
  EXPECT_GT(full.id, 0);
  EXPECT_EQ(render(get_case(t_, full.id)), render(full));
  EXPECT_EQ(render(ok(store().read_value<Case>(
                [&](ReadTx& tx) { return tx.get_case_by_reference(t_, "TST-0000001"); }))),
            render(full));

  Case bare = minimal_case("TST-0000002");
  bare.id = insert_case(t_, bare);
  Case got = get_case(t_, bare.id);
  EXPECT_EQ(render(got), render(bare));
  EXPECT_FALSE(got.location.lat || got.location.lng || got.location.uprn || got.location.usrn);
  EXPECT_FALSE(got.assignee_id || got.customer_id || got.member_id || got.parent_id);
  EXPECT_FALSE(got.clock.respond_by || got.clock.resolve_by || got.clock.paused_on || got.clock.responded_on);
  EXPECT_FALSE(got.closed_at || got.outcome);
  EXPECT_TRUE(got.answers.empty());

  // Listings return the same rows.
  EXPECT_EQ(render(list_cases(t_, {})), render(std::vector<Case>{bare, full}));
}

TEST_P(CaseTest, InsertWithEventWritesBothOrNeither) {
  Case full = full_case("TST-0000001");
  CaseEvent received;
  received.case_id = 999999;  // ignored: the new case's id is used
  received.at = full.received_at;
  received.actor = "officer:7";
  received.kind = "received";
  received.visibility = Visibility::kPublic;
  received.details = {{"channel", "telephone"}};
  full.id = ok(store().write_value<Id>([&](Tx& tx) { return tx.insert_case_with_event(t_, full, received); }));
  EXPECT_EQ(render(get_case(t_, full.id)), render(full));
  auto events = ok(store().read_value<std::vector<CaseEvent>>(
      [&](ReadTx& tx) { return tx.list_events(t_, full.id, std::nullopt); }));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].case_id, full.id);
  EXPECT_EQ(events[0].actor, "officer:7");
  EXPECT_EQ(events[0].details, received.details);
  // A clashing reference writes neither the case nor an event.
  Case again = minimal_case("TST-0000001");
  EXPECT_EQ(code(store().write_value<Id>([&](Tx& tx) { return tx.insert_case_with_event(t_, again, received); })),
            "duplicate_reference");
  EXPECT_EQ(list_cases(t_, {}).size(), 1u);
}

TEST_P(CaseTest, CoordinatesRoundTripExactly) {
  const double lats[] = {51.50741234567891, -0.0, 1e-300, 89.999999999999986, -33.868820000000001};
  const double lngs[] = {-0.12775830000000001, 0.30000000000000004, -179.99999999999997,
                         2.2250738585072014e-308, 151.20929};
  for (size_t i = 0; i < std::size(lats); ++i) {
    Case c = minimal_case("TST-LL" + std::to_string(i));
    c.location.lat = lats[i];
    c.location.lng = lngs[i];
    const Id id = insert_case(t_, c);
    Case got = get_case(t_, id);
    ASSERT_TRUE(got.location.lat && got.location.lng);
    EXPECT_EQ(*got.location.lat, lats[i]) << i;
    EXPECT_EQ(*got.location.lng, lngs[i]) << i;
  }
}

TEST_P(CaseTest, MissingCasesAreNotFound) {
  const Id id = insert_case(t_, minimal_case("TST-0000001"));
  EXPECT_EQ(code(store().read_value<Case>([&](ReadTx& tx) { return tx.get_case(t_, id + 1000); })),
            "not_found");
  EXPECT_EQ(
      code(store().read_value<Case>([&](ReadTx& tx) { return tx.get_case_by_reference(t_, "TST-0000002"); })),
      "not_found");
  EXPECT_EQ(
      code(store().read_value<Case>([&](ReadTx& tx) { return tx.get_case_by_reference(t_, "tst-0000001"); })),
      "not_found")
      << "references match exactly";
  Case ghost = minimal_case("TST-0000009");
  ghost.id = id + 1000;
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.update_case(t_, ghost, 1); })), "not_found");
}

TEST_P(CaseTest, DuplicateReferenceIsRefusedAndLeavesNothing) {
  Case first = full_case("TST-0000001");
  first.id = insert_case(t_, first);
  Case again = minimal_case("TST-0000001");
  again.title = "Second one";
  EXPECT_EQ(code(store().write_value<Id>([&](Tx& tx) { return tx.insert_case(t_, again); })),
            "duplicate_reference");
  // In a transaction that did other work first: all of it is rolled back.
  Status s = store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.insert_case(t_, minimal_case("TST-0000002")));
    RETURN_IF_ERROR(tx.insert_case(t_, again));
    return {};
  });
  EXPECT_EQ(code(s), "duplicate_reference");
  EXPECT_EQ(render(list_cases(t_, {})), render(std::vector<Case>{first}));
  EXPECT_EQ(
      code(store().read_value<Case>([&](ReadTx& tx) { return tx.get_case_by_reference(t_, "TST-0000002"); })),
      "not_found");
}

TEST_P(CaseTest, UpdateWithTheCurrentVersionWritesEveryField) {
  Case c = minimal_case("TST-0000001");
  c.id = insert_case(t_, c);
  Case next = full_case("TST-0000001");
  next.id = c.id;
  next.version = 99;  // ignored: the store writes expected_version + 1
  ok(store().write([&](Tx& tx) { return tx.update_case(t_, next, 1); }));
  Case want = next;
  want.version = 2;
  want.created_at = c.created_at;  // fixed when the case was inserted
  EXPECT_EQ(render(get_case(t_, c.id)), render(want));
  // The reference never changes either.
  Case renamed = want;
  renamed.reference = "TST-9999999";
  ok(store().write([&](Tx& tx) { return tx.update_case(t_, renamed, 2); }));
  want.version = 3;
  EXPECT_EQ(render(get_case(t_, c.id)), render(want));
  EXPECT_EQ(
      code(store().read_value<Case>([&](ReadTx& tx) { return tx.get_case_by_reference(t_, "TST-9999999"); })),
      "not_found");
  // Nor does search find the case under the reference it was not given.
  CaseFilter by_new;
  by_new.text = "TST-9999999";
  EXPECT_TRUE(list_cases(t_, by_new).empty());
  CaseFilter by_old;
  by_old.text = "TST-0000001";
  EXPECT_EQ(list_cases(t_, by_old).size(), 1u);

  // And back to empty optionals, from version 3.
  Case back = minimal_case("TST-0000001");
  back.id = c.id;
  back.title = "Reopened";
  ok(store().write([&](Tx& tx) { return tx.update_case(t_, back, 3); }));
  want = back;
  want.version = 4;
  EXPECT_EQ(render(get_case(t_, c.id)), render(want));
}

TEST_P(CaseTest, UpdateWithAStaleVersionChangesNothing) {
  Case c = full_case("TST-0000001");
  c.id = insert_case(t_, c);  // stored as version 7
  const std::string before = render(get_case(t_, c.id));
  Case next = c;
  next.title = "Hijacked pothole";
  next.status = CaseStatus::kNew;
  for (int64_t stale : {1, 6, 8}) {
    EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.update_case(t_, next, stale); })), "stale_version")
        << "expected_version " << stale;
  }
  EXPECT_EQ(render(get_case(t_, c.id)), before);
  CaseFilter f;
  f.text = "hijacked";
  EXPECT_TRUE(list_cases(t_, f).empty()) << "the search index must not see a refused update";
  ok(store().write([&](Tx& tx) { return tx.update_case(t_, next, 7); }));
  EXPECT_EQ(get_case(t_, c.id).version, 8);
  EXPECT_EQ(list_cases(t_, f).size(), 1u);
}

TEST_P(CaseTest, ConcurrentUpdatesOfOneVersionHaveOneWinner) {
  Case c = minimal_case("TST-0000001");
  c.id = insert_case(t_, c);
  constexpr int kThreads = 8;
  std::vector<Status> results(kThreads);
  std::vector<std::thread> threads;
  std::latch start(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      Case mine = c;
      mine.title = "winner " + std::to_string(i);
      start.arrive_and_wait();
      results[i] = store().write([&](Tx& tx) { return tx.update_case(t_, mine, 1); });
    });
  }
  for (auto& th : threads) th.join();
  int winners = 0;
  std::string winner;
  for (int i = 0; i < kThreads; ++i) {
    if (results[i].ok()) {
      ++winners;
      winner = "winner " + std::to_string(i);
    } else {
      EXPECT_EQ(code(results[i]), "stale_version") << i;
    }
  }
  EXPECT_EQ(winners, 1);
  Case got = get_case(t_, c.id);
  EXPECT_EQ(got.version, 2);
  EXPECT_EQ(got.title, winner);
}

TEST_P(CaseTest, SameReferenceInAnotherTenantIsAllowed) {
  const TenantId other = new_tenant("camden", "CAM");
  const Id a = insert_case(t_, minimal_case("X-0000001"));
  const Id b = insert_case(other, full_case("X-0000001"));
  EXPECT_NE(a, b);
  EXPECT_EQ(
      ok(store().read_value<Case>([&](ReadTx& tx) { return tx.get_case_by_reference(t_, "X-0000001"); })).id,
      a);
  EXPECT_EQ(ok(store().read_value<Case>([&](ReadTx& tx) {
              return tx.get_case_by_reference(other, "X-0000001");
            })).id,
            b);
}

// ---- case numbers ------------------------------------------------------------

TEST_P(CaseTest, CaseNumbersStrictlyIncreasePerTenant) {
  const TenantId other = new_tenant("camden", "CAM");
  std::vector<int64_t> mine, theirs;
  for (int i = 0; i < 5; ++i) {
    mine.push_back(ok(store().write_value<int64_t>([&](Tx& tx) { return tx.next_case_number(t_); })));
    theirs.push_back(ok(store().write_value<int64_t>([&](Tx& tx) { return tx.next_case_number(other); })));
  }
  // Several in one transaction.
  ok(store().write([&](Tx& tx) -> Status {
    for (int i = 0; i < 3; ++i) {
      ASSIGN_OR_RETURN(int64_t n, tx.next_case_number(t_));
      mine.push_back(n);
    }
    return {};
  }));
  for (auto* v : {&mine, &theirs}) {
    EXPECT_GE(v->front(), 1);
    for (size_t i = 1; i < v->size(); ++i) EXPECT_GT((*v)[i], (*v)[i - 1]) << i;
  }
  // A rolled-back write may or may not use a number up, but the next number
  // is still later than every number a committed write received.
  Status failed = store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.next_case_number(t_));
    return Error(ErrorCode::kFailedPrecondition, "no");
  });
  EXPECT_EQ(code(failed), "failed_precondition");
  EXPECT_GT(ok(store().write_value<int64_t>([&](Tx& tx) { return tx.next_case_number(t_); })), mine.back());
}

TEST_P(CaseTest, CaseNumbersAreNeverRepeatedUnderConcurrentWriters) {
  constexpr int kThreads = 8, kPerThread = 25;
  std::vector<std::vector<int64_t>> got(kThreads);
  std::vector<std::thread> threads;
  std::latch start(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      for (int j = 0; j < kPerThread; ++j) {
        auto n = store().write_value<int64_t>([&](Tx& tx) { return tx.next_case_number(t_); });
        if (!n) {
          ADD_FAILURE() << n.error().message;
          continue;
        }
        got[i].push_back(*n);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<int64_t> all;
  for (const auto& v : got) {
    for (size_t j = 1; j < v.size(); ++j) EXPECT_GT(v[j], v[j - 1]) << "one thread's numbers must increase";
    for (int64_t n : v) EXPECT_TRUE(all.insert(n).second) << "number " << n << " handed out twice";
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_GT(ok(store().write_value<int64_t>([&](Tx& tx) { return tx.next_case_number(t_); })), *all.rbegin());
}

// An import moves the numbers past the cases it brought (advance_case_numbers).
// A PostgreSQL store takes numbers a few at a time; none it still holds may
// be handed out after that, whichever server ran the import.
TEST_P(CaseTest, NumbersAfterAnImportAreBeyondIt) {
  const int64_t first = ok(store().write_value<int64_t>([&](Tx& tx) { return tx.next_case_number(t_); }));
  ok(store().write([&](Tx& tx) { return tx.advance_case_numbers(t_, first + 5); }));
  const int64_t after_own = ok(store().write_value<int64_t>([&](Tx& tx) { return tx.next_case_number(t_); }));
  EXPECT_GT(after_own, first + 5);

  // Another server imports a case numbered just past this one's last
  // number, and moves the numbers well beyond it.
  auto other = db().reopen();
  ok(other->write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.insert_case(t_, minimal_case("TST-" + std::to_string(after_own + 1))));
    return tx.advance_case_numbers(t_, after_own + 20);
  }));
  // This server may still try the imported number once (it cannot know),
  // but its reference is refused and the numbers after it are fresh.
  Result<int64_t> tried = store().write_value<int64_t>([&](Tx& tx) -> Result<int64_t> {
    ASSIGN_OR_RETURN(int64_t n, tx.next_case_number(t_));
    RETURN_IF_ERROR(tx.insert_case(t_, minimal_case("TST-" + std::to_string(n))));
    return n;
  });
  if (tried) EXPECT_GT(*tried, after_own + 20);
  else EXPECT_EQ(code(tried), "duplicate_reference");
  EXPECT_GT(ok(store().write_value<int64_t>([&](Tx& tx) { return tx.next_case_number(t_); })), after_own + 20);
}

// ---- listings ----------------------------------------------------------------

// Thirty cases spread over every filterable field, inserted once per test.
class CaseListTest : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    t_ = new_tenant("barnet");
    const CaseStatus statuses[] = {CaseStatus::kNew, CaseStatus::kInProgress, CaseStatus::kAwaitingCustomer,
                                   CaseStatus::kClosed};
    const char* categories[] = {"missed-bin", "pothole", "general"};
    const char* titles[] = {"Overflowing bin", "Pothole on the road", "Question about parking permits"};
    ok(store().write([&](Tx& tx) -> Status {
      for (int i = 0; i < kCases; ++i) {
        char ref[32];
        std::snprintf(ref, sizeof ref, "TST-%07d", i + 1);
        Case c = minimal_case(ref);
        c.status = statuses[i % 4];
        c.type = i % 5 == 0   ? CaseType::kComplaint
                 : i % 5 == 1 ? CaseType::kMemberEnquiry
                              : CaseType::kServiceRequest;
        c.delivery_unit = i % 2 ? "highways" : "street-scene";
        c.team = i % 3 == 0 ? "" : i % 3 == 1 ? "waste" : "roads";
        c.category = categories[i % 3];
        c.location.ward = i % 4 == 0 ? "" : i % 4 < 3 ? "west-hendon" : "burnt-oak";
        c.location.address = std::to_string(i + 1) + (i % 2 ? " High Street" : " Station Road");
        c.location.postcode = i % 2 ? "NW4 4BT" : "N3 1AB";
        if (i % 5 != 2) c.assignee_id = 11 + i % 2;
        if (i % 4 == 1) c.priority = Priority::kHigh;
        if (i % 6 < 2) c.customer_id = 501 + i % 6;
        if (i % 7 == 3) c.member_id = 601;
        if (i >= 2 && i % 8 == 0) c.parent_id = cases_[0].id;
        if (i >= 2 && i % 8 == 4) c.parent_id = cases_[1].id;
        // Receipt out of id order, due dates repeating, some with none.
        c.received_at = at("2016-03-01T09:00:00Z") + std::chrono::hours(24 * ((i * 7) % 30) + i);
        if (i % 5 != 4) c.clock.resolve_by = day("2016-03-01") + std::chrono::days((i * 11) % 17);
        c.title = std::string(titles[i % 3]) + " number" + std::to_string(i);
        c.description = i % 2 ? "Reported by a passer-by" : "Reported by the resident";
        ASSIGN_OR_RETURN(c.id, tx.insert_case(t_, c));
        cases_.push_back(c);
      }
      return {};
    }));
  }

  // References of `cases` in order.
  static std::vector<std::string> refs(const std::vector<Case>& cases) {
    std::vector<std::string> out;
    for (const auto& c : cases) out.push_back(c.reference);
    return out;
  }
  // The expected answer: the cases matching `pred`, in `sort` order.
  std::vector<std::string> expect(const std::function<bool(const Case&)>& pred,
                                  CaseSort sort = CaseSort::kNewest) const {
    std::vector<Case> out;
    for (const auto& c : cases_)
      if (pred(c)) out.push_back(c);
    std::sort(out.begin(), out.end(), [sort](const Case& a, const Case& b) {
      if (sort == CaseSort::kNewest) return a.id > b.id;
      const LocalDate never = LocalDate::max();
      return std::tuple(a.clock.resolve_by.value_or(never), a.id) <
             std::tuple(b.clock.resolve_by.value_or(never), b.id);
    });
    return refs(out);
  }
  // Every row matching `f`, walking pages of `limit` with cursors.
  std::vector<std::string> walk(CaseFilter f, int limit) {
    f.limit = limit;
    f.after = std::nullopt;
    std::vector<std::string> seen;
    for (int page = 0; page <= kCases + 1; ++page) {
      auto rows = list_cases(t_, f);
      EXPECT_LE(rows.size(), static_cast<size_t>(limit) + 1);
      const size_t take = std::min(rows.size(), static_cast<size_t>(limit));
      for (size_t i = 0; i < take; ++i) seen.push_back(rows[i].reference);
      if (rows.size() <= static_cast<size_t>(limit)) return seen;
      const Case& last = rows[take - 1];
      CaseCursor cur;
      cur.sort = f.sort;
      cur.last_id = last.id;
      if (f.sort == CaseSort::kDueFirst && last.clock.resolve_by)
        cur.last_due = format_date(*last.clock.resolve_by);
      f.after = cur;
    }
    ADD_FAILURE() << "paging did not end";
    return seen;
  }
  // Checks one filter: the listing, and that the filter is not trivial here.
  void check(const char* what, const std::function<void(CaseFilter&)>& set,
             const std::function<bool(const Case&)>& pred) {
    CaseFilter f;
    f.limit = 1000;
    set(f);
    const auto want = expect(pred, f.sort);
    EXPECT_FALSE(want.empty()) << what << ": the data set must contain matches";
    EXPECT_LT(want.size(), cases_.size()) << what << ": the data set must contain non-matches";
    EXPECT_EQ(refs(list_cases(t_, f)), want) << what;
  }

  static constexpr int kCases = 30;
  TenantId t_ = 0;
  std::vector<Case> cases_;
};

TEST_P(CaseListTest, EachFilterSelectsExactlyItsCases) {
  check(
      "status", [](auto& f) { f.status = CaseStatus::kAwaitingCustomer; },
      [](const Case& c) { return c.status == CaseStatus::kAwaitingCustomer; });
  check(
      "open_only", [](auto& f) { f.open_only = true; },
      [](const Case& c) { return c.status != CaseStatus::kClosed; });
  check(
      "type", [](auto& f) { f.type = CaseType::kMemberEnquiry; },
      [](const Case& c) { return c.type == CaseType::kMemberEnquiry; });
  check(
      "delivery_unit", [](auto& f) { f.delivery_unit = "highways"; },
      [](const Case& c) { return c.delivery_unit == "highways"; });
  check(
      "team", [](auto& f) { f.team = "roads"; }, [](const Case& c) { return c.team == "roads"; });
  check(
      "category", [](auto& f) { f.category = "pothole"; },
      [](const Case& c) { return c.category == "pothole"; });
  check(
      "ward", [](auto& f) { f.ward = "burnt-oak"; },
      [](const Case& c) { return c.location.ward == "burnt-oak"; });
  check(
      "assignee", [](auto& f) { f.assignee_id = 12; }, [](const Case& c) { return c.assignee_id == 12; });
  check(
      "customer", [](auto& f) { f.customer_id = 502; }, [](const Case& c) { return c.customer_id == 502; });
  check(
      "member", [](auto& f) { f.member_id = 601; }, [](const Case& c) { return c.member_id == 601; });
  const Id parent = cases_[1].id;
  check(
      "parent", [&](auto& f) { f.parent_id = parent; }, [&](const Case& c) { return c.parent_id == parent; });
  const Instant from = at("2016-03-05T00:00:00Z"), to = at("2016-03-15T09:00:00Z");
  check(
      "received range",
      [&](auto& f) {
        f.received_from = from;
        f.received_to = to;
      },
      [&](const Case& c) { return c.received_at >= from && c.received_at < to; });
  // Bounds: from is inclusive, to exclusive.
  const Instant exact = cases_[3].received_at;
  check(
      "received_from inclusive", [&](auto& f) { f.received_from = exact; },
      [&](const Case& c) { return c.received_at >= exact; });
  check(
      "received_to exclusive", [&](auto& f) { f.received_to = exact; },
      [&](const Case& c) { return c.received_at < exact; });
  const LocalDate due = day("2016-03-06");
  check(
      "due_on_or_before", [&](auto& f) { f.due_on_or_before = due; },
      [&](const Case& c) { return c.clock.resolve_by && *c.clock.resolve_by <= due; });
  check(
      "due_on_or_before, most urgent first",
      [&](auto& f) {
        f.due_on_or_before = due;
        f.sort = CaseSort::kDueFirst;
      },
      [&](const Case& c) { return c.clock.resolve_by && *c.clock.resolve_by <= due; });
  check(
      "several at once",
      [](auto& f) {
        f.open_only = true;
        f.delivery_unit = "street-scene";
        f.category = "missed-bin";
      },
      [](const Case& c) {
        return c.status != CaseStatus::kClosed && c.delivery_unit == "street-scene" &&
               c.category == "missed-bin";
      });
  check(
      "priority", [](auto& f) { f.priority = Priority::kHigh; },
      [](const Case& c) { return c.priority == Priority::kHigh; });
  check(
      "unassigned", [](auto& f) { f.unassigned = true; }, [](const Case& c) { return !c.assignee_id; });
  CaseFilter none;
  none.team = "nobody";
  EXPECT_TRUE(list_cases(t_, none).empty());
}

TEST_P(CaseListTest, TextSearchCoversReferenceTitleDescriptionAndAddress) {
  auto has = [](const std::string& s, const std::string& word) { return s.find(word) != std::string::npos; };
  check(
      "title word", [](auto& f) { f.text = "pothole"; },
      [&](const Case& c) { return has(c.title, "Pothole"); });
  check(
      "title prefix", [](auto& f) { f.text = "overflow"; },
      [&](const Case& c) { return has(c.title, "Overflowing"); });
  check(
      "two words", [](auto& f) { f.text = "parking permits"; },
      [&](const Case& c) { return has(c.title, "parking"); });
  check(
      "description", [](auto& f) { f.text = "passer-by"; },
      [&](const Case& c) { return has(c.description, "passer-by"); });
  check(
      "address", [](auto& f) { f.text = "high street"; },
      [&](const Case& c) { return has(c.location.address, "High"); });
  check(
      "postcode", [](auto& f) { f.text = "NW4 4BT"; },
      [&](const Case& c) { return c.location.postcode == "NW4 4BT"; });
  check(
      "reference", [](auto& f) { f.text = "TST-0000007"; },
      [](const Case& c) { return c.reference == "TST-0000007"; });
  check(
      "reference digits", [](auto& f) { f.text = "0000012"; },
      [](const Case& c) { return c.reference == "TST-0000012"; });
  check(
      "words across fields", [](auto& f) { f.text = "pothole station"; },
      [&](const Case& c) { return has(c.title, "Pothole") && has(c.location.address, "Station"); });
  check(
      "text and a filter",
      [](auto& f) {
        f.text = "resident";
        f.status = CaseStatus::kNew;
      },
      [&](const Case& c) { return has(c.description, "resident") && c.status == CaseStatus::kNew; });
  // Non-ASCII punctuation is not a word on either backend.
  check(
      "dash", [](auto& f) { f.text = "pothole —"; }, [&](const Case& c) { return has(c.title, "Pothole"); });
  for (const char* nothing :
       {"zebra", "potholez", "!!!", "\"", "pothole AND zebra", "NEAR(pothole road)", "—", "“”"}) {
    CaseFilter f;
    f.text = nothing;
    EXPECT_TRUE(list_cases(t_, f).empty()) << nothing;
  }
}

TEST_P(CaseListTest, PagesWalkEveryRowOnceInSortOrder) {
  for (CaseSort sort : {CaseSort::kNewest, CaseSort::kDueFirst}) {
    const auto want = expect([](const Case&) { return true; }, sort);
    ASSERT_EQ(want.size(), static_cast<size_t>(kCases));
    for (int limit : {1, 4, 7, 29, 30, 50}) {
      CaseFilter f;
      f.sort = sort;
      EXPECT_EQ(walk(f, limit), want) << "sort " << static_cast<int>(sort) << " limit " << limit;
    }
    // With a filter too.
    CaseFilter open;
    open.sort = sort;
    open.open_only = true;
    EXPECT_EQ(walk(open, 4), expect([](const Case& c) { return c.status != CaseStatus::kClosed; }, sort))
        << "sort " << static_cast<int>(sort);
    CaseFilter closed;
    closed.sort = sort;
    closed.status = CaseStatus::kClosed;
    const auto want_closed = expect([](const Case& c) { return c.status == CaseStatus::kClosed; }, sort);
    ASSERT_FALSE(want_closed.empty());
    EXPECT_EQ(walk(closed, 3), want_closed) << "sort " << static_cast<int>(sort);
    // The first page holds limit + 1 rows when there are more.
    CaseFilter first;
    first.sort = sort;
    first.limit = 10;
    auto rows = list_cases(t_, first);
    ASSERT_EQ(rows.size(), 11u);
    EXPECT_EQ(refs(rows), std::vector<std::string>(want.begin(), want.begin() + 11));
  }
}

TEST_P(CaseListTest, DueFirstPutsCasesWithoutADueDateLast) {
  CaseFilter f;
  f.sort = CaseSort::kDueFirst;
  f.limit = 1000;
  auto rows = list_cases(t_, f);
  ASSERT_EQ(rows.size(), static_cast<size_t>(kCases));
  bool seen_undated = false;
  for (const auto& c : rows) {
    if (!c.clock.resolve_by)
      seen_undated = true;
    else
      EXPECT_FALSE(seen_undated) << c.reference << " has a due date but comes after an undated case";
  }
  EXPECT_TRUE(seen_undated);
}

TEST_P(CaseListTest, EachCaseStreamsEveryMatchInOrderIgnoringLimitAndCursor) {
  for (CaseSort sort : {CaseSort::kNewest, CaseSort::kDueFirst}) {
    CaseFilter f;
    f.sort = sort;
    f.open_only = true;
    f.limit = 1;
    f.after = CaseCursor{sort, cases_[5].id, ""};
    std::vector<Case> seen;
    ok(store().read([&](ReadTx& tx) {
      return tx.each_case(t_, f, [&](const Case& c) -> Status {
        seen.push_back(c);
        return {};
      });
    }));
    EXPECT_EQ(refs(seen), expect([](const Case& c) { return c.status != CaseStatus::kClosed; }, sort));
    // Whole records, as get_case returns them.
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(render(seen.front()), render(get_case(t_, seen.front().id)));
  }
  CaseFilter words;
  words.text = "!!!";
  int calls = 0;
  ok(store().read([&](ReadTx& tx) {
    return tx.each_case(t_, words, [&](const Case&) -> Status {
      ++calls;
      return {};
    });
  }));
  EXPECT_EQ(calls, 0);
}

TEST_P(CaseListTest, EachCaseStopsAtTheFirstError) {
  int calls = 0;
  Status s = store().read([&](ReadTx& tx) {
    return tx.each_case(t_, {}, [&](const Case&) -> Status {
      if (++calls == 3) return Error(ErrorCode::kPayloadTooLarge, "enough");
      return {};
    });
  });
  EXPECT_EQ(code(s), "payload_too_large");
  EXPECT_EQ(calls, 3);
  // The store is fine afterwards.
  EXPECT_EQ(list_cases(t_, {}).size(), static_cast<size_t>(kCases));
}

TEST_P(CaseListTest, CountsByStatus) {
  std::map<CaseStatus, int64_t> want;
  for (const auto& c : cases_) ++want[c.status];
  auto got = ok(
      store().read_value<std::vector<StatusCount>>([&](ReadTx& tx) { return tx.count_cases_by_status(t_); }));
  std::map<CaseStatus, int64_t> by_status;
  for (const auto& sc : got)
    EXPECT_TRUE(by_status.emplace(sc.status, sc.count).second) << "status listed twice";
  EXPECT_EQ(by_status, want);
  // Counts follow updates.
  Case c = cases_[0];  // new
  c.status = CaseStatus::kClosed;
  ok(store().write([&](Tx& tx) { return tx.update_case(t_, c, 1); }));
  --want[CaseStatus::kNew];
  ++want[CaseStatus::kClosed];
  got = ok(
      store().read_value<std::vector<StatusCount>>([&](ReadTx& tx) { return tx.count_cases_by_status(t_); }));
  by_status.clear();
  for (const auto& sc : got) by_status[sc.status] = sc.count;
  EXPECT_EQ(by_status, want);
}

CONTRACT_INSTANTIATE(CaseTest);
CONTRACT_INSTANTIATE(CaseListTest);

}  // namespace
}  // namespace civicdesk::contract
