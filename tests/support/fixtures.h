// A small council for tests: two delivery units, a few services with
// questions, SLA policies (including statutory ones), a ward, a councillor,
// officers and the bundled England & Wales calendar.
#pragma once

#include <map>

#include "app/services.h"

namespace civicdesk::testing {

struct SmallCouncil {
  TenantId tenant = 0;
  Id officer_street = 0;    // Street Scene officer
  Id officer_highways = 0;  // Highways officer
  Id member = 0;            // Cllr for "west-hendon"
  RequestContext ctx(Instant now) const { return RequestContext{tenant, Principal::system("test"), now}; }
};

// Creates the council "testshire" (prefix TST) through the app services.
// Aborts the test binary if anything fails.
SmallCouncil seed_small_council(Services& services, const std::string& slug = "testshire",
                                const std::string& prefix = "TST");

// One user per role in the council, each with a personal API token (the
// returned map). Passwords are "correct horse battery <role>". The resident
// gets a customer record (its id is written to *resident_customer).
std::map<Role, std::string> seed_users(Services& services, const SmallCouncil& council, Id* resident_customer);

// The bundled data/bank-holidays.json, parsed.
std::vector<BankHoliday> bundled_holidays();

// 2015-12-18T10:00:00Z style literal to Instant; aborts when malformed.
Instant at(const char* iso);

}  // namespace civicdesk::testing
