// Cases made for someone the principal cannot name by customer id: a
// councillor raising a Members' Enquiry for a resident, or a guest on the
// website making an enquiry, a complaint or a compliment. The person is found
// by email address, else recorded as a new customer, in the same transaction
// as the case (docs/pages.md, "Councillors" and "Enquiries, complaints and
// compliments").
//
//   PersonDetails who{"Ada Lovelace", "ada@example.com", "", "1 High Street", "N3 1AB"};
//   ASSIGN_OR_RETURN(CaseView v, create_for_person(services, ctx, new_case, who));
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/services.h"

namespace civicdesk {

struct PersonDetails {
  std::string name;  // "Ada Lovelace": the last word is the family name
  std::string email;
  std::string phone;  // UK numbers, normalised to E.164
  std::string address;
  std::string postcode;
  // Councillors: instead of the details above, someone they raised an
  // enquiry for before (one of people_raised_for's).
  std::optional<Id> customer_id;
  bool empty() const {
    return !customer_id && name.empty() && email.empty() && phone.empty() && address.empty() && postcode.empty();
  }
};

// Someone a councillor raised an enquiry for: councillors may not search the
// council's customers, but may raise another enquiry for the same person.
struct KnownPerson {
  Id customer_id = 0;
  std::string name;
  std::string last_reference;  // their latest enquiry from this councillor
  Instant last_raised{};
};

// The people the signed-in councillor raised enquiries for, most recent
// first, at most `max` (from their latest 200 enquiries; erased customers
// left out). Only the name and that enquiry are shown: nothing the
// councillor did not know. Anyone else: permission_denied.
Result<std::vector<KnownPerson>> people_raised_for(Services& services, const RequestContext& ctx, size_t max = 20);

// Signed-in residents make the case for themselves (`person` is ignored).
// Councillors raise a Members' Enquiry for `person` (a name needed; the
// rest optional). Guests (anonymous) make a general enquiry, complaint or
// compliment in an unrestricted category, giving a name and an email address
// or phone number to be answered at; they act as the website (actor
// "system"). Errors name fields "person.name", "person.email",
// "person.phone", "person.postcode" for what was wrong with the person;
// "person.customer_id" when a councillor names a customer they never raised
// an enquiry for.
Result<CaseView> create_for_person(Services& services, const RequestContext& ctx, NewCase in,
                                   const PersonDetails& person);

}  // namespace civicdesk
