// Store contract: the service catalogue, calendars and catalogue_version.
#include <algorithm>

#include "store/contract.h"

namespace civicdesk::contract {
namespace {

class CatalogueTest : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    t_ = new_tenant("barnet");
  }

  // Runs one catalogue write and checks that catalogue_version went up.
  void put(const std::function<Status(Tx&)>& fn, const char* what) {
    const int64_t before = catalogue_version(t_);
    ok(store().write(fn), what);
    EXPECT_GT(catalogue_version(t_), before) << what << " did not bump catalogue_version";
  }

  template <typename T>
  std::vector<T> list(Result<std::vector<T>> (ReadTx::*method)(TenantId)) {
    return ok(store().read_value<std::vector<T>>([&](ReadTx& tx) { return (tx.*method)(t_); }));
  }

  TenantId t_ = 0;
};

TEST_P(CatalogueTest, DeliveryUnitsRoundTripAndUpsertByCode) {
  put(
      [&](Tx& tx) {
        return tx.put_delivery_unit(t_, {"street-scene", "Street Scene", "Waste", true});
      },
      "du");
  put([&](Tx& tx) { return tx.put_delivery_unit(t_, {"highways", "Highways", "", false}); }, "du");
  EXPECT_EQ(render(list(&ReadTx::list_delivery_units)),
            render(std::vector<DeliveryUnit>{{"highways", "Highways", "", false},
                                             {"street-scene", "Street Scene", "Waste", true}}));
  put(
      [&](Tx& tx) {
        return tx.put_delivery_unit(t_, {"highways", "Roads", "Roads and pavements", true});
      },
      "du");
  EXPECT_EQ(render(list(&ReadTx::list_delivery_units)),
            render(std::vector<DeliveryUnit>{{"highways", "Roads", "Roads and pavements", true},
                                             {"street-scene", "Street Scene", "Waste", true}}));
}

TEST_P(CatalogueTest, TeamsRoundTripAndUpsertByCode) {
  put([&](Tx& tx) { return tx.put_team(t_, {"waste", "street-scene", "Waste collection"}); }, "team");
  put([&](Tx& tx) { return tx.put_team(t_, {"roads", "highways", "Roads"}); }, "team");
  put([&](Tx& tx) { return tx.put_team(t_, {"waste", "highways", "Moved team"}); }, "team");
  EXPECT_EQ(render(list(&ReadTx::list_teams)),
            render(std::vector<Team>{{"roads", "highways", "Roads"}, {"waste", "highways", "Moved team"}}));
}

TEST_P(CatalogueTest, WardsRoundTripAndUpsertByCode) {
  put([&](Tx& tx) { return tx.put_ward(t_, {"west-hendon", "West Hendon"}); }, "ward");
  put([&](Tx& tx) { return tx.put_ward(t_, {"burnt-oak", "Burnt Oak"}); }, "ward");
  put([&](Tx& tx) { return tx.put_ward(t_, {"west-hendon", "Hendon West"}); }, "ward");
  auto wards = list(&ReadTx::list_wards);
  std::sort(wards.begin(), wards.end(), [](const Ward& a, const Ward& b) { return a.code < b.code; });
  EXPECT_EQ(render(wards),
            render(std::vector<Ward>{{"burnt-oak", "Burnt Oak"}, {"west-hendon", "Hendon West"}}));
}

TEST_P(CatalogueTest, OfficersInsertWithNewIdsAndUpdateById) {
  Officer a{0, "Sam Street", "sam@example.gov.uk", "street-scene", "waste", OfficerRole::kOfficer, true};
  Officer b{0, "Hal Highways", "hal@example.gov.uk", "", "", OfficerRole::kAdministrator, false};
  int64_t v = catalogue_version(t_);
  a.id = ok(store().write_value<Id>([&](Tx& tx) { return tx.put_officer(t_, a); }));
  EXPECT_GT(catalogue_version(t_), v) << "inserting an officer must bump catalogue_version";
  b.id = ok(store().write_value<Id>([&](Tx& tx) { return tx.put_officer(t_, b); }));
  EXPECT_GT(a.id, 0);
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(render(ok(store().read_value<Officer>([&](ReadTx& tx) { return tx.get_officer(t_, a.id); }))),
            render(a));

  a.name = "Samantha Street";
  a.email = "samantha@example.gov.uk";
  a.delivery_unit = "highways";
  a.team = "roads";
  a.role = OfficerRole::kManager;
  a.active = false;
  v = catalogue_version(t_);
  EXPECT_EQ(ok(store().write_value<Id>([&](Tx& tx) { return tx.put_officer(t_, a); })), a.id);
  EXPECT_GT(catalogue_version(t_), v) << "updating an officer must bump catalogue_version";
  EXPECT_EQ(render(ok(store().read_value<Officer>([&](ReadTx& tx) { return tx.get_officer(t_, a.id); }))),
            render(a));
  std::vector<Officer> want = a.id < b.id ? std::vector<Officer>{a, b} : std::vector<Officer>{b, a};
  EXPECT_EQ(render(list(&ReadTx::list_officers)), render(want));

  const Id missing = std::max(a.id, b.id) + 1000;
  EXPECT_EQ(code(store().read_value<Officer>([&](ReadTx& tx) { return tx.get_officer(t_, missing); })),
            "not_found");
  Officer ghost = a;
  ghost.id = missing;
  EXPECT_EQ(code(store().write_value<Id>([&](Tx& tx) { return tx.put_officer(t_, ghost); })), "not_found");
  EXPECT_EQ(list(&ReadTx::list_officers).size(), 2u);
}

TEST_P(CatalogueTest, MembersInsertWithNewIdsAndUpdateById) {
  Member a{0, "Cllr Wendy Hendon", "west-hendon", "Independent", "wendy@example.gov.uk", true};
  Member b{0, "Cllr Bob Oak", "burnt-oak", "", "", false};
  int64_t v = catalogue_version(t_);
  a.id = ok(store().write_value<Id>([&](Tx& tx) { return tx.put_member(t_, a); }));
  EXPECT_GT(catalogue_version(t_), v) << "inserting a councillor must bump catalogue_version";
  b.id = ok(store().write_value<Id>([&](Tx& tx) { return tx.put_member(t_, b); }));
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(render(ok(store().read_value<Member>([&](ReadTx& tx) { return tx.get_member(t_, b.id); }))),
            render(b));

  a.name = "Cllr Wendy West";
  a.ward = "burnt-oak";
  a.party = "Green";
  a.email = "";
  a.active = false;
  v = catalogue_version(t_);
  EXPECT_EQ(ok(store().write_value<Id>([&](Tx& tx) { return tx.put_member(t_, a); })), a.id);
  EXPECT_GT(catalogue_version(t_), v) << "updating a councillor must bump catalogue_version";
  std::vector<Member> want = a.id < b.id ? std::vector<Member>{a, b} : std::vector<Member>{b, a};
  EXPECT_EQ(render(list(&ReadTx::list_members)), render(want));

  const Id missing = std::max(a.id, b.id) + 1000;
  EXPECT_EQ(code(store().read_value<Member>([&](ReadTx& tx) { return tx.get_member(t_, missing); })),
            "not_found");
  Member ghost = a;
  ghost.id = missing;
  EXPECT_EQ(code(store().write_value<Id>([&](Tx& tx) { return tx.put_member(t_, ghost); })), "not_found");
}

TEST_P(CatalogueTest, SlaPoliciesRoundTripEveryFieldAndUpsertByCode) {
  SlaPolicy a;
  a.code = "standard-10";
  a.name = "Standard";
  a.respond_days = 5;
  a.resolve_days = 10;
  SlaPolicy b;
  b.code = "sar";
  b.name = "Subject access";
  b.clock = ClockKind::kCalendarMonths;
  b.counting = CountingRule::kAfterReceipt;
  b.resolve_from = ResolveFrom::kResponse;
  b.holidays = HolidaySet::kAllUk;
  b.respond_days = 0;
  b.resolve_days = 1;
  b.max_extension = 2;
  b.pausable = false;
  put([&](Tx& tx) { return tx.put_sla_policy(t_, a); }, "policy");
  put([&](Tx& tx) { return tx.put_sla_policy(t_, b); }, "policy");
  EXPECT_EQ(render(list(&ReadTx::list_sla_policies)), render(std::vector<SlaPolicy>{b, a}));
  a.name = "Standard (changed)";
  a.clock = ClockKind::kCalendarMonths;
  a.counting = CountingRule::kAfterReceipt;
  a.resolve_from = ResolveFrom::kResponse;
  a.holidays = HolidaySet::kAllUk;
  a.respond_days = 1;
  a.resolve_days = 2;
  a.max_extension = 3;
  a.pausable = false;
  put([&](Tx& tx) { return tx.put_sla_policy(t_, a); }, "policy");
  EXPECT_EQ(render(list(&ReadTx::list_sla_policies)), render(std::vector<SlaPolicy>{b, a}));
}

TEST_P(CatalogueTest, CategoriesRoundTripQuestionsAndUpsertByCode) {
  Category bin;
  bin.code = "missed-bin";
  bin.name = "Missed bin collection";
  bin.parent = "waste";
  bin.description = "Your bin was not emptied on the \"usual\" day";
  bin.keywords = "bin,rubbish,refuse";
  bin.lgsl = 524;
  bin.lgil = 17;
  bin.delivery_unit = "street-scene";
  bin.sla_policy = "standard-10";
  bin.location_required = true;
  bin.restricted = true;
  bin.active = false;
  bin.questions = {Question{"bin_type",
                            "Which bin?",
                            QuestionType::kSingleValueList,
                            true,
                            1,
                            {{"refuse", "General waste"}, {"recycling", "Recycling, \"mixed\""}}},
                   Question{"notes", "Anything else?", QuestionType::kText, false, 2, {}},
                   Question{"when", "When?", QuestionType::kDatetime, false, 3, {}}};
  Category general;
  general.code = "general";
  general.name = "General enquiry";
  general.delivery_unit = "street-scene";
  general.sla_policy = "standard-10";
  put([&](Tx& tx) { return tx.put_category(t_, bin); }, "category");
  put([&](Tx& tx) { return tx.put_category(t_, general); }, "category");
  EXPECT_EQ(render(list(&ReadTx::list_categories)), render(std::vector<Category>{general, bin}));

  bin.name = "Missed collection";
  bin.parent = "";
  bin.lgsl = std::nullopt;
  bin.lgil = std::nullopt;
  bin.location_required = false;
  bin.restricted = false;
  bin.active = true;
  bin.questions = {Question{"colour", "Colour", QuestionType::kMultiValueList, false, 5, {{"red", "Red"}}}};
  bin.forward_to = "waste-system";  // migration 0009: forwarded to a back office
  put([&](Tx& tx) { return tx.put_category(t_, bin); }, "category");
  EXPECT_EQ(render(list(&ReadTx::list_categories)), render(std::vector<Category>{general, bin}));
}

TEST_P(CatalogueTest, ReplaceHolidaysReplacesTheWholeCalendar) {
  std::vector<BankHoliday> first = {
      {Division::kEnglandAndWales, day("2016-12-26"), "Boxing Day", ""},
      {Division::kScotland, day("2016-12-26"), "Boxing Day", "Substitute day"},
      {Division::kEnglandAndWales, day("2016-03-25"), "Good Friday", ""},
      {Division::kNorthernIreland, day("2016-03-17"), "St Patrick’s Day", ""},
  };
  put([&](Tx& tx) { return tx.replace_holidays(t_, first); }, "holidays");
  auto got = list(&ReadTx::list_holidays);
  auto by_date = [](const BankHoliday& a, const BankHoliday& b) {
    return std::tuple(a.date, division_key(a.division)) < std::tuple(b.date, division_key(b.division));
  };
  std::sort(first.begin(), first.end(), by_date);
  EXPECT_EQ(render(got), render(first));

  std::vector<BankHoliday> second = {
      {Division::kEnglandAndWales, day("2017-01-02"), "New Year’s Day", "Substitute"}};
  put([&](Tx& tx) { return tx.replace_holidays(t_, second); }, "holidays");
  EXPECT_EQ(render(list(&ReadTx::list_holidays)), render(second));

  put([&](Tx& tx) { return tx.replace_holidays(t_, {}); }, "holidays");
  EXPECT_TRUE(list(&ReadTx::list_holidays).empty());
}

TEST_P(CatalogueTest, CatalogueVersionMovesOnlyOnChanges) {
  const int64_t v0 = catalogue_version(t_);
  // Reads and non-catalogue writes leave it alone.
  (void)list(&ReadTx::list_categories);
  insert_customer(t_, person("Ada", "Lovelace"));
  insert_case(t_, minimal_case("TST-0000001"));
  EXPECT_EQ(catalogue_version(t_), v0);
  // Tenant changes count (the catalogue snapshot includes the tenant).
  Tenant tenant = ok(store().read_value<Tenant>([&](ReadTx& tx) { return tx.get_tenant(t_); }));
  tenant.brand_colour = "#000000";
  put([&](Tx& tx) { return tx.update_tenant(tenant); }, "update_tenant");
  // Several changes in one transaction: strictly later than before, and the
  // version read back is the one every later reader sees.
  const int64_t v1 = catalogue_version(t_);
  int64_t inside = 0;
  ok(store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.put_ward(t_, {"a", "A"}));
    RETURN_IF_ERROR(tx.put_ward(t_, {"b", "B"}));
    ASSIGN_OR_RETURN(inside, tx.catalogue_version(t_));
    return {};
  }));
  EXPECT_GT(inside, v1);
  EXPECT_EQ(catalogue_version(t_), inside);
  // Another tenant's changes do not move this tenant's version.
  const TenantId other = new_tenant("camden", "CAM");
  ok(store().write([&](Tx& tx) { return tx.put_ward(other, {"c", "C"}); }));
  EXPECT_EQ(catalogue_version(t_), inside);
}

CONTRACT_INSTANTIATE(CatalogueTest);

}  // namespace
}  // namespace civicdesk::contract
