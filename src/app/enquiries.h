// Members' Enquiries: the workflow on top of cases (docs/members-enquiries.md).
//
// Each action is one transaction through CaseService::change_case, so the
// case, its timeline, the workflow's own rows (routings, chasers,
// escalations, approvals) and the outbox messages the change calls for
// commit together.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/cases.h"
#include "domain/enquiry.h"

namespace civicdesk {

struct EnquiryRecords {
  std::vector<RoutingRecord> routings;
  std::vector<EscalationRecord> escalations;
  std::vector<ChaserRecord> chasers;
  std::vector<Approval> approvals;
};

struct ReminderRun {
  int cases_checked = 0;
  int prompts = 0;  // timeline prompts written (each queues its messages)
};

class EnquiryService {
 public:
  EnquiryService(Store& store, CatalogueCache& cache, CaseService& cases)
      : store_(store), cache_(cache), cases_(cases) {}

  // A child task for one more delivery unit, under the enquiry's reference.
  Result<CaseView> add_task(const RequestContext& ctx, const std::string& reference, const NewTask& task);
  // Triage: send it to a delivery unit (and officer) to accept or send back.
  Result<CaseView> route(const RequestContext& ctx, const std::string& reference, const RouteRequest& r,
                         ExpectedVersion expected);
  Result<CaseView> accept(const RequestContext& ctx, const std::string& reference, ExpectedVersion expected);
  // Sent back as misdirected: the ME team re-routes it.
  Result<CaseView> send_back(const RequestContext& ctx, const std::string& reference, const std::string& reason,
                             ExpectedVersion expected);
  // The response to the member (and everyone copied unless confidential).
  Result<CaseView> respond(const RequestContext& ctx, const std::string& reference, const std::string& text,
                           std::optional<bool> confidential, ExpectedVersion expected);
  Result<CaseView> advise_delay(const RequestContext& ctx, const std::string& reference, const DelayNotice& notice,
                                ExpectedVersion expected);
  // Diarises a follow-up (closed enquiries that promised later work).
  Result<CaseView> diarise(const RequestContext& ctx, const std::string& reference, LocalDate on,
                           const std::string& reason, ExpectedVersion expected);
  // A chaser from the member or the ME team; counted per case.
  Result<CaseView> chase(const RequestContext& ctx, const std::string& reference, const std::string& note);
  // To the delivery unit's first escalation officer; flagged and reported.
  Result<CaseView> escalate(const RequestContext& ctx, const std::string& reference, const std::string& reason);

  Result<Approval> request_approval(const RequestContext& ctx, const std::string& reference,
                                    const ApprovalRequest& request);
  Result<Approval> decide_approval(const RequestContext& ctx, const std::string& reference, Id approval_id,
                                   bool approve, const std::string& note);
  Result<std::vector<Approval>> pending_approvals(const RequestContext& ctx);

  Result<EnquiryRecords> records(const RequestContext& ctx, const std::string& reference);

  Result<std::vector<Officer>> escalation_officers(const RequestContext& ctx, const std::string& delivery_unit);
  Status set_escalation_officers(const RequestContext& ctx, const std::string& delivery_unit,
                                 const std::vector<Id>& officer_ids);

  // Prompts due on the London date of ctx.now: delivery units the working day
  // before the respond-by date and once the close-by date has passed; the ME
  // team when a diarised date is reached. Each at most once.
  Result<ReminderRun> run_reminders(const RequestContext& ctx);

 private:
  Result<CaseView> change(const RequestContext& ctx, const std::string& reference, ExpectedVersion expected,
                          const CaseService::TxChange& fn, Permission needed = Permission::kWorkCases);

  Store& store_;
  CatalogueCache& cache_;
  CaseService& cases_;
};

// Queues the outbox messages that `events` (just stored, with ids) call for
// on Members' Enquiry `c`. Called by CaseService inside its transaction.
Status queue_enquiry_messages(Tx& tx, const CatalogueSnapshot& cat, TenantId tenant, const Case& c,
                              const std::vector<CaseEvent>& events, Instant now);

}  // namespace civicdesk
