// Store contract: customers (contact details, versions, lookups, search,
// paging) and contacts.
#include <algorithm>
#include <set>

#include "domain/preferences.h"
#include "store/contract.h"
#include "store/postgres/postgres_connection.h"
#include "store/sql/migrate.h"
#include "store/sqlite/sqlite_connection.h"

namespace civicdesk::contract {
namespace {

class CustomerTest : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    t_ = new_tenant("barnet");
  }
  // Given names of the customers matching `f`, sorted.
  std::vector<std::string> names(const CustomerFilter& f) {
    std::vector<std::string> out;
    for (const auto& c : list_customers(t_, f)) out.push_back(c.given_name);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::string> search(const std::string& text) {
    CustomerFilter f;
    f.text = text;
    return names(f);
  }
  TenantId t_ = 0;
};

using Names = std::vector<std::string>;

TEST_P(CustomerTest, RoundTripsEveryFieldAndEveryContactDetail) {
  Customer c = full_customer();
  c.id = insert_customer(t_, c);
  EXPECT_GT(c.id, 0);
  EXPECT_EQ(render(get_customer(t_, c.id)), render(c));
  // Listing loads the same details.
  CustomerFilter f;
  f.email = "ada@example.com";
  EXPECT_EQ(render(list_customers(t_, f)), render(std::vector<Customer>{c}));

  Customer org;
  org.kind = CustomerKind::kOrganisation;
  org.organisation_name = "Hendon Tenants' Association";
  org.language = "en";
  org.created_at = at("2016-01-01T00:00:00Z");
  org.updated_at = org.created_at;
  org.version = 1;
  org.id = insert_customer(t_, org);
  Customer got = get_customer(t_, org.id);
  EXPECT_EQ(render(got), render(org));
  EXPECT_FALSE(got.date_of_birth.has_value());
  EXPECT_FALSE(got.preferred_channel.has_value());
  EXPECT_TRUE(got.emails.empty() && got.phones.empty() && got.addresses.empty());
}

TEST_P(CustomerTest, UpdateWithTheCurrentVersionReplacesEverything) {
  Customer c = full_customer();
  c.id = insert_customer(t_, c);
  Customer next = c;
  next.title = "Lady";
  next.given_name = "Augusta";
  next.family_name = "King";
  next.organisation_name = "";
  next.date_of_birth = std::nullopt;
  next.emails = {{"countess@example.net", "personal", true}, {"ada@example.com", "old", false}};
  next.phones = {};
  next.addresses = {{"Ockham Park", "", "", "Woking", "GU23 6NN", 200000000001, "country", true},
                    {"12 St James's Square", "", "", "London", "SW1Y 4JH", 100023336956, "", false},
                    {"1 New Road", "", "", "Hendon", "NW4 4BT", std::nullopt, "", false}};
  next.preferred_channel = PreferredChannel::kPost;
  next.language = "en";
  next.needs_support = false;
  next.support_notes = "";
  next.updated_at = at("2016-02-03T10:00:00Z");
  ok(store().write([&](Tx& tx) { return tx.update_customer(t_, next, 1); }));
  Customer want = next;
  want.version = 2;
  EXPECT_EQ(render(get_customer(t_, c.id)), render(want));
  // And again from version 2.
  next.given_name = "Ada";
  ok(store().write([&](Tx& tx) { return tx.update_customer(t_, next, 2); }));
  EXPECT_EQ(get_customer(t_, c.id).version, 3);
  EXPECT_EQ(get_customer(t_, c.id).given_name, "Ada");
}

TEST_P(CustomerTest, UpdateWithAStaleVersionChangesNothing) {
  Customer c = full_customer();
  c.id = insert_customer(t_, c);
  const std::string before = render(get_customer(t_, c.id));
  Customer next = c;
  next.given_name = "Mallory";
  next.emails = {{"mallory@example.com", "", true}};
  next.addresses = {};
  for (int64_t stale : {0, 2, 5}) {
    EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.update_customer(t_, next, stale); })),
              "stale_version")
        << "expected_version " << stale;
  }
  EXPECT_EQ(render(get_customer(t_, c.id)), before);
  // The search index still describes the stored customer.
  EXPECT_EQ(search("mallory"), Names{});
  EXPECT_EQ(search("ada"), Names{"Ada"});
  CustomerFilter by_email;
  by_email.email = "mallory@example.com";
  EXPECT_TRUE(list_customers(t_, by_email).empty());

  Customer ghost = next;
  ghost.id = c.id + 1000;
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.update_customer(t_, ghost, 1); })), "not_found");
  EXPECT_EQ(code(store().read_value<Customer>([&](ReadTx& tx) { return tx.get_customer(t_, c.id + 1000); })),
            "not_found");
}

TEST_P(CustomerTest, ListsByExactEmailPhonePostcodeAndUprn) {
  Customer ada = full_customer();
  insert_customer(t_, ada);
  Customer bob = person("Bob", "Builder");
  bob.emails = {{"bob@example.com", "", true}, {"shared@example.com", "", false}};
  bob.phones = {{"+442079460001", "", true}};
  bob.addresses = {{"1 Yard Lane", "", "", "London", "SW1Y 4JH", 100000000002, "", true}};
  insert_customer(t_, bob);
  Customer cat = person("Cat", "Stevens");
  cat.emails = {{"shared@example.com", "", true}};
  cat.phones = {{"+447700900982", "", true}};
  cat.addresses = {{"2 Other Road", "", "", "Leeds", "LS1 1AA", 100023336956, "", true}};
  insert_customer(t_, cat);
  insert_customer(t_, person("Dan", "Nobody"));

  auto by = [&](auto set) {
    CustomerFilter f;
    set(f);
    return names(f);
  };
  EXPECT_EQ(by([](auto& f) { f.email = "a.lovelace@engines.example.org"; }), Names{"Ada"});
  EXPECT_EQ(by([](auto& f) { f.email = "shared@example.com"; }), (Names{"Bob", "Cat"}));
  EXPECT_EQ(by([](auto& f) { f.email = "ADA@Example.com"; }), Names{"Ada"})
      << "emails match without regard to case";
  EXPECT_EQ(by([](auto& f) { f.email = "ada@example"; }), Names{});
  EXPECT_EQ(by([](auto& f) { f.email = "nobody@example.com"; }), Names{});
  EXPECT_EQ(by([](auto& f) { f.phone = "+442079460000"; }), Names{"Ada"});
  EXPECT_EQ(by([](auto& f) { f.phone = "+447700900982"; }), (Names{"Ada", "Cat"}));
  EXPECT_EQ(by([](auto& f) { f.phone = "+4477009009"; }), Names{});
  EXPECT_EQ(by([](auto& f) { f.postcode = "SW1Y 4JH"; }), (Names{"Ada", "Bob"}));
  EXPECT_EQ(by([](auto& f) { f.postcode = "KT24 6DU"; }), Names{"Ada"});
  EXPECT_EQ(by([](auto& f) { f.postcode = "SW1Y"; }), Names{});
  EXPECT_EQ(by([](auto& f) { f.uprn = 100023336956; }), (Names{"Ada", "Cat"}));
  EXPECT_EQ(by([](auto& f) { f.uprn = 100000000002; }), Names{"Bob"});
  EXPECT_EQ(by([](auto& f) { f.uprn = 1; }), Names{});
  // Filters combine with AND.
  EXPECT_EQ(by([](auto& f) {
              f.email = "shared@example.com";
              f.postcode = "LS1 1AA";
            }),
            Names{"Cat"});
  EXPECT_EQ(by([](auto& f) {
              f.phone = "+447700900982";
              f.uprn = 100000000002;
            }),
            Names{});
  // No filter: everyone.
  EXPECT_EQ(by([](auto&) {}), (Names{"Ada", "Bob", "Cat", "Dan"}));
}

TEST_P(CustomerTest, FullTextSearchFindsNameWordsAndPrefixesOnEveryBackend) {
  insert_customer(t_, full_customer());  // Mrs Ada Lovelace, Analytical Engines Ltd
  insert_customer(t_, person("Adam", "Smith-Jones"));
  insert_customer(t_, person("Zoë", "Ångström"));
  insert_customer(t_, person("Grace", "O'Hopper"));
  Customer org;
  org.kind = CustomerKind::kOrganisation;
  org.given_name = "Org";  // names() reports given names; ignored for organisations' display name
  org.organisation_name = "Hendon Tenants Association";
  insert_customer(t_, org);

  EXPECT_EQ(search("ada"), (Names{"Ada", "Adam"}));
  EXPECT_EQ(search("Ada"), (Names{"Ada", "Adam"}));
  EXPECT_EQ(search("adam"), Names{"Adam"});
  EXPECT_EQ(search("lovelace"), Names{"Ada"});
  EXPECT_EQ(search("LOVE"), Names{"Ada"});
  EXPECT_EQ(search("ada lovelace"), Names{"Ada"});
  EXPECT_EQ(search("lovelace ada"), Names{"Ada"});
  EXPECT_EQ(search("ada smith"), Names{"Adam"});
  EXPECT_EQ(search("mrs"), Names{"Ada"});
  EXPECT_EQ(search("analytical"), Names{"Ada"});
  EXPECT_EQ(search("smith"), Names{"Adam"});
  EXPECT_EQ(search("jones"), Names{"Adam"});
  EXPECT_EQ(search("smith-jones"), Names{"Adam"});
  EXPECT_EQ(search("zoë"), Names{"Zoë"});
  EXPECT_EQ(search("ÅNGSTRÖM"), Names{"Zoë"});
  EXPECT_EQ(search("hopper"), Names{"Grace"});
  EXPECT_EQ(search("o'hopper"), Names{"Grace"});
  EXPECT_EQ(search("hendon tenants"), Names{"Org"});
  EXPECT_EQ(search("tenants hendon"), Names{"Org"});
  EXPECT_EQ(search("assoc"), Names{"Org"});
  EXPECT_EQ(search("ada hopper"), Names{});
  EXPECT_EQ(search("lovelacex"), Names{});
  EXPECT_EQ(search("velace"), Names{}) << "prefixes only, not infixes";
  EXPECT_EQ(search("!!!"), Names{}) << "nothing searchable";
  // Words that are search syntax elsewhere are plain words here.
  EXPECT_EQ(search("ada OR grace"), Names{});
  EXPECT_EQ(search("ada AND \"lovelace"), Names{});
  EXPECT_EQ(search("ada*"), (Names{"Ada", "Adam"}));
  EXPECT_EQ(search("ada:* | grace"), Names{});
}

TEST_P(CustomerTest, FullTextSearchFindsEmailsPhonesAndPostcodes) {
  insert_customer(t_, full_customer());
  Customer bob = person("Bob", "Builder");
  bob.emails = {{"bob.builder@example.com", "", true}};
  bob.phones = {{"+442079460001", "", true}};
  bob.addresses = {{"1 Yard Lane", "", "", "Hendon", "NW4 4BT", std::nullopt, "", true}};
  insert_customer(t_, bob);

  EXPECT_EQ(search("ada@example.com"), Names{"Ada"});
  EXPECT_EQ(search("bob.builder@example.com"), Names{"Bob"});
  EXPECT_EQ(search("example.com"), (Names{"Ada", "Bob"}));
  EXPECT_EQ(search("engines"), Names{"Ada"});
  EXPECT_EQ(search("07700900982"), Names{"Ada"});
  EXPECT_EQ(search("+447700900982"), Names{"Ada"});
  EXPECT_EQ(search("020794600"), (Names{"Ada", "Bob"}));
  EXPECT_EQ(search("SW1Y 4JH"), Names{"Ada"});
  EXPECT_EQ(search("sw1y"), Names{"Ada"});
  EXPECT_EQ(search("NW4"), Names{"Bob"});
  EXPECT_EQ(search("yard lane"), Names{"Bob"});
  EXPECT_EQ(search("hendon"), Names{"Bob"});
}

TEST_P(CustomerTest, SearchFollowsUpdates) {
  Customer c = person("Ada", "Lovelace");
  c.emails = {{"ada@example.com", "", true}};
  c.id = insert_customer(t_, c);
  Customer next = c;
  next.given_name = "Augusta";
  next.family_name = "King";
  next.emails = {{"augusta@example.org", "", true}};
  ok(store().write([&](Tx& tx) { return tx.update_customer(t_, next, 1); }));
  EXPECT_EQ(search("lovelace"), Names{});
  EXPECT_EQ(search("augusta king"), Names{"Augusta"});
  CustomerFilter old_email;
  old_email.email = "ada@example.com";
  EXPECT_TRUE(list_customers(t_, old_email).empty());
  CustomerFilter new_email;
  new_email.email = "augusta@example.org";
  EXPECT_EQ(names(new_email), Names{"Augusta"});
}

TEST_P(CustomerTest, KeysetPagesWalkEveryoneOnceNewestFirst) {
  std::vector<Id> ids;
  for (int i = 0; i < 23; ++i) {
    Customer c = person("P" + std::to_string(i), i % 2 ? "Odd" : "Even");
    ids.push_back(insert_customer(t_, c));
  }
  std::vector<Id> want = ids;
  std::sort(want.rbegin(), want.rend());

  for (int limit : {1, 5, 10, 23, 50}) {
    std::vector<Id> seen;
    CustomerFilter f;
    f.limit = limit;
    for (int page = 0; page < 100; ++page) {
      auto rows = list_customers(t_, f);
      // limit + 1 rows while there is more, so callers know.
      const size_t remaining = want.size() - seen.size();
      ASSERT_EQ(rows.size(), std::min(remaining, static_cast<size_t>(limit) + 1)) << "limit " << limit;
      const size_t take = std::min(rows.size(), static_cast<size_t>(limit));
      for (size_t i = 0; i < take; ++i) seen.push_back(rows[i].id);
      if (rows.size() <= static_cast<size_t>(limit)) break;
      f.after_id = rows[take - 1].id;
    }
    EXPECT_EQ(seen, want) << "limit " << limit;
  }

  // Paging combines with a filter.
  CustomerFilter odd;
  odd.text = "odd";
  odd.limit = 4;
  std::vector<Id> seen;
  while (true) {
    auto rows = list_customers(t_, odd);
    const size_t take = std::min<size_t>(rows.size(), 4);
    for (size_t i = 0; i < take; ++i) {
      EXPECT_EQ(rows[i].family_name, "Odd");
      seen.push_back(rows[i].id);
    }
    if (rows.size() <= 4) break;
    odd.after_id = rows[take - 1].id;
  }
  std::vector<Id> want_odd;
  for (size_t i = 0; i < ids.size(); ++i)
    if (i % 2) want_odd.push_back(ids[i]);
  std::sort(want_odd.rbegin(), want_odd.rend());
  EXPECT_EQ(seen, want_odd);
}

// ---- contacts ----------------------------------------------------------------

class ContactTest : public StoreContract {
 protected:
  void SetUp() override {
    StoreContract::SetUp();
    t_ = new_tenant("barnet");
  }
  std::vector<Id> ids(const ContactFilter& f) {
    std::vector<Id> out;
    for (const auto& c : list_contacts(t_, f)) out.push_back(c.id);
    return out;
  }
  TenantId t_ = 0;
};

TEST_P(ContactTest, RoundTripsEveryFieldAndTheCaseReference) {
  const Id customer = insert_customer(t_, full_customer());
  const Id case_id = insert_case(t_, full_case("TST-0000042"));
  Contact c = full_contact();
  c.customer_id = customer;
  c.case_id = case_id;
  c.id = insert_contact(t_, c);
  c.case_reference = "TST-0000042";  // filled in when read back
  EXPECT_EQ(render(ok(store().read_value<Contact>([&](ReadTx& tx) { return tx.get_contact(t_, c.id); }))),
            render(c));

  Contact bare;
  bare.at = at("2016-03-03T00:00:00Z");
  bare.id = insert_contact(t_, bare);
  Contact got = ok(store().read_value<Contact>([&](ReadTx& tx) { return tx.get_contact(t_, bare.id); }));
  EXPECT_EQ(render(got), render(bare));
  EXPECT_FALSE(got.customer_id || got.case_id || got.handler_id);
  EXPECT_EQ(got.case_reference, "");

  // Linking a case later shows its reference.
  ok(store().write([&](Tx& tx) { return tx.set_contact_case(t_, bare.id, case_id); }));
  got = ok(store().read_value<Contact>([&](ReadTx& tx) { return tx.get_contact(t_, bare.id); }));
  EXPECT_EQ(got.case_id, std::optional<Id>(case_id));
  EXPECT_EQ(got.case_reference, "TST-0000042");

  const Id missing = std::max(c.id, bare.id) + 1000;
  EXPECT_EQ(code(store().read_value<Contact>([&](ReadTx& tx) { return tx.get_contact(t_, missing); })),
            "not_found");
  EXPECT_EQ(code(store().write([&](Tx& tx) { return tx.set_contact_case(t_, missing, case_id); })),
            "not_found");
}

TEST_P(ContactTest, ListsByEachFilterNewestFirst) {
  const Id ada = insert_customer(t_, person("Ada", "Lovelace"));
  const Id bob = insert_customer(t_, person("Bob", "Builder"));
  const Id case_a = insert_case(t_, minimal_case("TST-0000001"));
  const Id case_b = insert_case(t_, minimal_case("TST-0000002"));
  struct Row {
    Id id;
    Contact c;
  };
  std::vector<Row> all;
  const Channel channels[] = {Channel::kTelephone, Channel::kEmail, Channel::kWebform};
  for (int i = 0; i < 12; ++i) {
    Contact c;
    c.customer_id = i % 3 == 0 ? std::nullopt : std::optional<Id>(i % 3 == 1 ? ada : bob);
    c.case_id = i % 4 == 0   ? std::optional<Id>(case_a)
                : i % 4 == 1 ? std::optional<Id>(case_b)
                             : std::nullopt;
    c.channel = channels[i % 3];
    c.at = at("2016-03-01T00:00:00Z") + std::chrono::hours(i);
    c.reason = "contact " + std::to_string(i);
    all.push_back({insert_contact(t_, c), c});
  }
  auto want = [&](auto pred) {
    std::vector<Id> out;
    for (const auto& r : all)
      if (pred(r.c)) out.push_back(r.id);
    std::sort(out.rbegin(), out.rend());
    return out;
  };
  ContactFilter f;
  EXPECT_EQ(ids(f), want([](const Contact&) { return true; }));
  f.customer_id = ada;
  EXPECT_EQ(ids(f), want([&](const Contact& c) { return c.customer_id == ada; }));
  f = {};
  f.case_id = case_b;
  EXPECT_EQ(ids(f), want([&](const Contact& c) { return c.case_id == case_b; }));
  f = {};
  f.channel = Channel::kEmail;
  EXPECT_EQ(ids(f), want([&](const Contact& c) { return c.channel == Channel::kEmail; }));
  f = {};
  f.from = at("2016-03-01T03:00:00Z");  // inclusive
  f.to = at("2016-03-01T07:00:00Z");    // exclusive
  EXPECT_EQ(ids(f), want([&](const Contact& c) { return c.at >= *f.from && c.at < *f.to; }));
  EXPECT_EQ(ids(f).size(), 4u);
  f = {};
  f.customer_id = bob;
  f.channel = Channel::kWebform;
  EXPECT_EQ(ids(f),
            want([&](const Contact& c) { return c.customer_id == bob && c.channel == Channel::kWebform; }));
  f = {};
  f.customer_id = ada + bob + 1000;
  EXPECT_TRUE(ids(f).empty());

  // Keyset paging: limit + 1 rows, then after_id.
  const std::vector<Id> everyone = want([](const Contact&) { return true; });
  std::vector<Id> seen;
  ContactFilter page;
  page.limit = 5;
  while (true) {
    auto rows = ids(page);
    const size_t remaining = everyone.size() - seen.size();
    ASSERT_EQ(rows.size(), std::min<size_t>(remaining, 6));
    const size_t take = std::min<size_t>(rows.size(), 5);
    seen.insert(seen.end(), rows.begin(), rows.begin() + static_cast<long>(take));
    if (rows.size() <= 5) break;
    page.after_id = rows[take - 1];
  }
  EXPECT_EQ(seen, everyone);
}

// ---- consents on the record -----------------------------------------------------

PreferenceChange change(std::string_view name, const std::string& value, int second) {
  return PreferenceChange{std::string(name), value, Instant{std::chrono::seconds{1456826400 + second}}, "test"};
}

TEST_P(CustomerTest, ConsentsOnTheRecordFollowTheHistory) {
  const Id id = insert_customer(t_, person("Ada", "Lovelace"));
  EXPECT_EQ(get_customer(t_, id).consent_updates, std::nullopt);
  EXPECT_EQ(get_customer(t_, id).consent_surveys, std::nullopt);
  ok(store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.put_preference(t_, id, change(preference::kConsentUpdates, "false", 0)));
    RETURN_IF_ERROR(tx.put_preference(t_, id, change(preference::kConsentSurveys, "true", 0)));
    RETURN_IF_ERROR(tx.put_preference(t_, id, change(preference::kConsentUpdates, "true", 0)));  // same second
    return tx.put_preference(t_, id, change(preference::kLanguage, "cy", 1));
  }));
  const Customer c = get_customer(t_, id);
  EXPECT_EQ(c.consent_updates, std::optional<bool>(true));
  EXPECT_EQ(c.consent_surveys, std::optional<bool>(true));
  auto history = ok(store().read_value<std::vector<PreferenceChange>>(
      [&](ReadTx& tx) { return tx.list_preferences(t_, id); }));
  EXPECT_EQ(history.size(), 4u);
  const ContactPreferences from_history = current_preferences(c, history), from_record = current_preferences(c);
  EXPECT_EQ(from_record.consent_updates, from_history.consent_updates);
  EXPECT_EQ(from_record.consent_surveys, from_history.consent_surveys);
  // A failed write leaves the record as the history: both unchanged.
  EXPECT_FALSE(store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.put_preference(t_, id, change(preference::kConsentSurveys, "false", 2)));
    return Error(ErrorCode::kConflict, "refused later");
  }).ok());
  EXPECT_EQ(get_customer(t_, id).consent_surveys, std::optional<bool>(true));
  // Erasure deletes the history, and with it what the record said.
  ok(store().write([&](Tx& tx) { return tx.erase_customer(t_, id, Instant{std::chrono::seconds{1456830000}}); }));
  EXPECT_EQ(get_customer(t_, id).consent_updates, std::nullopt);
  EXPECT_EQ(get_customer(t_, id).consent_surveys, std::nullopt);
}

TEST_P(CustomerTest, TheConsentsMigrationFillsRecordsFromTheirHistory) {
  const Id refused = insert_customer(t_, person("Ada", "Lovelace"));
  const Id agreed = insert_customer(t_, person("Cat", "Jones"));
  const Id silent = insert_customer(t_, person("Bea", "Smith"));
  ok(store().write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.put_preference(t_, refused, change(preference::kConsentUpdates, "true", 0)));
    RETURN_IF_ERROR(tx.put_preference(t_, refused, change(preference::kConsentUpdates, "false", 1)));
    RETURN_IF_ERROR(tx.put_preference(t_, agreed, change(preference::kConsentSurveys, "true", 0)));
    return tx.put_preference(t_, silent, change(preference::kLanguage, "cy", 0));
  }));
  // Records as they were before migration 0026, then its UPDATE.
  const auto& all = sql::all_migrations();
  const auto m = std::find_if(all.begin(), all.end(), [](const sql::Migration& x) { return x.version == 26; });
  ASSERT_NE(m, all.end());
  const std::string update(m->sql.substr(m->sql.find("UPDATE customers")));
  std::unique_ptr<sql::Connection> raw;
  if (GetParam() == "sqlite") {
    raw = ok(sql::SqliteConnection::open(db().url().substr(std::string("sqlite:").size()), {}));
  } else {
    raw = ok(sql::PostgresConnection::connect(db().url(), 5));
  }
  ok(raw->exec_script("UPDATE customers SET consent_updates = NULL, consent_surveys = NULL; " + update));
  EXPECT_EQ(get_customer(t_, refused).consent_updates, std::optional<bool>(false));
  EXPECT_EQ(get_customer(t_, refused).consent_surveys, std::nullopt);
  EXPECT_EQ(get_customer(t_, agreed).consent_updates, std::nullopt);
  EXPECT_EQ(get_customer(t_, agreed).consent_surveys, std::optional<bool>(true));
  EXPECT_EQ(get_customer(t_, silent).consent_updates, std::nullopt);
  EXPECT_EQ(get_customer(t_, silent).consent_surveys, std::nullopt);
}

CONTRACT_INSTANTIATE(CustomerTest);
CONTRACT_INSTANTIATE(ContactTest);

}  // namespace
}  // namespace civicdesk::contract
