// The demo council: deterministic, realistic, and every record as valid as
// the app would have made it. A small council on every backend; the full
// default size on SQLite once.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <set>
#include <sstream>

#include "app/demo.h"
#include "domain/identifiers.h"
#include "domain/reference.h"
#include "support/fixtures.h"
#include "support/test_store.h"

namespace civicdesk {
namespace {

using testing::at;

constexpr const char* kNow = "2025-11-20T12:00:00Z";

DemoOptions small_options(uint64_t seed = 2015) {
  DemoOptions o;
  o.seed = seed;
  o.now = at(kNow);
  o.customers = 500;
  o.contacts = 2000;
  o.cases = 1000;
  o.holidays = testing::bundled_holidays();
  return o;
}

// Everything the demo wrote for one council, read back through the store.
struct Everything {
  std::vector<Case> cases;  // oldest first
  std::vector<Customer> customers;
  std::vector<Contact> contacts;
  std::map<Id, std::vector<CaseEvent>> events;
  std::map<Id, std::vector<Watcher>> watchers;
  std::map<Id, std::vector<CaseLink>> links;
};

Everything read_all(Store& store, TenantId t) {
  Everything all;
  Status s = store.read([&](ReadTx& tx) -> Status {
    CaseFilter f;
    f.limit = 1000;
    while (true) {
      ASSIGN_OR_RETURN(auto page, tx.list_cases(t, f));
      const bool more = page.size() > 1000;
      if (more) page.resize(1000);
      for (auto& c : page) all.cases.push_back(std::move(c));
      if (!more) break;
      f.after = CaseCursor{CaseSort::kNewest, all.cases.back().id, ""};
    }
    std::reverse(all.cases.begin(), all.cases.end());
    CustomerFilter cf;
    cf.limit = 1000;
    while (true) {
      ASSIGN_OR_RETURN(auto page, tx.list_customers(t, cf));
      const bool more = page.size() > 1000;
      if (more) page.resize(1000);
      for (auto& c : page) all.customers.push_back(std::move(c));
      if (!more) break;
      cf.after_id = all.customers.back().id;
    }
    ContactFilter kf;
    kf.limit = 1000;
    while (true) {
      ASSIGN_OR_RETURN(auto page, tx.list_contacts(t, kf));
      const bool more = page.size() > 1000;
      if (more) page.resize(1000);
      for (auto& c : page) all.contacts.push_back(std::move(c));
      if (!more) break;
      kf.after_id = all.contacts.back().id;
    }
    for (const Case& c : all.cases) {
      ASSIGN_OR_RETURN(all.events[c.id], tx.list_events(t, c.id, std::nullopt));
      ASSIGN_OR_RETURN(all.watchers[c.id], tx.list_watchers(t, c.id));
      ASSIGN_OR_RETURN(all.links[c.id], tx.list_links(t, c.id));
    }
    return {};
  });
  EXPECT_TRUE(s.ok()) << s.error().message;
  return all;
}

std::string opt_str(const std::optional<LocalDate>& d) { return d ? format_date(*d) : "-"; }
template <typename T>
std::string opt_num(const std::optional<T>& v) {
  return v ? std::to_string(*v) : "-";
}

// A text rendering of every row, for comparing two builds.
std::string render(const Everything& all) {
  std::ostringstream o;
  for (const Case& c : all.cases) {
    o << c.id << '|' << c.reference << '|' << to_string(c.type) << '|' << to_string(c.status) << '|'
      << to_string(c.priority) << '|' << c.category << '|' << c.delivery_unit << '|' << c.team << '|'
      << opt_num(c.assignee_id) << '|' << opt_num(c.customer_id) << '|' << opt_num(c.member_id) << '|'
      << opt_num(c.parent_id) << '|' << to_string(c.channel) << '|' << c.title << '|' << c.description << '|'
      << opt_num(c.location.lat) << ',' << opt_num(c.location.lng) << '|' << c.location.address << '|'
      << c.location.postcode << '|' << opt_num(c.location.uprn) << '|' << opt_num(c.location.usrn) << '|'
      << c.location.ward << '|';
    for (const auto& [k, v] : c.answers) {
      o << k << '=';
      for (const auto& x : v) o << x << ';';
    }
    o << '|' << c.sla.code << '|' << format_instant(c.received_at) << '|' << format_date(c.clock.received_on) << '|'
      << format_date(c.clock.start_day) << '|' << opt_str(c.clock.respond_by) << '|' << opt_str(c.clock.resolve_by)
      << '|' << opt_str(c.clock.paused_on) << '|' << c.clock.paused_days << '|' << c.clock.extension << '|'
      << opt_str(c.clock.responded_on) << '|' << (c.closed_at ? format_instant(*c.closed_at) : "-") << '|'
      << (c.outcome ? std::string(to_string(*c.outcome)) : "-") << '|' << c.outcome_notes << '|'
      << format_instant(c.created_at) << '|' << format_instant(c.updated_at) << '|' << c.version << '\n';
    for (const CaseEvent& e : all.events.at(c.id)) {
      o << "  " << format_instant(e.at) << ' ' << e.actor << ' ' << e.kind << ' ' << to_string(e.visibility);
      for (const auto& [k, v] : e.details) o << ' ' << k << '=' << v;
      o << '\n';
    }
    for (const Watcher& w : all.watchers.at(c.id)) o << "  watcher " << to_string(w.kind) << opt_num(w.ref_id) << '\n';
    for (const CaseLink& l : all.links.at(c.id)) o << "  link " << to_string(l.kind) << ' ' << l.other_reference << '\n';
  }
  for (const Customer& c : all.customers) {
    o << c.id << '|' << to_string(c.kind) << '|' << c.display_name() << '|' << opt_str(c.date_of_birth) << '|'
      << c.language << '|' << c.needs_support << '|' << c.support_notes << '|' << format_instant(c.created_at) << '|';
    for (const auto& e : c.emails) o << e.address << ',' << e.label << ',' << e.primary << ';';
    for (const auto& p : c.phones) o << p.number << ',' << p.label << ',' << p.primary << ';';
    for (const auto& a : c.addresses) o << a.line1 << ',' << a.line2 << ',' << a.town << ',' << a.postcode << ',' << opt_num(a.uprn) << ';';
    o << (c.preferred_channel ? std::string(to_string(*c.preferred_channel)) : "-") << '\n';
  }
  for (const Contact& k : all.contacts) {
    o << k.id << '|' << opt_num(k.customer_id) << '|' << to_string(k.channel) << '|' << to_string(k.direction) << '|'
      << format_instant(k.at) << '|' << opt_num(k.handler_id) << '|' << k.category << '|' << k.reason << '|'
      << to_string(k.outcome) << '|' << k.signposted_to << '|' << k.duration_seconds << '|' << opt_num(k.case_id)
      << '|' << k.notes << '\n';
  }
  return o.str();
}

class DemoTest : public ::testing::TestWithParam<std::string> {
 protected:
  // Builds a council in a fresh store; returns its summary.
  DemoSummary build(testing::TestStore& db, Services& services, const DemoOptions& o) {
    auto sum = build_demo(services, o);
    EXPECT_TRUE(sum.ok()) << sum.error().message << " (" << sum.error().field << ")";
    return sum.ok() ? *sum : DemoSummary{};
  }
};

TEST_P(DemoTest, SameSeedSameCouncilOtherSeedAnother) {
  testing::TestStore a(GetParam()), b(GetParam()), c(GetParam());
  Services sa(a.store()), sb(b.store()), sc(c.store());
  const DemoSummary one = build(a, sa, small_options(7));
  const DemoSummary two = build(b, sb, small_options(7));
  const DemoSummary other = build(c, sc, small_options(8));
  const std::string r1 = render(read_all(a.store(), one.tenant));
  const std::string r2 = render(read_all(b.store(), two.tenant));
  const std::string r3 = render(read_all(c.store(), other.tenant));
  EXPECT_GT(r1.size(), 100000u);
  EXPECT_TRUE(r1 == r2) << "two builds with seed 7 differ";
  EXPECT_FALSE(r1 == r3) << "seeds 7 and 8 gave the same council";
}

TEST_P(DemoTest, SmallCouncilIsRealisticAndValid) {
  testing::TestStore db(GetParam());
  Services services(db.store());
  const DemoOptions o = small_options();
  const DemoSummary sum = build(db, services, o);
  const Instant now = o.now;

  // The catalogue.
  EXPECT_EQ(sum.delivery_units, 10);
  EXPECT_GE(sum.services, 55);
  EXPECT_LE(sum.services, 70);
  EXPECT_EQ(sum.wards, 20);
  EXPECT_EQ(sum.members, 60);
  EXPECT_GE(sum.officers, 100);
  RequestContext ctx{sum.tenant, Principal::system(), now};
  auto snap = services.catalogue.snapshot(ctx);
  ASSERT_TRUE(snap.ok()) << snap.error().message;
  const CatalogueSnapshot& cat = **snap;
  EXPECT_EQ(cat.tenant.slug, "barnet");
  EXPECT_EQ(cat.tenant.name, "London Borough of Barnet");
  EXPECT_EQ(cat.tenant.reference_prefix, "BAR");
  for (const char* du : {"street-scene", "re", "barnet-homes", "parking", "adults-communities", "csg",
                         "family-services", "education-skills", "assurance", "commissioning-group"})
    EXPECT_TRUE(cat.delivery_units.count(du)) << du;
  EXPECT_TRUE(cat.wards.count("west-hendon"));
  const Category& bin = cat.categories.at("missed-bin");
  EXPECT_EQ(bin.lgsl, 524);
  ASSERT_FALSE(bin.questions.empty());
  EXPECT_EQ(bin.questions[0].prompt, "Which bin?");
  EXPECT_EQ(bin.questions[0].type, QuestionType::kSingleValueList);
  const Category& tip = cat.categories.at("fly-tipping");
  EXPECT_EQ(tip.lgsl, 587);
  EXPECT_TRUE(tip.location_required);
  EXPECT_EQ(tip.questions[0].prompt, "What was dumped?");
  EXPECT_EQ(tip.questions[0].type, QuestionType::kMultiValueList);
  std::set<int> lgsl;
  for (const auto& [code, c] : cat.categories)
    if (c.lgsl) lgsl.insert(*c.lgsl);
  for (int code : {524, 587, 557, 564, 412, 474, 58, 141, 353, 722, 879, 826}) EXPECT_TRUE(lgsl.count(code)) << code;
  EXPECT_EQ(cat.policies.at("complaint").resolve_from, ResolveFrom::kResponse);
  EXPECT_EQ(cat.policies.at("foi_request").counting, CountingRule::kAfterReceipt);
  EXPECT_EQ(cat.policies.at("subject_access_request").clock, ClockKind::kCalendarMonths);
  std::map<std::string, int> per_ward;
  for (const auto& [id, m] : cat.members) {
    ++per_ward[m.ward];
    EXPECT_TRUE(m.email.ends_with("@barnet.gov.uk")) << m.email;
  }
  for (const auto& [ward, n] : per_ward) EXPECT_EQ(n, 3) << ward;
  std::set<OfficerRole> roles;
  for (const auto& [id, off] : cat.officers) {
    roles.insert(off.role);
    EXPECT_TRUE(off.email.ends_with("@barnet.gov.uk")) << off.email;
  }
  EXPECT_EQ(roles.size(), 5u);

  // The history: counts.
  const Everything all = read_all(db.store(), sum.tenant);
  EXPECT_EQ(sum.customers, 500);
  EXPECT_EQ(sum.contacts, 2000);
  EXPECT_EQ(sum.cases, 1000);
  EXPECT_EQ(all.customers.size(), 500u);
  EXPECT_EQ(all.contacts.size(), 2000u);
  EXPECT_EQ(all.cases.size(), 1000u);
  EXPECT_GT(sum.duplicate_customers, 2);
  EXPECT_LT(sum.duplicate_customers, 30);

  // Customers are valid as the app would store them, and reach nobody real.
  const LocalDate today = london_date(now);
  int needs_support = 0, organisations = 0, without_uprn = 0;
  for (const Customer& c : all.customers) {
    auto n = normalise_customer(c, today);
    ASSERT_TRUE(n.ok()) << c.display_name() << ": " << n.error().message << " " << n.error().field;
    EXPECT_EQ(n->emails, c.emails);
    EXPECT_EQ(n->phones, c.phones);
    EXPECT_EQ(n->addresses, c.addresses);
    for (const auto& e : c.emails) {
      const std::string domain = e.address.substr(e.address.find('@') + 1);
      EXPECT_TRUE(domain == "example.com" || domain == "example.org" || domain == "example.net") << e.address;
    }
    for (const auto& p : c.phones) {
      const bool drama = p.number.starts_with("+447700900") || p.number.starts_with("+442079460") ||
                         p.number.substr(6, 4) == "4960" || p.number.starts_with("+442920180") ||
                         p.number.starts_with("+441632960");
      EXPECT_TRUE(drama) << p.number;
    }
    for (const auto& a : c.addresses) without_uprn += !a.uprn.has_value();  // duplicates typed by hand
    needs_support += c.needs_support;
    organisations += c.kind == CustomerKind::kOrganisation;
  }
  EXPECT_LE(without_uprn, sum.duplicate_customers);
  EXPECT_GT(needs_support, 5);
  EXPECT_LT(needs_support, 50);
  EXPECT_GT(organisations, 3);

  // Nobody is in touch before they were first recorded.
  std::map<Id, Instant> recorded;
  for (const Customer& c : all.customers) recorded[c.id] = c.created_at;
  for (const Case& c : all.cases) {
    if (c.customer_id) { EXPECT_LE(recorded.at(*c.customer_id), c.received_at) << c.reference; }
  }
  for (const Contact& k : all.contacts) {
    if (k.customer_id) { EXPECT_LE(recorded.at(*k.customer_id), k.at) << k.id; }
  }

  // Contacts: telephone-dominant, about two thirds resolved at first contact.
  std::map<Channel, int> channels;
  std::map<ContactOutcome, int> outcomes;
  std::map<Id, const Case*> by_id;
  for (const Case& c : all.cases) by_id[c.id] = &c;
  for (const Contact& k : all.contacts) {
    ++channels[k.channel];
    ++outcomes[k.outcome];
    EXPECT_TRUE(validate(k, now).ok()) << k.id;
    if (k.outcome == ContactOutcome::kCaseCreated) {
      ASSERT_TRUE(k.case_id.has_value());
      EXPECT_EQ(by_id.at(*k.case_id)->channel, k.channel);
      EXPECT_FALSE(k.case_reference.empty());
    }
    if (k.outcome == ContactOutcome::kSignposted) { EXPECT_FALSE(k.signposted_to.empty()); }
    if (!k.category.empty()) { EXPECT_TRUE(cat.categories.count(k.category)) << k.category; }
    if (k.handler_id) { EXPECT_TRUE(cat.officers.count(*k.handler_id)); }
  }
  const double phone = channels[Channel::kTelephone] / 2000.0;
  const double fcr = outcomes[ContactOutcome::kResolvedAtFirstContact] / 2000.0;
  EXPECT_GT(phone, 0.72);
  EXPECT_LT(phone, 0.88);
  EXPECT_GT(fcr, 0.58);
  EXPECT_LT(fcr, 0.72);
  EXPECT_GT(outcomes[ContactOutcome::kCaseCreated], 300);
  EXPECT_GT(outcomes[ContactOutcome::kSignposted], 60);
  EXPECT_GT(outcomes[ContactOutcome::kTransferred], 20);
  EXPECT_EQ(sum.telephone_contacts, channels[Channel::kTelephone]);
  EXPECT_EQ(sum.resolved_at_first_contact, outcomes[ContactOutcome::kResolvedAtFirstContact]);

  // Cases.
  std::set<std::string> refs, by_reference;
  for (const Case& c : all.cases) by_reference.insert(c.reference);
  std::map<CaseType, int> types;
  int closed = 0, within = 0, located = 0, members = 0, children = 0, open_old = 0, open_recent = 0;
  const Instant start = now - std::chrono::days{730};
  for (const Case& c : all.cases) {
    SCOPED_TRACE(c.reference + " " + c.title);
    ++types[c.type];
    EXPECT_TRUE(refs.insert(c.reference).second) << "repeated reference";
    EXPECT_EQ(normalise_reference(c.reference), c.reference);
    EXPECT_TRUE(c.reference.starts_with("BAR-"));
    EXPECT_TRUE(validate_case_text(c).ok());
    EXPECT_GE(c.received_at, start);
    EXPECT_LE(c.received_at, now);
    EXPECT_LE(c.updated_at, now);
    EXPECT_GE(c.created_at, c.received_at);

    const Category& category = cat.categories.at(c.category);
    auto answers = validate_answers(category, c.answers);
    ASSERT_TRUE(answers.ok()) << answers.error().message;
    EXPECT_EQ(*answers, c.answers);
    EXPECT_TRUE(cat.delivery_units.count(c.delivery_unit));
    if (!c.team.empty()) { EXPECT_EQ(cat.teams.at(c.team).delivery_unit, c.delivery_unit); }
    if (c.assignee_id) { EXPECT_EQ(cat.officers.at(*c.assignee_id).delivery_unit, c.delivery_unit); }

    auto loc = normalise_location(c.location);
    ASSERT_TRUE(loc.ok()) << loc.error().message;
    EXPECT_EQ(*loc, c.location);
    if (!c.location.ward.empty()) { EXPECT_TRUE(cat.wards.count(c.location.ward)); }
    if (category.location_required) { EXPECT_TRUE(c.location.lat.has_value()); }
    if (c.location.lat) {
      ++located;
      EXPECT_GE(*c.location.lat, 51.555);
      EXPECT_LE(*c.location.lat, 51.670);
      EXPECT_GE(*c.location.lng, -0.305);
      EXPECT_LE(*c.location.lng, -0.130);
    }

    // The clock is the one start_clock gives for the receipt, moved only by
    // the pauses, extensions and response the case records.
    const WorkingCalendar& cal = cat.calendar_for(c.sla);
    const SlaClock fresh = start_clock(c.sla, cal, c.received_at);
    EXPECT_EQ(c.clock.received_on, fresh.received_on);
    EXPECT_EQ(c.clock.start_day, fresh.start_day);
    ASSERT_TRUE(c.clock.resolve_by.has_value());
    if (c.sla.clock == ClockKind::kCalendarMonths) {
      EXPECT_EQ(*c.clock.resolve_by,
                cal.working_day_on_or_after(add_calendar_months(c.clock.received_on, c.sla.resolve_days + c.clock.extension) +
                                            std::chrono::days{c.clock.paused_days}));
    } else if (c.sla.resolve_from == ResolveFrom::kResponse && c.clock.responded_on) {
      EXPECT_EQ(*c.clock.resolve_by,
                cal.add_working_days(cal.working_day_on_or_after(*c.clock.responded_on),
                                     c.sla.resolve_days + c.clock.extension + c.clock.paused_days));
    } else {
      EXPECT_EQ(*c.clock.resolve_by, cal.add_working_days(*fresh.resolve_by, c.clock.extension + c.clock.paused_days));
    }
    if (c.type == CaseType::kMemberEnquiry) {
      EXPECT_EQ(c.sla.code, "member_enquiry");
      EXPECT_EQ(c.clock.resolve_by, fresh.resolve_by);
    } else if (cat.policies.count(std::string(to_string(c.type)))) {
      EXPECT_EQ(c.sla, cat.policies.at(std::string(to_string(c.type))));
    } else {
      EXPECT_EQ(c.sla, cat.policies.at(category.sla_policy));
    }

    if (c.status == CaseStatus::kClosed) {
      ++closed;
      ASSERT_TRUE(c.outcome.has_value());
      ASSERT_TRUE(c.closed_at.has_value());
      EXPECT_GE(*c.closed_at, c.received_at);
      EXPECT_LE(*c.closed_at, now);
      EXPECT_FALSE(c.outcome_notes.empty());
      const bool complaint_outcome = *c.outcome == CaseOutcome::kUpheld || *c.outcome == CaseOutcome::kPartlyUpheld ||
                                     *c.outcome == CaseOutcome::kNotUpheld;
      EXPECT_EQ(complaint_outcome, c.type == CaseType::kComplaint);
      if (met(london_date(*c.closed_at), *c.clock.resolve_by)) ++within;
      EXPECT_FALSE(c.clock.paused_on.has_value());
    } else {
      EXPECT_FALSE(c.outcome.has_value());
      EXPECT_FALSE(c.closed_at.has_value());
      EXPECT_EQ(c.clock.paused_on.has_value(), c.status == CaseStatus::kAwaitingCustomer);
      (c.received_at < now - std::chrono::days{90} ? open_old : open_recent)++;
    }
    if (c.type == CaseType::kMemberEnquiry) {
      ++members;
      ASSERT_TRUE(c.member_id.has_value());
      EXPECT_TRUE(cat.members.count(*c.member_id));
      bool watched = false;
      for (const Watcher& w : all.watchers.at(c.id))
        watched = watched || (w.kind == WatcherKind::kMember && w.ref_id == c.member_id);
      EXPECT_TRUE(watched);
    } else {
      EXPECT_FALSE(c.member_id.has_value());
    }
    if (c.parent_id) {
      ++children;
      const Case& parent = *by_id.at(*c.parent_id);
      EXPECT_EQ(parent.type, CaseType::kMemberEnquiry);
      EXPECT_EQ(parent.member_id, c.member_id);
      EXPECT_NE(parent.delivery_unit, c.delivery_unit);
      EXPECT_LE(parent.received_at, c.received_at);
      if (parent.status == CaseStatus::kClosed) { EXPECT_EQ(c.status, CaseStatus::kClosed); }
    }

    // The timeline: received first, in time order, up to now, and it agrees
    // with the case.
    const auto& events = all.events.at(c.id);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.front().kind, "received");
    EXPECT_EQ(events.front().at, c.created_at);
    Instant last = events.front().at;
    std::string status = "new";
    for (const CaseEvent& e : events) {
      EXPECT_GE(e.at, last);
      EXPECT_LE(e.at, now);
      last = e.at;
      if (e.kind == "status_changed") {
        EXPECT_EQ(e.details.at("from"), status);
        status = e.details.at("to");
      }
    }
    EXPECT_EQ(status, to_string(c.status));
    for (const CaseLink& l : all.links.at(c.id)) {
      if (l.kind == LinkKind::kParent) { EXPECT_EQ(c.parent_id, l.other_id); }
      if (l.kind == LinkKind::kChild) { EXPECT_EQ(by_id.at(l.other_id)->parent_id, c.id); }
      EXPECT_NE(l.kind, LinkKind::kRelated);
      EXPECT_TRUE(by_reference.count(l.other_reference)) << l.other_reference;
      if (l.kind == LinkKind::kDuplicateOf) { EXPECT_EQ(c.outcome, CaseOutcome::kDuplicate); }
    }
  }
  EXPECT_GT(located, 300);
  EXPECT_GT(types[CaseType::kServiceRequest], 450);
  EXPECT_GT(types[CaseType::kGeneralEnquiry], 100);
  EXPECT_GT(members, 50);
  EXPECT_GT(types[CaseType::kComplaint], 20);
  EXPECT_GT(types[CaseType::kFoiRequest], 10);
  EXPECT_GT(children, 0);
  EXPECT_GT(closed, 900);  // two years of history: nearly all closed
  EXPECT_GT(open_recent, open_old);
  const double sla = static_cast<double>(within) / closed;
  EXPECT_GT(sla, 0.75);
  EXPECT_LT(sla, 0.92);
  EXPECT_EQ(sum.closed_cases, closed);
  EXPECT_EQ(sum.closed_within_sla, within);
  std::cout << "[ demo     ] " << GetParam() << ": telephone " << phone * 100 << "%, FCR " << fcr * 100
            << "%, closed within SLA " << sla * 100 << "%, open " << sum.open_cases << ", events " << sum.events
            << std::endl;
}

// The council's boundary is a simplified outline of Barnet; every demo case
// with a point lies inside it, and a point outside is refused.
TEST_P(DemoTest, DemoCasesLieInsideTheBoundary) {
  testing::TestStore db(GetParam());
  Services services(db.store());
  const DemoOptions o = small_options();
  const DemoSummary sum = build(db, services, o);
  RequestContext ctx{sum.tenant, Principal::system(), o.now};
  auto snap = services.catalogue.snapshot(ctx);
  ASSERT_TRUE(snap.ok());
  const geo::Boundary& b = (*snap)->boundary;
  ASSERT_FALSE(b.empty());
  int located = 0;
  for (const Case& c : read_all(db.store(), sum.tenant).cases) {
    if (!c.location.lat) continue;
    ++located;
    EXPECT_TRUE(geo::contains(b, geo::Point{*c.location.lat, *c.location.lng}))
        << c.reference << " " << *c.location.lat << "," << *c.location.lng;
  }
  EXPECT_GT(located, 100);
  // Barnet's neighbours are outside: Enfield Town, Harrow, Camden Town.
  EXPECT_FALSE(geo::contains(b, geo::Point{51.652, -0.081}));
  EXPECT_FALSE(geo::contains(b, geo::Point{51.580, -0.334}));
  EXPECT_FALSE(geo::contains(b, geo::Point{51.539, -0.143}));
  NewCase n;
  n.category = "pothole";
  n.description = "In Enfield";
  n.location.lat = 51.652;
  n.location.lng = -0.081;
  auto refused = services.cases.create(ctx, n);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "location");
}

TEST_P(DemoTest, TakenSlugIsRefused) {
  testing::TestStore db(GetParam());
  Services services(db.store());
  DemoOptions o = small_options();
  o.customers = 20;
  o.contacts = 50;
  o.cases = 30;
  ASSERT_TRUE(build_demo(services, o).ok());
  auto again = build_demo(services, o);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().field, "slug");
  // Another slug is fine: a second demo council in the same database.
  o.slug = "barnet-two";
  o.reference_prefix = "BTW";
  auto other = build_demo(services, o);
  ASSERT_TRUE(other.ok()) << other.error().message;
  EXPECT_EQ(other->cases, 30);
}

TEST_P(DemoTest, OptionsAreChecked) {
  testing::TestStore db(GetParam());
  Services services(db.store());
  DemoOptions o = small_options();
  o.now = Instant{};
  auto r = build_demo(services, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "now");
  o = small_options();
  o.wards = 22;
  r = build_demo(services, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "wards");
  o = small_options();
  o.cases = -1;
  EXPECT_FALSE(build_demo(services, o).ok());
  // Nothing was created.
  auto tenants = services.catalogue.tenants();
  ASSERT_TRUE(tenants.ok());
  EXPECT_TRUE(tenants->empty());
}

TEST_P(DemoTest, EmptyHistoryIsFine) {
  testing::TestStore db(GetParam());
  Services services(db.store());
  DemoOptions o = small_options();
  o.customers = 0;
  o.contacts = 0;
  o.cases = 0;
  o.wards = 1;
  o.members = 2;
  auto r = build_demo(services, o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->wards, 1);
  EXPECT_EQ(r->members, 2);
  EXPECT_EQ(r->cases, 0);
  // No councillors: no Members' Enquiries, and everything else still works.
  o.slug = "quiet";
  o.reference_prefix = "QT";
  o.members = 0;
  o.customers = 0;
  o.cases = 200;
  o.contacts = 300;
  auto q = build_demo(services, o);
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->cases, 200);
  EXPECT_EQ(q->contacts, 300);
  auto mes = db.store().read_value<std::vector<Case>>([&](ReadTx& tx) {
    CaseFilter f;
    f.type = CaseType::kMemberEnquiry;
    return tx.list_cases(q->tenant, f);
  });
  ASSERT_TRUE(mes.ok());
  EXPECT_TRUE(mes->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoTest, ::testing::ValuesIn(testing::test_backends()));

// The full default council, on SQLite: the size benchmarks and screenshots use.
TEST(DemoFull, DefaultSizeOnSqlite) {
  testing::TestStore db("sqlite");
  Services services(db.store());
  DemoOptions o;
  o.now = at(kNow);
  o.holidays = testing::bundled_holidays();
  const auto t0 = std::chrono::steady_clock::now();
  auto sum = build_demo(services, o);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(sum.ok()) << sum.error().message;
  EXPECT_EQ(sum->customers, 20000);
  EXPECT_EQ(sum->contacts, 100000);
  EXPECT_EQ(sum->cases, 40000);
  EXPECT_EQ(sum->members, 60);
  EXPECT_EQ(sum->wards, 20);
  auto counts = db.store().read_value<std::vector<StatusCount>>(
      [&](ReadTx& tx) { return tx.count_cases_by_status(sum->tenant); });
  ASSERT_TRUE(counts.ok());
  int64_t total = 0;
  for (const auto& c : *counts) total += c.count;
  EXPECT_EQ(total, 40000);
  std::cout << "[ demo     ] full default demo on SQLite in " << seconds << " s: " << sum->events << " events, "
            << "telephone " << 100.0 * sum->telephone_contacts / sum->contacts << "%, FCR "
            << 100.0 * sum->resolved_at_first_contact / sum->contacts << "%, closed within SLA "
            << 100.0 * sum->closed_within_sla / sum->closed_cases << "%, open " << sum->open_cases
            << ", duplicates " << sum->duplicate_customers << std::endl;
}

}  // namespace
}  // namespace civicdesk
