// The contacts report (docs/reports.md): channel mix and first-contact
// resolution (FCR = contacts resolved at first contact / all contacts,
// DOMAIN.md) by service, for the contacts logged in a period, as a report
// table like the committee reports.
//
//   ReportTable t = contacts_table(range, facts, service_names);
//
// Pure.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/contact.h"
#include "domain/me_report.h"

namespace civicdesk::report {

// One contact: the London day it was logged, its service (category code,
// "" for none), channel and outcome.
struct ContactFact {
  LocalDate day{};
  std::string category;
  Channel channel = Channel::kTelephone;
  ContactOutcome outcome = ContactOutcome::kResolvedAtFirstContact;
};

// One row per service (by name, ignoring case; contacts about no particular
// service last as "No particular service") with contacts in the period:
// contacts, one column per channel, resolved at first contact and its
// percentage; then Total. Contacts outside the range are left out.
ReportTable contacts_table(const MonthRange& range, const std::vector<ContactFact>& facts,
                           const std::map<std::string, std::string>& service_names);

}  // namespace civicdesk::report
