// The demo council: a realistic, deterministic London borough generated from
// a seed, so that anyone can try civicdesk (and benchmarks have real data).
//
// Modelled on the London Borough of Barnet: its delivery units (DOMAIN.md),
// about 60 services with LGSL codes, wards and councillors, customers with
// UK names and addresses (some deliberate duplicates), and two years of
// contacts and cases ending at `now`, telephone-dominant, with realistic SLA
// performance. The same seed and `now` always give the same council.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/services.h"

namespace civicdesk {

struct DemoOptions {
  uint64_t seed = 2015;
  Instant now{};  // end of the generated history (required)
  std::string slug = "barnet";
  std::string name = "London Borough of Barnet";
  std::string reference_prefix = "BAR";
  int wards = 20;     // 1..21 (real Barnet ward names)
  int members = 60;   // spread evenly over the wards
  int customers = 20000;
  int contacts = 100000;
  int cases = 40000;
  // The council's calendar, every GOV.UK division (FOI clocks skip bank
  // holidays anywhere in the UK). build_demo reads no files: the caller loads
  // it (the CLI from data/bank-holidays.json).
  std::vector<BankHoliday> holidays;
};

struct DemoSummary {
  TenantId tenant = 0;
  int delivery_units = 0, services = 0, wards = 0, members = 0, officers = 0;
  int customers = 0, contacts = 0, cases = 0;
  // What was generated, for the CLI to print and benchmarks to check.
  int teams = 0, sla_policies = 0, events = 0;
  int duplicate_customers = 0;           // deliberate duplicates among `customers`
  int telephone_contacts = 0;            // contacts by telephone
  int resolved_at_first_contact = 0;     // contacts resolved at first contact (FCR numerator)
  int open_cases = 0, closed_cases = 0;  // at `now`
  int closed_within_sla = 0;             // closed on or before the resolve-by date
};

// Creates the demo council in an empty slug. already_exists if the slug is
// taken; invalid_field for options out of range (`now` unset, negative
// counts, wards outside 1..21). The catalogue is written through the app
// services (validated), the history in a few large store transactions
// (customers, cases, timelines, contacts); if one fails, the council is left
// half built: use a fresh database or another slug.
Result<DemoSummary> build_demo(Services& services, const DemoOptions& options);

}  // namespace civicdesk
