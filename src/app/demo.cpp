// build_demo: the council and its catalogue through the app services (so
// they are validated like any other), then the generated history written in
// a few big store transactions with the store's own Tx methods.
#include "app/demo.h"

#include <thread>

#include "app/demo_internal.h"
#include "domain/reference.h"

namespace civicdesk {

namespace {

using std::chrono::days;

constexpr int kHistoryDays = 730;  // two years

Status check_options(const DemoOptions& o) {
  if (o.now == Instant{}) return invalid_field("now", "Say when the demo history ends");
  const LocalDate today = london_date(o.now);
  if (today - days{kHistoryDays + 120} < WorkingCalendar::kFirstDay || today > WorkingCalendar::kLastDay)
    return invalid_field("now", "The demo history must end between 1993 and 2100");
  if (o.wards < 1 || o.wards > static_cast<int>(demo::kWards.size()))
    return invalid_field("wards", "Choose 1 to " + std::to_string(demo::kWards.size()) + " wards");
  if (o.members < 0 || o.members > 1000) return invalid_field("members", "Choose 0 to 1000 councillors");
  if (o.customers < 0) return invalid_field("customers", "The number of customers cannot be negative");
  if (o.contacts < 0) return invalid_field("contacts", "The number of contacts cannot be negative");
  if (o.cases < 0) return invalid_field("cases", "The number of cases cannot be negative");
  return {};
}

}  // namespace

Result<DemoSummary> build_demo(Services& services, const DemoOptions& opt) {
  RETURN_IF_ERROR(check_options(opt));
  const Instant start = opt.now - days{kHistoryDays};
  const Instant created = start - days{90};  // the council went live on civicdesk before the history

  Tenant t;
  t.slug = opt.slug;
  t.name = opt.name;
  t.reference_prefix = opt.reference_prefix;
  t.division = Division::kEnglandAndWales;
  t.brand_colour = "#005a9c";
  t.me_respond_days = 5;
  t.me_close_days = 5;
  t.me_team_email = "members.enquiries@" + opt.slug + ".example";
  ASSIGN_OR_RETURN(Tenant tenant, services.catalogue.create_tenant(t, opt.holidays, created));
  const RequestContext ctx{tenant.id, Principal::system("demo"), created};

  demo::Rng catalogue_rng(demo::mix_seed(opt.seed, 1));
  ASSIGN_OR_RETURN(demo::CatalogueResult made, demo::write_catalogue(services, ctx, opt, catalogue_rng));
  // The retention periods civicdesk suggests (docs/data-protection.md).
  RETURN_IF_ERROR(services.privacy.set_retention_rules(ctx, default_retention_rules()));
  // The council's area: reports outside it are refused (docs/locations.md).
  RETURN_IF_ERROR(services.locations.set_boundary(ctx, std::string(demo::kBoundaryGeoJson)));
  ASSIGN_OR_RETURN(auto snapshot, services.catalogue.snapshot(ctx));

  demo::World w{opt, *snapshot, made, demo::delivery_unit_specs(), demo::service_specs(), {}, {}, {}, {}, {}, {}};
  for (size_t i = 0; i < w.services.size(); ++i) w.service_index[w.services[i].category.code] = static_cast<int>(i);
  w.streets_by_ward.assign(opt.wards, {});
  for (int s = 0; s < static_cast<int>(std::size(demo::kStreets)); ++s) {
    if (demo::kStreets[s].ward >= opt.wards) continue;
    w.streets.push_back(s);
    w.streets_by_ward[demo::kStreets[s].ward].push_back(s);
  }
  w.last_day = london_date(opt.now);
  w.first_day = london_date(start);
  w.start = start;

  demo::Rng people_rng(demo::mix_seed(opt.seed, 2));
  const demo::People people = demo::make_people(w, people_rng);

  DemoSummary sum;
  sum.tenant = tenant.id;
  sum.delivery_units = made.delivery_units;
  sum.teams = made.teams;
  sum.sla_policies = made.policies;
  sum.services = made.services;
  sum.wards = made.wards;
  sum.members = static_cast<int>(made.councillors.members.size());
  sum.officers = made.staff.count;
  sum.duplicate_customers = people.duplicates;

  // The history is written in four transactions, one kind of record each:
  // SQLite's FTS5 flushes its pending index at every statement savepoint
  // once a full-text table is part of the transaction, so events and
  // contacts go much faster in transactions of their own. Each function may
  // run again after a serialization failure, so each starts afresh.
  //
  // Customers are written on another thread while this one generates the
  // history (which needs no ids); the store's writer does the work meanwhile.
  const TenantId tid = tenant.id;
  std::vector<Id> customer_ids(people.customers.size());
  Status customers_written;
  std::optional<Result<demo::History>> history;
  {
    std::jthread writer([&] {
      customers_written = services.store.write([&](Tx& tx) -> Status {
        sum.customers = 0;
        for (size_t i = 0; i < people.customers.size(); ++i) {
          Customer c = people.customers[i];
          c.created_at = c.updated_at = people.created[i];
          c.version = 1;
          ASSIGN_OR_RETURN(customer_ids[i], tx.insert_customer(tid, c));
          ++sum.customers;
        }
        return {};
      });
    });
    history = demo::make_history(w, people, opt.seed);
  }  // joins the writer
  RETURN_IF_ERROR(customers_written);
  if (!*history) return history->error();
  const demo::History& h = history->value();

  std::vector<Id> case_ids(h.cases.size());
  std::vector<std::string> refs(h.cases.size());
  RETURN_IF_ERROR(services.store.write([&](Tx& tx) -> Status {
    sum.cases = sum.open_cases = sum.closed_cases = sum.closed_within_sla = 0;
    for (size_t pos = 0; pos < h.cases.size(); ++pos) {
      const demo::GenCase& g = h.cases[pos];
      Case c = g.c;
      ASSIGN_OR_RETURN(int64_t number, tx.next_case_number(tid));
      c.reference = format_reference(tenant.reference_prefix, number);
      if (g.customer >= 0) c.customer_id = customer_ids[g.customer];
      if (g.parent >= 0) c.parent_id = case_ids[g.parent];
      ASSIGN_OR_RETURN(case_ids[pos], tx.insert_case(tid, c));
      refs[pos] = c.reference;
      ++sum.cases;
      if (c.status == CaseStatus::kClosed) {
        ++sum.closed_cases;
        if (c.clock.resolve_by && london_date(*c.closed_at) <= *c.clock.resolve_by) ++sum.closed_within_sla;
      } else {
        ++sum.open_cases;
      }
    }
    return {};
  }));

  // Timelines after every case exists: an event may name a later case (a
  // parent's child tasks).
  RETURN_IF_ERROR(services.store.write([&](Tx& tx) -> Status {
    sum.events = 0;
    for (size_t pos = 0; pos < h.cases.size(); ++pos) {
      const demo::GenCase& g = h.cases[pos];
      const Id id = case_ids[pos];
      for (const demo::GenEvent& ge : g.events) {
        CaseEvent e;
        e.case_id = id;
        e.at = ge.at;
        e.actor = ge.actor_customer >= 0 ? "customer:" + std::to_string(customer_ids[ge.actor_customer]) : ge.actor;
        e.kind = ge.kind;
        e.visibility = ge.visibility;
        e.details = ge.details;
        if (ge.ref_case >= 0) e.details[ge.ref_key] = refs[ge.ref_case];
        RETURN_IF_ERROR(tx.append_event(tid, e));
        ++sum.events;
      }
      for (const Watcher& wt : g.watchers) RETURN_IF_ERROR(tx.add_watcher(tid, id, wt));
      if (g.duplicate_of >= 0) RETURN_IF_ERROR(tx.add_link(tid, id, LinkKind::kDuplicateOf, case_ids[g.duplicate_of]));
    }
    return {};
  }));

  RETURN_IF_ERROR(services.store.write([&](Tx& tx) -> Status {
    sum.contacts = sum.telephone_contacts = sum.resolved_at_first_contact = 0;
    for (const demo::GenContact& gc : h.contacts) {
      Contact k = gc.k;
      if (gc.customer >= 0) k.customer_id = customer_ids[gc.customer];
      if (gc.case_index >= 0) k.case_id = case_ids[gc.case_index];
      ASSIGN_OR_RETURN(k.id, tx.insert_contact(tid, k));
      ++sum.contacts;
      if (k.channel == Channel::kTelephone) ++sum.telephone_contacts;
      if (k.outcome == ContactOutcome::kResolvedAtFirstContact) ++sum.resolved_at_first_contact;
    }
    return {};
  }));
  return sum;
}

}  // namespace civicdesk
