#include "domain/access.h"

#include <algorithm>

#include "domain/enum_table.h"

namespace civicdesk {

namespace {

constexpr EnumEntry<Role> kRoles[] = {{Role::kResident, "resident"},     {Role::kCouncillor, "councillor"},
                                      {Role::kAdvisor, "advisor"},       {Role::kOfficer, "officer"},
                                      {Role::kLead, "lead"},             {Role::kManager, "manager"},
                                      {Role::kAdministrator, "administrator"}};

constexpr EnumEntry<Permission> kPermissions[] = {
    {Permission::kReadCatalogue, "read_catalogue"}, {Permission::kViewCases, "view_cases"},
    {Permission::kCreateCase, "create_case"},       {Permission::kWorkCases, "work_cases"},
    {Permission::kViewCustomers, "view_customers"}, {Permission::kEditCustomers, "edit_customers"},
    {Permission::kLogContacts, "log_contacts"},     {Permission::kViewContacts, "view_contacts"},
    {Permission::kExportCases, "export_cases"},     {Permission::kViewReports, "view_reports"},
    {Permission::kApprove, "approve"},              {Permission::kManageCatalogue, "manage_catalogue"},
    {Permission::kManageUsers, "manage_users"},     {Permission::kViewAudit, "view_audit"},
    {Permission::kDataProtection, "data_protection"}, {Permission::kOpen311, "open311"},
    {Permission::kBackOffice, "backoffice"},       {Permission::kManageMessages, "manage_messages"},
    {Permission::kDeliveryCallbacks, "delivery_callbacks"}};

bool has_scope(const Principal& p, std::string_view s) { return p.scopes.count(std::string(s)) > 0; }

// Staff ranks, for "at least" checks.
int rank(Role r) {
  switch (r) {
    case Role::kResident:
    case Role::kCouncillor: return 0;
    case Role::kAdvisor: return 1;
    case Role::kOfficer: return 2;
    case Role::kLead: return 3;
    case Role::kManager: return 4;
    case Role::kAdministrator: return 5;
  }
  return 0;
}

bool at_least(const Principal& p, Role r) { return p.role && is_staff(*p.role) && rank(*p.role) >= rank(r); }

// The scope an API client needs for each permission (empty: none may).
std::string_view scope_for(Permission permission) {
  switch (permission) {
    case Permission::kReadCatalogue: return scope::kCatalogueRead;
    case Permission::kViewCases: return scope::kCasesRead;
    case Permission::kCreateCase:
    case Permission::kWorkCases: return scope::kCasesWrite;
    case Permission::kViewCustomers:
    case Permission::kViewContacts: return scope::kCustomersRead;
    case Permission::kEditCustomers: return scope::kCustomersWrite;
    case Permission::kLogContacts: return scope::kContactsWrite;
    case Permission::kExportCases:
    case Permission::kViewReports: return scope::kReportsRead;
    case Permission::kOpen311: return scope::kOpen311;
    case Permission::kBackOffice: return scope::kBackOffice;
    case Permission::kDeliveryCallbacks: return scope::kNotifyCallbacks;
    default: return "";
  }
}

}  // namespace

std::string_view to_string(Role v) { return enum_name(v, kRoles); }
Result<Role> parse_role(std::string_view s) { return parse_enum(s, kRoles, "role"); }
bool is_staff(Role r) { return r != Role::kResident && r != Role::kCouncillor; }
std::string_view to_string(Permission v) { return enum_name(v, kPermissions); }

const std::vector<std::string_view>& all_scopes() {
  static const std::vector<std::string_view> kAll = {scope::kCasesRead,     scope::kCasesWrite,  scope::kCustomersRead,
                                                     scope::kCustomersWrite, scope::kContactsWrite, scope::kCatalogueRead,
                                                     scope::kReportsRead,   scope::kOpen311,     scope::kBackOffice,
                                                     scope::kNotifyCallbacks};
  return kAll;
}

Result<std::set<std::string>> parse_scopes(std::string_view text) {
  std::set<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view s = text.substr(start, end - start);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    if (!s.empty()) {
      if (std::find(all_scopes().begin(), all_scopes().end(), s) == all_scopes().end()) {
        std::string allowed;
        for (auto a : all_scopes()) allowed += (allowed.empty() ? "" : ", ") + std::string(a);
        return invalid_field("scopes", "Unknown scope \"" + std::string(s).substr(0, 40) + "\": use " + allowed);
      }
      out.insert(std::string(s));
    }
    start = end + 1;
  }
  if (out.empty()) return invalid_field("scopes", "Give at least one scope");
  return out;
}

Principal Principal::system(std::string name) {
  Principal p;
  p.kind = Kind::kSystem;
  p.name = std::move(name);
  return p;
}

std::string Principal::actor_tag() const {
  switch (kind) {
    case Kind::kSystem: return "system";
    case Kind::kAnonymous: return "anonymous";
    case Kind::kApiClient: return "client:" + std::to_string(id);
    case Kind::kUser: break;
  }
  if (officer_id) return "officer:" + std::to_string(*officer_id);
  if (member_id) return "member:" + std::to_string(*member_id);
  if (customer_id) return "customer:" + std::to_string(*customer_id);
  return "user:" + std::to_string(id);
}

bool can(const Principal& p, Permission permission) {
  switch (p.kind) {
    case Principal::Kind::kSystem: return true;
    case Principal::Kind::kAnonymous: return permission == Permission::kReadCatalogue;
    case Principal::Kind::kApiClient: {
      if (permission == Permission::kReadCatalogue) return !p.scopes.empty();
      const std::string_view needed = scope_for(permission);
      return !needed.empty() && has_scope(p, needed);
    }
    case Principal::Kind::kUser: break;
  }
  if (!p.role) return false;
  const Role r = *p.role;
  switch (permission) {
    case Permission::kReadCatalogue:
    case Permission::kViewCases: return true;  // then filtered per case
    case Permission::kCreateCase: return true;  // residents and councillors for themselves
    case Permission::kWorkCases: return at_least(p, Role::kAdvisor);
    case Permission::kViewCustomers:
    case Permission::kEditCustomers: return r == Role::kResident || at_least(p, Role::kAdvisor);
    case Permission::kLogContacts: return at_least(p, Role::kAdvisor);
    case Permission::kViewContacts: return r == Role::kResident || at_least(p, Role::kAdvisor);
    case Permission::kExportCases:
    case Permission::kViewReports: return at_least(p, Role::kLead);
    case Permission::kApprove: return at_least(p, Role::kManager);
    case Permission::kManageCatalogue:
    case Permission::kManageUsers:
    case Permission::kViewAudit:
    case Permission::kDataProtection:
    case Permission::kManageMessages: return r == Role::kAdministrator;
    case Permission::kOpen311:
    case Permission::kBackOffice:
    case Permission::kDeliveryCallbacks: return false;  // for client systems only
  }
  return false;
}

bool sees_restricted(const Principal& p, const Category& category) {
  if (!category.restricted || p.kind == Principal::Kind::kSystem) return true;
  if (p.kind != Principal::Kind::kUser || p.team.empty()) return false;
  return std::find(category.visible_to_teams.begin(), category.visible_to_teams.end(), p.team) !=
         category.visible_to_teams.end();
}

CaseScope case_scope(const Principal& p, const std::vector<Category>& categories) {
  CaseScope s;
  for (const auto& c : categories)
    if (!sees_restricted(p, c)) s.hidden_categories.push_back(c.code);
  switch (p.kind) {
    case Principal::Kind::kSystem:
      s.everything = true;
      return s;
    case Principal::Kind::kAnonymous:
      s.nothing = true;
      return s;
    case Principal::Kind::kApiClient:
      s.everything = has_scope(p, scope::kCasesRead) || has_scope(p, scope::kCasesWrite) ||
                     has_scope(p, scope::kReportsRead);
      s.nothing = !s.everything;
      return s;
    case Principal::Kind::kUser: break;
  }
  if (!p.role) {
    s.nothing = true;
    return s;
  }
  switch (*p.role) {
    case Role::kResident:
      if (p.customer_id) s.customer_id = p.customer_id;
      else s.nothing = true;
      return s;
    case Role::kCouncillor:
      if (p.member_id) {
        s.member_id = p.member_id;
        s.ward = p.ward;
      } else {
        s.nothing = true;
      }
      return s;
    case Role::kOfficer:
    case Role::kLead:
      if (!p.delivery_unit.empty()) s.delivery_unit = p.delivery_unit;
      else s.everything = true;  // council-wide staff (no delivery unit)
      return s;
    case Role::kAdvisor:
    case Role::kManager:
    case Role::kAdministrator:
      s.everything = true;
      return s;
  }
  return s;
}

bool can_view_case(const Principal& p, const Case& c, const Category* category,
                   const std::vector<std::string>& watcher_keys) {
  if (category && !sees_restricted(p, *category)) return false;
  const CaseScope s = case_scope(p, {});
  if (s.nothing) return false;
  if (s.everything) return true;
  if (s.customer_id) return c.customer_id == s.customer_id;
  if (s.delivery_unit) return c.delivery_unit == *s.delivery_unit;
  if (s.member_id) {
    if (c.member_id == s.member_id) return true;
    const std::string me = "member:" + std::to_string(*s.member_id);
    if (std::find(watcher_keys.begin(), watcher_keys.end(), me) != watcher_keys.end()) return true;
    // Another member's confidential enquiry is theirs alone, even in the ward.
    return c.type == CaseType::kMemberEnquiry && !c.enquiry.confidential && !s.ward.empty() &&
           c.location.ward == s.ward;
  }
  return false;
}

bool can_work_case(const Principal& p, const Case& c) {
  if (!can(p, Permission::kWorkCases)) return false;
  if (p.kind != Principal::Kind::kUser || !p.role) return true;
  // Officers and leads change only their own delivery unit's cases (the
  // delivery unit that holds the case may send it back as misdirected).
  if ((*p.role == Role::kOfficer || *p.role == Role::kLead) && !p.delivery_unit.empty())
    return c.delivery_unit == p.delivery_unit;
  return true;
}

bool can_view_customer(const Principal& p, Id customer_id) {
  if (!can(p, Permission::kViewCustomers)) return false;
  if (p.kind == Principal::Kind::kUser && p.role == Role::kResident) return p.customer_id == customer_id;
  return true;
}

Error forbidden(std::string_view what) {
  return Error(ErrorCode::kPermissionDenied, "You do not have permission to " + std::string(what));
}

Error unauthenticated() {
  return Error(ErrorCode::kUnauthenticated, "Sign in, or send an API token as Authorization: Bearer <token>");
}

}  // namespace civicdesk
