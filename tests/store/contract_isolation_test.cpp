// Store contract: tenant isolation. Every read made with another council's
// id sees nothing of the first council's rows, and every write aimed at them
// with the wrong id changes nothing.
#include "store/contract.h"

namespace civicdesk::contract {
namespace {

class IsolationTest : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    a_ = new_tenant("barnet", "BAR");
    b_ = new_tenant("camden", "CAM");
    ok(store().write([&](Tx& tx) -> Status {
      RETURN_IF_ERROR(tx.put_delivery_unit(a_, {"street-scene", "Street Scene", "", true}));
      RETURN_IF_ERROR(tx.put_team(a_, {"waste", "street-scene", "Waste"}));
      ASSIGN_OR_RETURN(officer_, tx.put_officer(a_, Officer{0, "Sam", "sam@example.gov.uk", "street-scene",
                                                            "waste", OfficerRole::kOfficer, true}));
      RETURN_IF_ERROR(tx.put_ward(a_, {"west-hendon", "West Hendon"}));
      ASSIGN_OR_RETURN(member_, tx.put_member(a_, Member{0, "Cllr W", "west-hendon", "", "", true}));
      SlaPolicy p;
      p.code = "standard-10";
      p.name = "Standard";
      RETURN_IF_ERROR(tx.put_sla_policy(a_, p));
      Category cat;
      cat.code = "missed-bin";
      cat.name = "Missed bin";
      RETURN_IF_ERROR(tx.put_category(a_, cat));
      RETURN_IF_ERROR(
          tx.replace_holidays(a_, {{Division::kEnglandAndWales, day("2016-12-26"), "Boxing Day", ""}}));
      ASSIGN_OR_RETURN(customer_, tx.insert_customer(a_, full_customer()));
      Case c = full_case("BAR-0000001");
      c.customer_id = customer_;
      ASSIGN_OR_RETURN(case_, tx.insert_case(a_, c));
      ASSIGN_OR_RETURN(other_case_, tx.insert_case(a_, minimal_case("BAR-0000002")));
      Contact k = full_contact();
      k.customer_id = customer_;
      k.case_id = case_;
      ASSIGN_OR_RETURN(contact_, tx.insert_contact(a_, k));
      RETURN_IF_ERROR(tx.append_event(
          a_,
          CaseEvent{0, case_, at("2016-03-01T10:00:00Z"), "system", "received", Visibility::kPublic, {}}));
      RETURN_IF_ERROR(tx.add_link(a_, case_, LinkKind::kRelated, other_case_));
      RETURN_IF_ERROR(tx.add_watcher(a_, case_, Watcher{WatcherKind::kOfficer, officer_, "", "Sam", {}}));
      return {};
    }));
  }

  // Everything tenant `t` can read through the listing methods and by the
  // first tenant's ids, reference and search words, rendered.
  std::string seen_by(TenantId t) {
    std::string out;
    ok(store().read([&](ReadTx& tx) -> Status {
      auto add = [&](const char* what, const std::string& s) {
        if (!s.empty()) out += std::string(what) + ": " + s + "\n";
      };
      auto add_found = [&](const char* what, bool found) {
        if (found) out += std::string(what) + ": found\n";
      };
      ASSIGN_OR_RETURN(auto dus, tx.list_delivery_units(t));
      add("delivery units", render(dus));
      ASSIGN_OR_RETURN(auto teams, tx.list_teams(t));
      add("teams", render(teams));
      ASSIGN_OR_RETURN(auto officers, tx.list_officers(t));
      add("officers", render(officers));
      ASSIGN_OR_RETURN(auto wards, tx.list_wards(t));
      add("wards", render(wards));
      ASSIGN_OR_RETURN(auto members, tx.list_members(t));
      add("members", render(members));
      ASSIGN_OR_RETURN(auto policies, tx.list_sla_policies(t));
      add("policies", render(policies));
      ASSIGN_OR_RETURN(auto categories, tx.list_categories(t));
      add("categories", render(categories));
      ASSIGN_OR_RETURN(auto holidays, tx.list_holidays(t));
      add("holidays", render(holidays));
      add_found("officer by id", tx.get_officer(t, officer_).ok());
      add_found("member by id", tx.get_member(t, member_).ok());

      add_found("customer by id", tx.get_customer(t, customer_).ok());
      for (auto set : std::vector<std::function<void(CustomerFilter&)>>{
               [](CustomerFilter&) {},
               [](CustomerFilter& f) { f.text = "ada lovelace"; },
               [](CustomerFilter& f) { f.text = "ada@example.com"; },
               [](CustomerFilter& f) { f.email = "ada@example.com"; },
               [](CustomerFilter& f) { f.phone = "+447700900982"; },
               [](CustomerFilter& f) { f.postcode = "SW1Y 4JH"; },
               [](CustomerFilter& f) { f.uprn = 100023336956; },
               [&](CustomerFilter& f) { f.after_id = customer_ + 1; },
           }) {
        CustomerFilter f;
        set(f);
        ASSIGN_OR_RETURN(auto customers, tx.list_customers(t, f));
        add("customers", render(customers));
      }

      add_found("contact by id", tx.get_contact(t, contact_).ok());
      for (auto set : std::vector<std::function<void(ContactFilter&)>>{
               [](ContactFilter&) {},
               [&](ContactFilter& f) { f.customer_id = customer_; },
               [&](ContactFilter& f) { f.case_id = case_; },
           }) {
        ContactFilter f;
        set(f);
        ASSIGN_OR_RETURN(auto contacts, tx.list_contacts(t, f));
        add("contacts", render(contacts));
      }

      add_found("case by id", tx.get_case(t, case_).ok());
      add_found("case by reference", tx.get_case_by_reference(t, "BAR-0000001").ok());
      for (auto set : std::vector<std::function<void(CaseFilter&)>>{
               [](CaseFilter&) {},
               [](CaseFilter& f) { f.sort = CaseSort::kDueFirst; },
               [](CaseFilter& f) { f.text = "BAR-0000001"; },
               [](CaseFilter& f) { f.text = "bin emptied"; },
               [](CaseFilter& f) { f.category = "missed-bin"; },
               [&](CaseFilter& f) { f.customer_id = customer_; },
               [](CaseFilter& f) { f.open_only = true; },
           }) {
        CaseFilter f;
        set(f);
        ASSIGN_OR_RETURN(auto cases, tx.list_cases(t, f));
        add("cases", render(cases));
        std::string streamed;
        RETURN_IF_ERROR(tx.each_case(t, f, [&](const Case& c) -> Status {
          streamed += render(c) + "\n";
          return {};
        }));
        add("each_case", streamed);
      }
      ASSIGN_OR_RETURN(auto events, tx.list_events(t, case_, std::nullopt));
      add("events", render(events));
      ASSIGN_OR_RETURN(auto public_events, tx.list_events(t, case_, Visibility::kPublic));
      add("public events", render(public_events));
      for (Id id : {case_, other_case_}) {
        ASSIGN_OR_RETURN(auto links, tx.list_links(t, id));
        add("links", render(links));
      }
      ASSIGN_OR_RETURN(auto watchers, tx.list_watchers(t, case_));
      add("watchers", render(watchers));
      ASSIGN_OR_RETURN(auto counts, tx.count_cases_by_status(t));
      add("counts", render(counts));
      return {};
    }));
    return out;
  }

  TenantId a_ = 0, b_ = 0;
  Id officer_ = 0, member_ = 0, customer_ = 0, case_ = 0, other_case_ = 0, contact_ = 0;
};

TEST_P(IsolationTest, AnotherTenantSeesNothing) {
  const std::string own = seen_by(a_);
  // The first council sees its own rows through every one of these reads...
  for (const char* what :
       {"delivery units", "teams", "officers", "wards", "members", "policies", "categories", "holidays",
        "officer by id", "member by id", "customer by id", "contact by id", "case by id", "case by reference",
        "events", "public events", "links", "watchers", "counts"})
    EXPECT_NE(own.find(std::string(what) + ": "), std::string::npos) << what;
  // ...and the second sees none of them.
  EXPECT_EQ(seen_by(b_), "");
  // A tenant id that does not exist sees nothing either.
  EXPECT_EQ(seen_by(b_ + 1000), "");
}

TEST_P(IsolationTest, WritesWithAnotherTenantIdChangeNothing) {
  const std::string before = seen_by(a_);
  Case c = get_case(a_, case_);
  c.title = "Hijacked";
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.update_case(b_, c, c.version); })), "not_found");
  Customer k = get_customer(a_, customer_);
  k.given_name = "Mallory";
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.update_customer(b_, k, k.version); })), "not_found");
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.set_contact_case(b_, contact_, other_case_); })),
            "not_found");
  EXPECT_EQ(
      code(store().write([&](Tx& tx) { return tx.remove_link(b_, case_, LinkKind::kRelated, other_case_); })),
      "not_found");
  EXPECT_EQ(code(store().write([&](Tx& tx) {
              return tx.remove_watcher(b_, case_, Watcher{WatcherKind::kOfficer, officer_, "", "", {}});
            })),
            "not_found");
  Officer o{officer_, "Mallory", "m@example.com", "", "", OfficerRole::kAdministrator, true};
  EXPECT_EQ(code(store().write_value<Id>([&](Tx& tx) { return tx.put_officer(b_, o); })), "not_found");
  Member m{member_, "Mallory", "", "", "", true};
  EXPECT_EQ(code(store().write_value<Id>([&](Tx& tx) { return tx.put_member(b_, m); })), "not_found");
  // Same codes in the other tenant are that tenant's own rows.
  ok(store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.put_delivery_unit(b_, {"street-scene", "Camden Streets", "", true}));
    RETURN_IF_ERROR(tx.replace_holidays(b_, {}));
    return {};
  }));
  EXPECT_EQ(seen_by(a_), before);
  const auto dus = ok(
      store().read_value<std::vector<DeliveryUnit>>([&](ReadTx& tx) { return tx.list_delivery_units(b_); }));
  ASSERT_EQ(dus.size(), 1u);
  EXPECT_EQ(dus[0].name, "Camden Streets");
}

CONTRACT_INSTANTIATE(IsolationTest);

}  // namespace
}  // namespace civicdesk::contract
