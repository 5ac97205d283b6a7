// Who may do what: principals, roles, API scopes, and the rules for seeing
// and changing cases and customers. Pure functions, used by app/ in every use
// case (pages and API alike), and by the store to filter listings.
//
// Roles (a person has one):
//   resident        their own cases and contacts only
//   councillor      enquiries they raised, are copied into, or in their ward
//   advisor         contact centre: create and view cases, log contacts,
//                   search customers
//   officer         cases of their delivery unit (and team)
//   lead            as officer, for the whole delivery unit, and assigns
//   manager         every case, approvals, reports
//   administrator   catalogue, users, configuration, the audit trail
// API clients act with scopes instead of a role.
//
// Restricted categories (safeguarding, social care) are visible only to the
// teams named on the category, whatever the role; they are left out of
// search results and reports for everyone else. Councils never see each
// other's data: that is enforced by every store key, not here.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/case.h"
#include "domain/catalogue.h"

namespace civicdesk {

enum class Role { kResident, kCouncillor, kAdvisor, kOfficer, kLead, kManager, kAdministrator };
std::string_view to_string(Role);
Result<Role> parse_role(std::string_view);
bool is_staff(Role r);

// API scopes (tokens for other systems).
namespace scope {
inline constexpr std::string_view kCasesRead = "cases:read";
inline constexpr std::string_view kCasesWrite = "cases:write";
inline constexpr std::string_view kCustomersRead = "customers:read";
inline constexpr std::string_view kCustomersWrite = "customers:write";
inline constexpr std::string_view kContactsWrite = "contacts:write";
inline constexpr std::string_view kCatalogueRead = "catalogue:read";
inline constexpr std::string_view kReportsRead = "reports:read";
inline constexpr std::string_view kOpen311 = "open311";
inline constexpr std::string_view kBackOffice = "backoffice";
inline constexpr std::string_view kNotifyCallbacks = "notify:callbacks";  // GOV.UK Notify's delivery receipts
}  // namespace scope
// Every scope there is; parse_scopes refuses others.
const std::vector<std::string_view>& all_scopes();
Result<std::set<std::string>> parse_scopes(std::string_view comma_separated);

// The one acting. Built by the authentication layer; every use case checks it.
struct Principal {
  enum class Kind { kAnonymous, kUser, kApiClient, kSystem };
  Kind kind = Kind::kAnonymous;
  Id id = 0;  // user or client id
  std::string name;
  std::optional<Role> role;       // users
  std::set<std::string> scopes;   // API clients
  std::optional<Id> officer_id;   // staff
  std::string delivery_unit;      // staff: their delivery unit ("" for council-wide staff)
  std::string team;               // staff: their team, for restricted categories
  std::optional<Id> member_id;    // councillors
  std::string ward;               // councillors
  std::optional<Id> customer_id;  // residents

  static Principal system(std::string name = "civicdesk");
  bool authenticated() const { return kind != Kind::kAnonymous; }
  // What the timeline records: "officer:12", "member:3", "customer:7",
  // "client:4", "user:9", "system".
  std::string actor_tag() const;
};

// Coarse permissions, one per kind of use case.
enum class Permission {
  kReadCatalogue,     // services, delivery units, wards... (public data)
  kViewCases,         // list and read cases (then filtered per case)
  kCreateCase,
  kWorkCases,         // transitions, notes, links, assignment...
  kViewCustomers,     // customer records and search
  kEditCustomers,
  kLogContacts,
  kViewContacts,
  kExportCases,
  kViewReports,
  kApprove,           // re-open and reclassification approvals
  kManageCatalogue,
  kManageUsers,
  kViewAudit,
  kDataProtection,    // subject access exports, erasure, retention
  kOpen311,           // Open311 writes
  kBackOffice,        // back-office status updates
  kManageMessages,    // the outbox: see every message, retry or cancel one; webhook endpoints
  kDeliveryCallbacks, // a provider reporting what became of a message it accepted
};
std::string_view to_string(Permission);

bool can(const Principal& p, Permission permission);

// Whether a restricted category's case is visible to `p`.
bool sees_restricted(const Principal& p, const Category& category);

// Record-level: may `p` see this case? `watcher_keys` are the case's
// watchers ("member:3", "officer:12", "customer:7"); `category` is the
// case's category (nullptr when unknown).
bool can_view_case(const Principal& p, const Case& c, const Category* category,
                   const std::vector<std::string>& watcher_keys);
// May `p` change this case (given that it may see it)?
bool can_work_case(const Principal& p, const Case& c);
// May `p` see this customer's record?
bool can_view_customer(const Principal& p, Id customer_id);

// The listing constraints that express can_view_case in a query.
struct CaseScope {
  bool everything = false;                   // no constraint beyond restricted categories
  std::optional<std::string> delivery_unit;  // officers and leads
  std::optional<Id> customer_id;             // residents
  std::optional<Id> member_id;               // councillors: raised by, copied into,
  std::string ward;                          //   or in this ward
  std::vector<std::string> hidden_categories;  // restricted categories p may not see
  bool nothing = false;                      // no case is visible

  static CaseScope all() {
    CaseScope s;
    s.everything = true;
    return s;
  }
};
CaseScope case_scope(const Principal& p, const std::vector<Category>& categories);

// A denial that does not reveal whether the thing exists (403 for a
// permission the principal lacks entirely; not_found for a record it may
// not see).
Error forbidden(std::string_view what);
Error unauthenticated();

}  // namespace civicdesk
