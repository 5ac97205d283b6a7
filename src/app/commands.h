// Inputs to the use cases, as plain values. http/ decodes requests into
// these; the CLI, importers and tests build them directly.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/case.h"
#include "domain/contact.h"
#include "domain/customer.h"
#include "domain/enquiry.h"

namespace civicdesk {

struct NewCase {
  CaseType type = CaseType::kServiceRequest;
  std::string category;  // service category code
  std::optional<Priority> priority;
  std::optional<Channel> channel;
  std::string title;
  std::string description;
  Location location;
  Answers answers;
  std::optional<Id> customer_id;
  std::optional<Id> member_id;
  std::string parent_reference;        // make this a child task of that case
  std::optional<Instant> received_at;  // when it really arrived (a letter); default now
  std::string delivery_unit;           // override the category's owner
  std::string team;
  std::optional<Id> assignee_id;
  std::vector<Watcher> watchers;
  bool confidential = false;  // Members' Enquiries: answer the raising member only
};

// Fields a PATCH may change; absent fields are left alone.
struct CasePatch {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<Priority> priority;
  std::optional<Location> location;
  std::optional<Answers> answers;
  std::optional<std::optional<Id>> customer_id;  // nullopt inside: unlink the customer
};

struct Assignment {
  std::string delivery_unit;  // empty: keep
  std::string team;           // empty: keep (when the DU changes, cleared)
  std::optional<Id> officer_id;
  bool unassign_officer = false;
  std::string reason;
};

// Members' Enquiries (app/enquiries.h).
struct NewTask {
  std::string delivery_unit;
  std::string team;
  std::optional<Id> officer_id;
  std::string description;  // default: the enquiry's
};

struct RouteRequest {
  std::string delivery_unit;
  std::string team;
  std::optional<Id> officer_id;
  std::string category;  // triage may classify it ("" keeps it)
  std::string note;
};

struct ApprovalRequest {
  ApprovalKind kind = ApprovalKind::kReopen;
  std::string reason;
  std::optional<CaseType> new_type;
  std::string new_category;
};

struct NewNote {
  std::string text;
  Visibility visibility = Visibility::kInternal;
};

struct NewContact {
  Contact contact;
  std::string case_reference;       // the existing case this contact was about
  std::optional<NewCase> new_case;  // outcome case_created: open this case too
};

// Version the client last saw (If-Match), when it sent one.
using ExpectedVersion = std::optional<int64_t>;

}  // namespace civicdesk
