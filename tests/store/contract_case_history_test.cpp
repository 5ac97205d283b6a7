// Store contract: a case's timeline, links and watchers.
#include <algorithm>

#include "store/contract.h"

namespace civicdesk::contract {
namespace {

class CaseHistoryTest : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    t_ = new_tenant("barnet");
    a_ = insert_case(t_, minimal_case("TST-0000001"));
    b_ = insert_case(t_, minimal_case("TST-0000002"));
    c_ = insert_case(t_, minimal_case("TST-0000003"));
  }
  std::vector<CaseEvent> events(Id case_id, std::optional<Visibility> only = std::nullopt) {
    return ok(store().read_value<std::vector<CaseEvent>>(
        [&](ReadTx& tx) { return tx.list_events(t_, case_id, only); }));
  }
  // Links of `case_id`, sorted (the contract promises no order).
  std::string links(Id case_id) {
    auto v =
        ok(store().read_value<std::vector<CaseLink>>([&](ReadTx& tx) { return tx.list_links(t_, case_id); }));
    std::vector<std::string> lines;
    for (const auto& l : v) lines.push_back(render(l));
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  }
  static std::string link_lines(std::vector<CaseLink> want) {
    std::vector<std::string> lines;
    for (const auto& l : want) lines.push_back(render(l));
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  }
  Status add_link(Id from, LinkKind k, Id to) {
    return store().write([&](Tx& tx) { return tx.add_link(t_, from, k, to); });
  }
  Status remove_link(Id from, LinkKind k, Id to) {
    return store().write([&](Tx& tx) { return tx.remove_link(t_, from, k, to); });
  }
  std::vector<Watcher> watchers(Id case_id) {
    auto v = ok(
        store().read_value<std::vector<Watcher>>([&](ReadTx& tx) { return tx.list_watchers(t_, case_id); }));
    std::sort(v.begin(), v.end(), [](const Watcher& x, const Watcher& y) { return render(x) < render(y); });
    return v;
  }
  static std::vector<Watcher> sorted(std::vector<Watcher> v) {
    std::sort(v.begin(), v.end(), [](const Watcher& x, const Watcher& y) { return render(x) < render(y); });
    return v;
  }

  TenantId t_ = 0;
  Id a_ = 0, b_ = 0, c_ = 0;
};

TEST_P(CaseHistoryTest, EventsComeBackInAppendOrderWithEveryField) {
  std::vector<CaseEvent> want = {
      {0, a_, at("2016-03-01T10:00:00Z"), "system", "received", Visibility::kPublic, {}},
      {0,
       a_,
       at("2016-03-01T09:00:00Z"),
       "officer:12",
       "note",
       Visibility::kInternal,
       {{"text", "Earlier clock, later append: \"quoted\"\nsecond line ✓"}}},
      {0,
       a_,
       at("2016-03-02T10:00:00Z"),
       "officer:12",
       "status_changed",
       Visibility::kPublic,
       {{"from", "new"}, {"to", "in_progress"}}},
      {0, a_, at("2016-03-02T10:00:00Z"), "customer:7", "note", Visibility::kInternal, {{"text", ""}}},
  };
  // Interleaved with another case's events, which must not show.
  for (auto& e : want) {
    e.id = ok(store().write_value<Id>([&](Tx& tx) { return tx.append_event(t_, e); }));
    CaseEvent noise{0, b_, e.at, "system", "note", e.visibility, {{"case", "b"}}};
    ok(store().write_value<Id>([&](Tx& tx) { return tx.append_event(t_, noise); }));
  }
  for (size_t i = 1; i < want.size(); ++i) EXPECT_GT(want[i].id, want[i - 1].id);
  EXPECT_EQ(render(events(a_)), render(want));
  EXPECT_EQ(render(events(a_, Visibility::kPublic)), render(std::vector<CaseEvent>{want[0], want[2]}));
  EXPECT_EQ(render(events(a_, Visibility::kInternal)), render(std::vector<CaseEvent>{want[1], want[3]}));
  EXPECT_EQ(events(b_).size(), 4u);
  EXPECT_TRUE(events(c_).empty());

  // Several in one transaction keep their order too.
  std::vector<Id> ids;
  ok(store().write([&](Tx& tx) -> Status {
    for (int i = 0; i < 5; ++i) {
      ASSIGN_OR_RETURN(Id id, tx.append_event(t_, CaseEvent{0,
                                                            c_,
                                                            at("2016-03-03T00:00:00Z"),
                                                            "system",
                                                            "note",
                                                            Visibility::kPublic,
                                                            {{"i", std::to_string(i)}}}));
      ids.push_back(id);
    }
    return {};
  }));
  auto got = events(c_);
  ASSERT_EQ(got.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(got[i].id, ids[i]);
    EXPECT_EQ(got[i].details.at("i"), std::to_string(i));
  }
}

TEST_P(CaseHistoryTest, RelatedLinksAreSymmetric) {
  ASSERT_EQ(code(add_link(a_, LinkKind::kRelated, b_)), "ok");
  EXPECT_EQ(links(a_), link_lines({{LinkKind::kRelated, b_, "TST-0000002"}}));
  EXPECT_EQ(links(b_), link_lines({{LinkKind::kRelated, a_, "TST-0000001"}}));
  EXPECT_EQ(links(c_), "");
  // Adding it again, from either side, is already_exists.
  EXPECT_EQ(code(add_link(a_, LinkKind::kRelated, b_)), "already_exists");
  EXPECT_EQ(code(add_link(b_, LinkKind::kRelated, a_)), "already_exists");
  EXPECT_EQ(links(a_), link_lines({{LinkKind::kRelated, b_, "TST-0000002"}}));
  // Removing from the other side removes both directions.
  EXPECT_EQ(code(remove_link(b_, LinkKind::kRelated, a_)), "ok");
  EXPECT_EQ(links(a_), "");
  EXPECT_EQ(links(b_), "");
  EXPECT_EQ(code(remove_link(a_, LinkKind::kRelated, b_)), "not_found");
}

TEST_P(CaseHistoryTest, DuplicateOfIsMirroredAsDuplicatedBy) {
  ASSERT_EQ(code(add_link(b_, LinkKind::kDuplicateOf, a_)), "ok");
  ASSERT_EQ(code(add_link(c_, LinkKind::kDuplicateOf, a_)), "ok");
  ASSERT_EQ(code(add_link(b_, LinkKind::kRelated, c_)), "ok");
  EXPECT_EQ(links(a_), link_lines({{LinkKind::kDuplicatedBy, b_, "TST-0000002"},
                                   {LinkKind::kDuplicatedBy, c_, "TST-0000003"}}));
  EXPECT_EQ(links(b_), link_lines({{LinkKind::kDuplicateOf, a_, "TST-0000001"},
                                   {LinkKind::kRelated, c_, "TST-0000003"}}));
  EXPECT_EQ(links(c_), link_lines({{LinkKind::kDuplicateOf, a_, "TST-0000001"},
                                   {LinkKind::kRelated, b_, "TST-0000002"}}));
  EXPECT_EQ(code(add_link(a_, LinkKind::kDuplicatedBy, b_)), "already_exists")
      << "the mirror is the same link";
  // Removing one link leaves the others.
  EXPECT_EQ(code(remove_link(b_, LinkKind::kDuplicateOf, a_)), "ok");
  EXPECT_EQ(links(a_), link_lines({{LinkKind::kDuplicatedBy, c_, "TST-0000003"}}));
  EXPECT_EQ(links(b_), link_lines({{LinkKind::kRelated, c_, "TST-0000003"}}));
  EXPECT_EQ(code(remove_link(a_, LinkKind::kDuplicatedBy, c_)), "ok") << "removable from the mirror side";
  EXPECT_EQ(links(a_), "");
  EXPECT_EQ(links(c_), link_lines({{LinkKind::kRelated, b_, "TST-0000002"}}));
  EXPECT_EQ(code(remove_link(a_, LinkKind::kRelated, c_)), "not_found") << "not linked that way";
}

TEST_P(CaseHistoryTest, ParentAndChildComeFromParentId) {
  Case child1 = minimal_case("TST-0000011");
  child1.parent_id = a_;
  Case child2 = minimal_case("TST-0000012");
  child2.parent_id = a_;
  const Id x = insert_case(t_, child1);
  const Id y = insert_case(t_, child2);
  EXPECT_EQ(links(a_),
            link_lines({{LinkKind::kChild, x, "TST-0000011"}, {LinkKind::kChild, y, "TST-0000012"}}));
  EXPECT_EQ(links(x), link_lines({{LinkKind::kParent, a_, "TST-0000001"}}));
  ASSERT_EQ(code(add_link(x, LinkKind::kRelated, b_)), "ok");
  EXPECT_EQ(links(x),
            link_lines({{LinkKind::kParent, a_, "TST-0000001"}, {LinkKind::kRelated, b_, "TST-0000002"}}));
  // Re-parenting through update_case moves the derived links.
  child2.id = y;
  child2.parent_id = b_;
  ok(store().write([&](Tx& tx) { return tx.update_case(t_, child2, 1); }));
  EXPECT_EQ(links(a_), link_lines({{LinkKind::kChild, x, "TST-0000011"}}));
  EXPECT_EQ(links(b_),
            link_lines({{LinkKind::kChild, y, "TST-0000012"}, {LinkKind::kRelated, x, "TST-0000011"}}));
  EXPECT_EQ(links(y), link_lines({{LinkKind::kParent, b_, "TST-0000002"}}));
}

TEST_P(CaseHistoryTest, WatchersAddListDuplicateAndRemove) {
  const Watcher officer{WatcherKind::kOfficer, 12, "", "Sam Street", at("2016-03-01T10:00:00Z")};
  const Watcher member{WatcherKind::kMember, 3, "", "Cllr Wendy", at("2016-03-01T11:00:00Z")};
  const Watcher customer{WatcherKind::kCustomer, 12, "", "Ada",
                         at("2016-03-01T09:00:00Z")};  // same id as officer
  const Watcher email{WatcherKind::kEmail, std::nullopt, "neighbour@example.com", "Neighbour",
                      at("2016-03-02T00:00:00Z")};
  const Watcher email2{WatcherKind::kEmail, std::nullopt, "other@example.com", "",
                       at("2016-03-02T00:00:00Z")};
  for (const auto& w : {officer, member, customer, email, email2})
    ASSERT_EQ(code(store().write([&](Tx& tx) { return tx.add_watcher(t_, a_, w); })), "ok") << render(w);
  ASSERT_EQ(code(store().write([&](Tx& tx) { return tx.add_watcher(t_, b_, officer); })), "ok");
  EXPECT_EQ(render(watchers(a_)), render(sorted({officer, member, customer, email, email2})));
  EXPECT_EQ(render(watchers(b_)), render(std::vector<Watcher>{officer}));
  EXPECT_TRUE(watchers(c_).empty());

  // The same person again (even under another name or time) is already_exists.
  Watcher officer_again = officer;
  officer_again.name = "S. Street";
  officer_again.added_at = at("2016-04-01T00:00:00Z");
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.add_watcher(t_, a_, officer_again); })),
            "already_exists");
  Watcher email_again = email;
  email_again.name = "";
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.add_watcher(t_, a_, email_again); })),
            "already_exists");
  EXPECT_EQ(render(watchers(a_)), render(sorted({officer, member, customer, email, email2})));

  // Removing matches on who, not on name or time.
  Watcher remove_officer = officer;
  remove_officer.name = "";
  remove_officer.added_at = {};
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.remove_watcher(t_, a_, remove_officer); })), "ok");
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.remove_watcher(t_, a_, email); })), "ok");
  EXPECT_EQ(render(watchers(a_)), render(sorted({member, customer, email2})));
  EXPECT_EQ(render(watchers(b_)), render(std::vector<Watcher>{officer})) << "other cases keep theirs";
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.remove_watcher(t_, a_, officer); })), "not_found");
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.remove_watcher(t_, c_, member); })), "not_found");
  // And they can be added back.
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.add_watcher(t_, a_, officer); })), "ok");
  EXPECT_EQ(render(watchers(a_)), render(sorted({officer, member, customer, email2})));
}

CONTRACT_INSTANTIATE(CaseHistoryTest);

}  // namespace
}  // namespace civicdesk::contract
