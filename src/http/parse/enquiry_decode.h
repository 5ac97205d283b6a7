// Decoding the Members' Enquiry workflow requests (JSON bodies) into app/
// inputs. Pure functions of the request text, like decode.h; unknown fields
// are errors.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/commands.h"
#include "base/result.h"
#include "domain/enquiry.h"

namespace civicdesk::http {

// {"delivery_unit", "team"?, "officer_id"?, "description"?}
Result<NewTask> decode_task(std::string_view body);
// {"delivery_unit", "team"?, "officer_id"?, "category"?, "note"?}
Result<RouteRequest> decode_route(std::string_view body);
// {"reason"}: send back, chase ("note" instead), escalate.
Result<std::string> decode_reason(std::string_view body, std::string_view field, bool required);

struct ResponseInput {
  std::string text;
  std::optional<bool> confidential;
};
// {"text", "confidential"?}
Result<ResponseInput> decode_response(std::string_view body);
// {"reason", "revised_date": "YYYY-MM-DD", "budget_issue"?}
Result<DelayNotice> decode_delay(std::string_view body);

struct DiaryInput {
  LocalDate date{};
  std::string reason;
};
// {"date": "YYYY-MM-DD", "reason"}
Result<DiaryInput> decode_diary(std::string_view body);
// {"kind": "reopen"|"reclassify", "reason", "type"?, "category"?}
Result<ApprovalRequest> decode_approval_request(std::string_view body);

struct DecisionInput {
  bool approve = false;
  std::string note;
};
// {"decision": "approve"|"refuse", "note"?}
Result<DecisionInput> decode_decision(std::string_view body);
// {"officer_ids": [1, 2]}
Result<std::vector<Id>> decode_officer_ids(std::string_view body);

}  // namespace civicdesk::http
