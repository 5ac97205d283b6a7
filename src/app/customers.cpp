#include "app/customers.h"

#include <algorithm>

#include "app/audit.h"
#include "domain/identifiers.h"
#include "domain/preferences.h"
#include "domain/reference.h"

namespace civicdesk {

namespace {
bool is_resident(const Principal& p) { return p.kind == Principal::Kind::kUser && p.role == Role::kResident; }

// A customer the principal may not see is answered exactly like one that
// does not exist.
Status check_customer(const RequestContext& ctx, Id id) {
  if (!can(ctx.principal, Permission::kViewCustomers)) return denied(ctx, "see customer records");
  if (!can_view_customer(ctx.principal, id)) return not_found("Customer not found");
  return {};
}
}  // namespace

Result<Customer> CustomerService::create(const RequestContext& ctx, Customer in) {
  // Residents have their record made when they register.
  if (!can(ctx.principal, Permission::kEditCustomers) || is_resident(ctx.principal))
    return denied(ctx, "create customer records");
  ASSIGN_OR_RETURN(Customer c, normalise_customer(std::move(in), london_date(ctx.now)));
  c.created_at = c.updated_at = ctx.now;
  c.version = 1;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(c.id, tx.insert_customer(ctx.tenant, c));
    return audit(tx, ctx, "customer.create", "customer", std::to_string(c.id));
  }));
  return c;
}

Result<Customer> CustomerService::get(const RequestContext& ctx, Id id) {
  RETURN_IF_ERROR(check_customer(ctx, id));
  ASSIGN_OR_RETURN(Customer c, store_.read_value<Customer>([&](ReadTx& tx) { return tx.get_customer(ctx.tenant, id); }));
  // Every view of a customer record is audited; no audit entry, no view.
  RETURN_IF_ERROR(store_.write([&](Tx& tx) { return audit(tx, ctx, "customer.view", "customer", std::to_string(id)); }));
  return c;
}

Result<Customer> CustomerService::replace(const RequestContext& ctx, Id id, Customer in, ExpectedVersion expected) {
  RETURN_IF_ERROR(check_customer(ctx, id));
  if (!can(ctx.principal, Permission::kEditCustomers)) return denied(ctx, "change customer records");
  if (!expected)
    return Error(ErrorCode::kPreconditionRequired,
                 "Send If-Match with the customer's ETag so that nobody's changes are overwritten");
  ASSIGN_OR_RETURN(Customer c, normalise_customer(std::move(in), london_date(ctx.now)));
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Customer current, tx.get_customer(ctx.tenant, id));
    if (current.version != *expected)
      return Error(ErrorCode::kStaleVersion,
                   "This customer has changed since you last read it; reload and try again");
    c.id = id;
    c.created_at = current.created_at;
    c.updated_at = ctx.now;
    c.version = current.version + 1;
    RETURN_IF_ERROR(tx.update_customer(ctx.tenant, c, current.version));
    // The channel and language are contact preferences too: their history
    // records every change, wherever it was made.
    if (c.preferred_channel != current.preferred_channel)
      RETURN_IF_ERROR(tx.put_preference(
          ctx.tenant, id,
          PreferenceChange{std::string(preference::kPreferredChannel),
                           c.preferred_channel ? std::string(to_string(*c.preferred_channel)) : "", ctx.now,
                           ctx.principal.actor_tag()}));
    if (c.language != current.language)
      RETURN_IF_ERROR(tx.put_preference(ctx.tenant, id,
                                        PreferenceChange{std::string(preference::kLanguage), c.language, ctx.now,
                                                         ctx.principal.actor_tag()}));
    return audit(tx, ctx, "customer.update", "customer", std::to_string(id));
  }));
  return c;
}

Result<CustomerPage> CustomerService::list(const RequestContext& ctx, CustomerFilter f) {
  if (!can(ctx.principal, Permission::kViewCustomers) || is_resident(ctx.principal))
    return denied(ctx, "search customer records");
  f.limit = std::clamp(f.limit, 1, 200);
  if (!f.email.empty()) {
    ASSIGN_OR_RETURN(f.email, parse_email(f.email, "email"));
  }
  if (!f.phone.empty()) {
    ASSIGN_OR_RETURN(f.phone, parse_phone(f.phone, "phone"));
  }
  if (!f.postcode.empty()) {
    ASSIGN_OR_RETURN(f.postcode, parse_postcode(f.postcode, "postcode"));
  }
  CustomerPage page;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(page.items, tx.list_customers(ctx.tenant, f));
    return {};
  }));
  if (static_cast<int>(page.items.size()) > f.limit) {
    page.items.resize(f.limit);
    page.next_after = page.items.back().id;
  }
  return page;
}

Result<LoggedContact> CustomerService::log_contact(const RequestContext& ctx, NewContact in) {
  if (!can(ctx.principal, Permission::kLogContacts)) return denied(ctx, "log contacts");
  Contact& c = in.contact;
  if (c.at == Instant{}) c.at = ctx.now;
  RETURN_IF_ERROR(validate(c, ctx.now));
  if (c.outcome == ContactOutcome::kCaseCreated && !in.new_case && in.case_reference.empty())
    return Error(ErrorCode::kMissingField, "Describe the case to create, or give the case this contact was about",
                 "case");
  if (in.new_case && !in.case_reference.empty())
    return invalid_field("case", "Either open a new case or name an existing one, not both");
  if (in.new_case && c.outcome != ContactOutcome::kCaseCreated)
    return invalid_field("case", "Only a contact with the outcome case_created opens a new case");
  LoggedContact out;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    if (!c.category.empty()) RETURN_IF_ERROR(cat->category(c.category));
    if (c.handler_id && !cat->officers.count(*c.handler_id))
      return invalid_field("handler_id", "There is no officer " + std::to_string(*c.handler_id));
    if (c.customer_id) {
      auto customer = tx.get_customer(ctx.tenant, *c.customer_id);
      if (!customer) return invalid_field("customer_id", "There is no customer " + std::to_string(*c.customer_id));
    }
    if (in.new_case) {
      NewCase nc = *in.new_case;
      if (!nc.customer_id) nc.customer_id = c.customer_id;
      if (!nc.channel) nc.channel = c.channel;
      if (nc.category.empty()) nc.category = c.category;
      if (nc.category.empty())
        return Error(ErrorCode::kMissingField, "Choose the service the case is about", "case.category");
      if (!nc.received_at) nc.received_at = c.at;
      auto created = cases_.create_in(tx, *cat, ctx, nc);
      if (!created) {
        Error e = created.error();
        if (!e.field.empty()) e.field = "case." + e.field;
        return e;
      }
      c.case_id = created->id;
      c.case_reference = created->reference;
      out.created_case = CaseService::view(*cat, *created, ctx.now);
    } else if (!in.case_reference.empty()) {
      auto ref = normalise_reference(in.case_reference);
      auto existing = ref ? tx.get_case_by_reference(ctx.tenant, *ref) : Result<Case>(not_found(""));
      if (!existing)
        return invalid_field("case_reference", "There is no case " + in.case_reference.substr(0, 40));
      c.case_id = existing->id;
      c.case_reference = existing->reference;
    }
    ASSIGN_OR_RETURN(c.id, tx.insert_contact(ctx.tenant, c));
    return audit(tx, ctx, "contact.create", "contact", std::to_string(c.id));
  }));
  out.contact = c;
  return out;
}

Result<Contact> CustomerService::get_contact(const RequestContext& ctx, Id id) {
  if (!can(ctx.principal, Permission::kViewContacts)) return denied(ctx, "see contacts");
  ASSIGN_OR_RETURN(Contact c, store_.read_value<Contact>([&](ReadTx& tx) { return tx.get_contact(ctx.tenant, id); }));
  if (is_resident(ctx.principal) && c.customer_id != ctx.principal.customer_id) return not_found("Contact not found");
  return c;
}

Result<ContactPage> CustomerService::list_contacts(const RequestContext& ctx, ContactFilter f) {
  if (!can(ctx.principal, Permission::kViewContacts)) return denied(ctx, "see contacts");
  if (is_resident(ctx.principal)) {
    if (f.customer_id && f.customer_id != ctx.principal.customer_id) return not_found("Customer not found");
    f.customer_id = ctx.principal.customer_id.value_or(-1);
  }
  f.limit = std::clamp(f.limit, 1, 200);
  ContactPage page;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(page.items, tx.list_contacts(ctx.tenant, f));
    return {};
  }));
  if (static_cast<int>(page.items.size()) > f.limit) {
    page.items.resize(f.limit);
    page.next_after = page.items.back().id;
  }
  return page;
}

}  // namespace civicdesk
