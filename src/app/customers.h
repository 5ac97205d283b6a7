// Customer and contact use cases: the single view of a person, and logging
// the interactions the contact centre handles.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/cases.h"
#include "app/catalogue_cache.h"
#include "app/commands.h"
#include "app/context.h"
#include "store/store.h"

namespace civicdesk {

struct CustomerPage {
  std::vector<Customer> items;
  std::optional<Id> next_after;  // keyset for the next page
};

struct ContactPage {
  std::vector<Contact> items;
  std::optional<Id> next_after;
};

struct LoggedContact {
  Contact contact;
  std::optional<CaseView> created_case;
};

class CustomerService {
 public:
  CustomerService(Store& store, CatalogueCache& cache, CaseService& cases)
      : store_(store), cache_(cache), cases_(cases) {}

  Result<Customer> create(const RequestContext& ctx, Customer in);
  Result<Customer> get(const RequestContext& ctx, Id id);
  // Replaces the customer's details; If-Match is required for a full
  // replacement (precondition_required without it).
  Result<Customer> replace(const RequestContext& ctx, Id id, Customer in, ExpectedVersion expected);
  // Filters are normalised here (email lower-cased, phone to E.164, postcode
  // spaced), so "07700 900982" finds "+447700900982".
  Result<CustomerPage> list(const RequestContext& ctx, CustomerFilter filter);

  // Logs a contact; with outcome case_created and `new_case`, opens the case
  // in the same transaction and links the two.
  Result<LoggedContact> log_contact(const RequestContext& ctx, NewContact in);
  Result<Contact> get_contact(const RequestContext& ctx, Id id);
  Result<ContactPage> list_contacts(const RequestContext& ctx, ContactFilter filter);

 private:
  Store& store_;
  CatalogueCache& cache_;
  CaseService& cases_;
};

}  // namespace civicdesk
