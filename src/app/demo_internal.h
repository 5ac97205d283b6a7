// The demo council's generator, in parts (private to src/app/demo*.cpp):
//
//   demo_catalogue.cpp  delivery units, teams, officers, wards, councillors,
//                       SLA policies and ~60 services, written through the
//                       app services (validated)
//   demo_people.cpp     customers: names, contact details, homes, duplicates
//   demo_history.cpp    two years of cases and contacts: what, when, who, where
//   demo_timeline.cpp   each case's timeline, by the domain's rules
//   demo.cpp            build_demo: runs the parts, writes the history in a
//                       few big transactions
//
// Generation works on indices (customer 12, case 345); the writer maps them
// to the ids the store hands out, so nothing generated depends on the
// database.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/catalogue_cache.h"
#include "app/demo.h"
#include "app/demo_data.h"
#include "app/demo_random.h"

namespace civicdesk::demo {

// ---- catalogue -----------------------------------------------------------------

struct DuSpec {
  std::string code, name, description;
  double meet;  // share of cases closed within their SLA
};

struct TeamSpec {
  std::string code, delivery_unit, name;
  int officers;  // besides the team lead
};

// Where a service's cases happen.
enum class Where {
  kNone,      // no location (council tax, FOI...)
  kStreet,    // a point in the street, with the street's USRN
  kProperty,  // the customer's home: address, postcode, UPRN
};

struct ServiceSpec {
  Category category;  // as written to the catalogue
  std::string team;   // the team that handles its cases
  Where where = Where::kNone;
  Theme theme = Theme::kGeneral;  // who the contact centre signposts to
  // Relative frequencies: among service requests, general enquiries,
  // Members' Enquiries and contacts that need no case.
  double requests = 0, enquiries = 0, members = 0, contacts = 0;
  double anonymous = 0;  // share reported without a customer
  // Text, with placeholders: %s street, %a the first answer's name, %w ward.
  std::vector<std::string> titles, descriptions, updates, resolutions, quick;
};

std::vector<DuSpec> delivery_unit_specs();
std::vector<TeamSpec> team_specs();
std::vector<SlaPolicy> sla_policy_specs();
std::vector<ServiceSpec> service_specs();

struct Staff {
  std::map<std::string, std::vector<Id>> by_team;  // officers and the lead of each team
  std::map<std::string, Id> lead;                  // team code -> its lead
  std::map<std::string, Id> manager;               // delivery unit code -> its head of service
  std::vector<Id> advisors;                        // contact centre (CSG customer services)
  Id members_enquiries_officer = 0;                // runs the ME process (Assurance)
  int count = 0;
};

struct Councillors {
  std::vector<Member> members;              // with their ids
  std::vector<std::vector<int>> by_ward;    // indices into members, per ward index
};

struct CatalogueResult {
  Staff staff;
  Councillors councillors;
  int delivery_units = 0, teams = 0, policies = 0, services = 0, wards = 0;
};

// Writes the catalogue for `ctx.tenant` through the app services.
Result<CatalogueResult> write_catalogue(Services& services, const RequestContext& ctx, const DemoOptions& opt,
                                        Rng& rng);

// ---- the world the history is generated in ---------------------------------------

struct World {
  const DemoOptions& opt;
  const CatalogueSnapshot& cat;
  const CatalogueResult& made;
  std::vector<DuSpec> dus;
  std::vector<ServiceSpec> services;
  std::map<std::string, int> service_index;  // category code -> index into services
  std::vector<int> streets;                  // usable streets (in the demo's wards)
  std::vector<std::vector<int>> streets_by_ward;
  LocalDate first_day{}, last_day{};         // London dates of the history
  Instant start{};                           // start of the history

  const ServiceSpec& service(const std::string& code) const { return services[service_index.at(code)]; }
  const DuSpec& du(const std::string& code) const;
};

// A point, address and postcode in a street; `number` picks the house.
Location street_location(int street, int number, Rng& rng);
std::string postcode_for(int street, int number);
int64_t uprn_for(int street, int number, int flat);
int64_t usrn_for(int street);
std::string town_for(int street);

// ---- people ----------------------------------------------------------------------

struct People {
  std::vector<Customer> customers;  // normalised; ids, created_at filled by the writer
  std::vector<Location> home;       // where each customer lives (point, address, UPRN, ward)
  std::vector<int> street;          // street index of each customer's home
  std::vector<int> ward;            // ward index of each customer's home
  std::vector<double> activity;     // how often each contacts the council (5% make 20% of contacts)
  // When each was first recorded: at the migration from the old CRM before
  // the history starts, or during it. The history only uses a customer after
  // this, so customers can be written while the history is generated.
  std::vector<Instant> created;
  std::vector<int> migrated;        // customers recorded before the history starts
  std::vector<std::vector<int>> by_ward;  // people (not organisations) per ward index
  int duplicates = 0;
};

// A person's name from one of the name groups.
struct PersonName {
  std::string given, family, title;
  bool female = false;
  int group = 0;
};
PersonName random_name(Rng& rng);

People make_people(const World& w, Rng& rng);

// ---- history ---------------------------------------------------------------------

struct GenEvent {
  Instant at{};
  std::string actor;       // "officer:12", "member:3", "system"...
  int actor_customer = -1; // when the actor is a customer: index, rendered "customer:<id>"
  std::string kind;
  Visibility visibility = Visibility::kInternal;
  std::map<std::string, std::string> details;
  // A detail naming another case by its reference, which only the writer
  // knows: details[ref_key] = reference of case ref_case.
  std::string ref_key;
  int ref_case = -1;
};

struct GenCase {
  Case c;                  // customer_id and parent_id unset: see the indices
  int customer = -1;       // index into People::customers
  int parent = -1;         // index of the parent case (Members' Enquiry child tasks)
  int duplicate_of = -1;   // index of the earlier case this one duplicates
  std::vector<GenEvent> events;
  std::vector<Watcher> watchers;
};

struct GenContact {
  Contact k;               // customer_id and case_id unset: see the indices
  int customer = -1;
  int case_index = -1;
};

struct History {
  std::vector<GenCase> cases;        // in order of receipt (parents before children)
  std::vector<GenContact> contacts;  // in time order
};

// What a case will be, decided before it is run (demo_history.cpp).
struct CasePlan {
  CaseType type = CaseType::kServiceRequest;
  int service = 0;  // its category, index into World::services
  int about = -1;   // complaints and compliments: the service they are about
  int parent = -1;  // plan index of the parent (Members' Enquiry child tasks)
  bool from_contact = false;  // logged from a contact (else self-service, or a councillor)
  Channel channel = Channel::kTelephone;
  Instant received{};
  int order = 0;
};

// Plays out one case's timeline (demo_timeline.cpp).
class CaseRunner {
 public:
  CaseRunner(const World& w, Rng& rng) : w_(w), rng_(rng) {}

  // Runs `g` (filled in as received, with its clock started) from receipt to
  // closure, or to `now` if that comes first: the events up to now are
  // appended and the case left as it stands then. Returns when it closes
  // (possibly after now). Parents close after `child_close`; a case with a
  // `duplicate_candidate` (index of an earlier case) may be closed as its
  // duplicate. A domain refusal (a bug) is left in `error`.
  Instant run(GenCase& g, const CasePlan& plan, const std::vector<Instant>& child_close,
              std::optional<Instant> not_before_close, int duplicate_candidate);

  std::optional<Error> error;

 private:
  struct Action {
    Instant at;
    int order;
    std::function<void()> run;
  };

  // A time during office hours on working day `d` (or the next one).
  Instant office_time(LocalDate d);
  // Some minutes after `t`, moved into the next office hours if outside them.
  Instant work_after(Instant t, int min_minutes, int max_minutes);
  // An officer of the team (not its lead, when it has others).
  Id pick_officer(const std::string& team);
  std::string officer_name(Id id) const;
  const WorkingCalendar& cal() const { return w_.cat.council_calendar; }

  const World& w_;
  Rng& rng_;
};

// The Europe/London hour (0-23) of an instant.
int london_hour(Instant t);

Result<History> make_history(const World& w, const People& people, uint64_t seed);

// The SLA policy a new case runs under, by CaseService's rule (a policy named
// after the case type wins; Members' Enquiries use the council's targets;
// otherwise the category's policy).
SlaPolicy policy_for_case(const CatalogueSnapshot& cat, CaseType type, const Category& category);

}  // namespace civicdesk::demo
