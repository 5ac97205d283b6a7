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

#include "app/services.h"

namespace civicdesk {

struct DemoOptions {
  uint64_t seed = 2015;
  Instant now{};  // end of the generated history (required)
  std::string slug = "barnet";
  int wards = 20;
  int members = 60;
  int customers = 20000;
  int contacts = 100000;
  int cases = 40000;
  std::vector<BankHoliday> holidays;  // the council's calendar (the caller loads it)
};

struct DemoSummary {
  TenantId tenant = 0;
  int delivery_units = 0, services = 0, wards = 0, members = 0, officers = 0;
  int customers = 0, contacts = 0, cases = 0;
};

// Creates the demo council in an empty slug. already_exists if the slug is
// taken.
Result<DemoSummary> build_demo(Services& services, const DemoOptions& options);

}  // namespace civicdesk
