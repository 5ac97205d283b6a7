// Complaints' stage 2: a complainant unhappy with the stage 1 response asks
// for the complaint to be looked at again (docs/pages.md, "Complaints stage
// 2"). The rules are domain/complaint.h's; this is the one transaction.
//
//   ASSIGN_OR_RETURN(CaseView stage2, request_stage2(services, ctx, "BAR-0000042", "Nothing changed"));
#pragma once

#include <string>

#include "app/services.h"

namespace civicdesk {

// The complainant (a resident, for their own complaint) or staff who may
// work it asks for a stage 2 review of closed stage 1 complaint `reference`
// within 12 months of its response. In one transaction: a new complaint at
// stage 2 (same category, customer and place; `reason` is its description;
// the stage 2 service level), linked as related to the stage 1 complaint, a
// public "stage2_requested" entry on the stage 1 timeline naming the new
// reference, and an audit entry. Errors: not_found (unknown or not theirs),
// missing_field/invalid_field "reason", failed_precondition (not a closed
// stage 1 complaint, already asked, or too late; the message says which).
Result<CaseView> request_stage2(Services& services, const RequestContext& ctx, const std::string& reference,
                                const std::string& reason);

}  // namespace civicdesk
