#include "app/complaints.h"

#include "app/audit.h"
#include "domain/complaint.h"
#include "domain/text.h"

namespace civicdesk {

namespace {

Status refusal(complaint::Review state) {
  using complaint::Review;
  switch (state) {
    case Review::kAllowed: return {};
    case Review::kNotComplaint:
      return Error(ErrorCode::kFailedPrecondition, "Only a complaint can be looked at again at stage 2");
    case Review::kOpen:
      return Error(ErrorCode::kFailedPrecondition, "The stage 1 complaint has not been answered yet");
    case Review::kStage2:
      return Error(ErrorCode::kFailedPrecondition,
                   "This complaint is already at stage 2: the Local Government and Social Care Ombudsman is next");
    case Review::kRequested:
      return Error(ErrorCode::kFailedPrecondition, "A stage 2 review of this complaint was asked for already");
    case Review::kTooLate:
      return Error(ErrorCode::kFailedPrecondition,
                   "It is more than 12 months since the stage 1 response, too late to ask for stage 2");
  }
  return {};
}

}  // namespace

Result<CaseView> request_stage2(Services& s, const RequestContext& ctx, const std::string& reference,
                                const std::string& reason) {
  const Principal& p = ctx.principal;
  const bool resident = p.kind == Principal::Kind::kUser && p.role == Role::kResident;
  if (!resident && !can(p, Permission::kWorkCases)) return forbidden("ask for a stage 2 review");
  const std::string why(trim(reason));
  if (why.empty()) return missing_field("reason");
  RETURN_IF_ERROR(check_text(why, "reason", 5000, true));

  std::optional<CaseView> out;
  RETURN_IF_ERROR(s.store.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, s.cache.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case seen, s.cases.visible(tx, *cat, ctx, reference));
    if (!resident && !can_work_case(p, seen)) return forbidden("change this complaint");
    // Locked, so two requests at once make one stage 2 complaint.
    ASSIGN_OR_RETURN(Case c, tx.get_case_for_update(ctx.tenant, seen.reference));
    ASSIGN_OR_RETURN(auto events, tx.list_events(ctx.tenant, c.id, std::nullopt));
    auto category = cat->categories.find(c.category);
    const auto check = complaint::review_check(c, category == cat->categories.end() ? nullptr : &category->second,
                                               events, london_date(ctx.now));
    RETURN_IF_ERROR(refusal(check.state));

    NewCase in;
    in.type = CaseType::kComplaint;
    in.category = c.category;
    in.channel = resident ? Channel::kWebform : c.channel;
    in.title = "Stage 2 review of " + c.reference;
    in.description = why;
    in.location = c.location;
    in.answers = c.answers;
    in.answers[std::string(complaint::kStageQuestion)] = {std::string(complaint::kStage2)};
    in.customer_id = c.customer_id;
    ASSIGN_OR_RETURN(Case made, s.cases.create_in(tx, *cat, ctx, in));
    RETURN_IF_ERROR(tx.add_link(ctx.tenant, made.id, LinkKind::kRelated, c.id));
    RETURN_IF_ERROR(tx.append_event(ctx.tenant, case_event(ctx, c.id, event_kind::kStage2Requested, Visibility::kPublic,
                                                      {{"reference", made.reference}})));
    const int64_t was = c.version;
    c.version = was + 1;
    c.updated_at = ctx.now;
    RETURN_IF_ERROR(tx.update_case(ctx.tenant, c, was));
    RETURN_IF_ERROR(audit(tx, ctx, "complaint.stage2", "case", c.reference, {{"stage2", made.reference}}));
    out = CaseService::view(*cat, made, ctx.now);
    return {};
  }));
  return std::move(*out);
}

}  // namespace civicdesk
