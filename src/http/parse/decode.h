// Request decoding: JSON bodies and query strings into use-case inputs.
//
// Pure functions of the request text, so that the fuzz target
// (tests/fuzz/) reaches every parser of outside input. Each returns the
// first problem as an Error naming the field; unknown fields and parameters
// are errors.
#pragma once

#include <string>
#include <string_view>

#include "app/commands.h"
#include "base/result.h"
#include "store/store.h"

namespace civicdesk::http {

Result<NewCase> decode_new_case(std::string_view body);
Result<CasePatch> decode_case_patch(std::string_view body);
Result<TransitionRequest> decode_transition(std::string_view body);
Result<Assignment> decode_assignment(std::string_view body);
Result<NewNote> decode_note(std::string_view body);

struct LinkInput {
  LinkKind kind = LinkKind::kRelated;
  std::string case_reference;
};
Result<LinkInput> decode_link(std::string_view body);
Result<Watcher> decode_watcher(std::string_view body);

struct ExtensionInput {
  int amount = 0;
  std::string reason;
};
Result<ExtensionInput> decode_extension(std::string_view body);

Result<Customer> decode_customer(std::string_view body);
Result<NewContact> decode_contact(std::string_view body);

// Listing filters from query strings (cursor and limit included). Parameters
// a use does not take are refused like any unknown parameter: exports have no
// cursor or limit; a customer's own cases take no customer_id.
enum class CaseFilterUse { kListing, kExport, kOneCustomer };
Result<CaseFilter> decode_case_filter(std::string_view query, CaseFilterUse use = CaseFilterUse::kListing);
Result<CustomerFilter> decode_customer_filter(std::string_view query);
Result<ContactFilter> decode_contact_filter(std::string_view query, bool one_customer = false);
// "q" and "limit" for /search.
struct SearchInput {
  std::string text;
  int limit = 20;
};
Result<SearchInput> decode_search(std::string_view query);

// Opaque page cursors.
std::string encode_case_cursor(const CaseCursor& c);
Result<CaseCursor> decode_case_cursor(std::string_view text);
std::string encode_id_cursor(Id after);
Result<Id> decode_id_cursor(std::string_view text);

}  // namespace civicdesk::http
