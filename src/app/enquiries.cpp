#include "app/enquiries.h"

#include <algorithm>

#include "app/audit.h"
#include "app/notifications.h"
#include "domain/text.h"

namespace civicdesk {

namespace {

Status require_enquiry(const Case& c) {
  if (c.type != CaseType::kMemberEnquiry)
    return Error(ErrorCode::kFailedPrecondition, "Case " + c.reference + " is not a Members' Enquiry");
  return {};
}

Status require_open(const Case& c) {
  if (!is_open(c.status)) return Error(ErrorCode::kCaseClosed, "Case " + c.reference + " is closed");
  return {};
}

Status required_text(const std::string& text, const std::string& field, size_t max, std::string_view say) {
  if (trim(text).empty()) return Error(ErrorCode::kMissingField, std::string(say), field);
  return check_text(text, field, max, true);
}

// Triage belongs to council-wide staff (the ME team) and client systems; an
// officer bound to a delivery unit accepts or sends back instead.
bool may_triage(const Principal& p) {
  if (p.kind != Principal::Kind::kUser || !p.role) return true;
  return (*p.role != Role::kOfficer && *p.role != Role::kLead) || p.delivery_unit.empty();
}

std::optional<Recipient> officer_recipient(const CatalogueSnapshot& cat, std::optional<Id> id) {
  if (!id) return std::nullopt;
  auto it = cat.officers.find(*id);
  if (it == cat.officers.end() || !it->second.active) return std::nullopt;
  return Recipient{it->second.name, it->second.email};
}

Result<EnquiryParties> parties_of(ReadTx& tx, const CatalogueSnapshot& cat, TenantId tenant, const Case& c,
                                  const std::vector<CaseEvent>& events) {
  EnquiryParties p;
  if (c.member_id)
    if (auto it = cat.members.find(*c.member_id); it != cat.members.end())
      p.member = Recipient{it->second.name, it->second.email};
  ASSIGN_OR_RETURN(auto watchers, tx.list_watchers(tenant, c.id));
  for (const Watcher& w : watchers) {
    switch (w.kind) {
      case WatcherKind::kEmail: p.copied.push_back({w.name, w.email}); break;
      case WatcherKind::kOfficer:
        if (auto r = officer_recipient(cat, w.ref_id)) p.copied.push_back(*r);
        break;
      case WatcherKind::kMember:
        if (auto it = cat.members.find(w.ref_id.value_or(0)); it != cat.members.end())
          p.copied.push_back({it->second.name, it->second.email});
        break;
      case WatcherKind::kCustomer: {
        auto customer = tx.get_customer(tenant, w.ref_id.value_or(0));
        if (customer && !customer->emails.empty())
          p.copied.push_back({customer->display_name(), customer->emails.front().address});
        break;
      }
    }
  }
  if (auto r = officer_recipient(cat, c.assignee_id)) {
    p.officers.push_back(*r);
  } else {
    for (const auto& [id, o] : cat.officers)
      if (o.active && o.delivery_unit == c.delivery_unit && o.role == OfficerRole::kLead)
        p.officers.push_back({o.name, o.email});
  }
  for (const CaseEvent& e : events)
    if (auto it = e.details.find("officer_id"); e.kind == event_kind::kEscalated && it != e.details.end())
      p.escalation_officer = officer_recipient(cat, std::stoll(it->second));
  if (!cat.tenant.me_team_email.empty()) p.me_team = Recipient{"Members' Enquiries team", cat.tenant.me_team_email};
  return p;
}

}  // namespace

Status queue_enquiry_messages(Tx& tx, const CatalogueSnapshot& cat, TenantId tenant, const Case& c,
                              const std::vector<CaseEvent>& events, Instant now) {
  ASSIGN_OR_RETURN(EnquiryParties parties, parties_of(tx, cat, tenant, c, events));
  const TemplateLookup texts = [&](std::string_view name) { return template_text(cat, name, c.category); };
  for (const OutboxMessage& m : enquiry_messages(c, events, parties, cat.tenant.name, texts, now))
    RETURN_IF_ERROR(tx.enqueue_message(tenant, m));
  return {};
}

Result<CaseView> EnquiryService::change(const RequestContext& ctx, const std::string& reference,
                                        ExpectedVersion expected, const CaseService::TxChange& fn,
                                        Permission needed) {
  return cases_.change_case(
      ctx, reference, expected,
      [&](Tx& tx, const CatalogueSnapshot& cat, Case& c, std::vector<CaseEvent>& events) -> Status {
        RETURN_IF_ERROR(require_enquiry(c));
        return fn(tx, cat, c, events);
      },
      needed);
}

Result<CaseView> EnquiryService::add_task(const RequestContext& ctx, const std::string& reference,
                                          const NewTask& task) {
  if (!may_triage(ctx.principal)) return denied(ctx, "add tasks to enquiries");
  RETURN_IF_ERROR(check_text(task.description, "description", 10000, true));
  std::optional<CaseView> out;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case parent, cases_.visible(tx, *cat, ctx, reference));
    if (!can_work_case(ctx.principal, parent)) return denied(ctx, "change this case");
    RETURN_IF_ERROR(require_enquiry(parent));
    RETURN_IF_ERROR(require_open(parent));
    if (parent.parent_id) return invalid_field("reference", "Add tasks to the enquiry itself, not to a task");
    if (task.delivery_unit.empty()) return missing_field("delivery_unit");
    NewCase in;
    in.type = CaseType::kMemberEnquiry;
    in.category = parent.category;
    in.channel = parent.channel;
    in.title = parent.title;
    in.description = task.description.empty() ? parent.description : task.description;
    in.location = parent.location;
    in.answers = parent.answers;  // the category's required questions were answered on the enquiry
    in.member_id = parent.member_id;
    in.customer_id = parent.customer_id;
    in.parent_reference = parent.reference;
    in.received_at = parent.received_at;
    in.delivery_unit = task.delivery_unit;
    in.team = task.team;
    in.assignee_id = task.officer_id;
    ASSIGN_OR_RETURN(Case child, cases_.create_in(tx, *cat, ctx, in));
    CaseEvent added = case_event(ctx, 0, event_kind::kTaskAdded, Visibility::kInternal,
                            {{"task", child.reference}, {"delivery_unit", child.delivery_unit}});
    added.case_id = parent.id;
    RETURN_IF_ERROR(tx.append_event(ctx.tenant, added));
    out = CaseService::view(*cat, child, ctx.now);
    return {};
  }));
  return std::move(*out);
}

Result<CaseView> EnquiryService::route(const RequestContext& ctx, const std::string& reference,
                                       const RouteRequest& r, ExpectedVersion expected) {
  if (!may_triage(ctx.principal)) return denied(ctx, "route enquiries");
  if (r.delivery_unit.empty()) return missing_field("delivery_unit");
  RETURN_IF_ERROR(check_text(r.note, "note", 2000, true));
  return change(ctx, reference, expected, [&](Tx& tx, const CatalogueSnapshot& cat, Case& c,
                                              std::vector<CaseEvent>& events) -> Status {
    RETURN_IF_ERROR(require_open(c));
    if (c.enquiry.routing == Routing::kAccepted)
      return Error(ErrorCode::kFailedPrecondition,
                   "Enquiry " + c.reference + " has been accepted by " + c.delivery_unit +
                       "; reassign it, or ask them to send it back");
    RETURN_IF_ERROR(cat.delivery_unit(r.delivery_unit));
    if (!r.team.empty()) {
      auto team = cat.teams.find(r.team);
      if (team == cat.teams.end() || team->second.delivery_unit != r.delivery_unit)
        return invalid_field("team", "There is no team \"" + r.team + "\" in that delivery unit");
    }
    if (r.officer_id) {
      auto o = cat.officers.find(*r.officer_id);
      if (o == cat.officers.end() || !o->second.active || o->second.delivery_unit != r.delivery_unit)
        return invalid_field("officer_id", "There is no active officer " + std::to_string(*r.officer_id) +
                                               " in that delivery unit");
    }
    if (!r.category.empty() && r.category != c.category) {
      ASSIGN_OR_RETURN(const Category* category, cat.category(r.category));
      events.push_back(case_event(ctx, 0, event_kind::kUpdated, Visibility::kInternal,
                             {{"fields", "category"}, {"from", c.category}, {"to", category->code}}));
      c.category = category->code;
    }
    // A routing still waiting is withdrawn: it was neither accepted nor sent back.
    ASSIGN_OR_RETURN(auto routings, tx.list_routings(ctx.tenant, c.id));
    for (RoutingRecord& old : routings) {
      if (old.outcome != RoutingOutcome::kPending) continue;
      old.outcome = RoutingOutcome::kWithdrawn;
      old.decided_at = ctx.now;
      old.decided_by = ctx.principal.actor_tag();
      RETURN_IF_ERROR(tx.update_routing(ctx.tenant, old));
    }
    c.delivery_unit = r.delivery_unit;
    c.team = r.team;
    c.assignee_id = r.officer_id;
    c.enquiry.routing = Routing::kAwaitingAcceptance;
    RoutingRecord rec;
    rec.case_id = c.id;
    rec.delivery_unit = c.delivery_unit;
    rec.officer_id = r.officer_id;
    rec.routed_at = ctx.now;
    rec.routed_by = ctx.principal.actor_tag();
    RETURN_IF_ERROR(tx.insert_routing(ctx.tenant, rec));
    std::map<std::string, std::string> d{{"delivery_unit", c.delivery_unit}};
    if (r.officer_id) d["officer_id"] = std::to_string(*r.officer_id);
    if (!r.note.empty()) d["note"] = r.note;
    events.push_back(case_event(ctx, 0, event_kind::kRouted, Visibility::kInternal, std::move(d)));
    return {};
  });
}

namespace {

// The routing the receiving delivery unit is deciding on.
Result<RoutingRecord> pending_routing(Tx& tx, TenantId t, const Case& c) {
  if (c.enquiry.routing != Routing::kAwaitingAcceptance)
    return Error(ErrorCode::kFailedPrecondition, "Enquiry " + c.reference + " is not waiting to be accepted");
  ASSIGN_OR_RETURN(auto routings, tx.list_routings(t, c.id));
  for (auto it = routings.rbegin(); it != routings.rend(); ++it)
    if (it->outcome == RoutingOutcome::kPending) return *it;
  return Error(ErrorCode::kFailedPrecondition, "Enquiry " + c.reference + " is not waiting to be accepted");
}

}  // namespace

Result<CaseView> EnquiryService::accept(const RequestContext& ctx, const std::string& reference,
                                        ExpectedVersion expected) {
  return change(ctx, reference, expected, [&](Tx& tx, const CatalogueSnapshot& cat, Case& c,
                                              std::vector<CaseEvent>& events) -> Status {
    ASSIGN_OR_RETURN(RoutingRecord rec, pending_routing(tx, ctx.tenant, c));
    rec.outcome = RoutingOutcome::kAccepted;
    rec.decided_at = ctx.now;
    rec.decided_by = ctx.principal.actor_tag();
    RETURN_IF_ERROR(tx.update_routing(ctx.tenant, rec));
    c.enquiry.routing = Routing::kAccepted;
    if (!c.assignee_id && ctx.principal.officer_id && cat.officers.count(*ctx.principal.officer_id) &&
        cat.officers.at(*ctx.principal.officer_id).delivery_unit == c.delivery_unit)
      c.assignee_id = ctx.principal.officer_id;
    const CaseStatus from = c.status;
    if (from == CaseStatus::kNew) c.status = CaseStatus::kInProgress;
    events.push_back(case_event(ctx, 0, event_kind::kAccepted, Visibility::kInternal, {{"delivery_unit", c.delivery_unit}}));
    if (from != c.status)
      events.push_back(case_event(ctx, 0, event_kind::kStatusChanged, Visibility::kPublic,
                             {{"from", std::string(to_string(from))}, {"to", std::string(to_string(c.status))}}));
    return {};
  });
}

Result<CaseView> EnquiryService::send_back(const RequestContext& ctx, const std::string& reference,
                                           const std::string& reason, ExpectedVersion expected) {
  RETURN_IF_ERROR(required_text(reason, "reason", 2000, "Say why the enquiry is not for your service"));
  return change(ctx, reference, expected, [&](Tx& tx, const CatalogueSnapshot&, Case& c,
                                              std::vector<CaseEvent>& events) -> Status {
    ASSIGN_OR_RETURN(RoutingRecord rec, pending_routing(tx, ctx.tenant, c));
    rec.outcome = RoutingOutcome::kMisdirected;
    rec.decided_at = ctx.now;
    rec.decided_by = ctx.principal.actor_tag();
    rec.reason = reason;
    RETURN_IF_ERROR(tx.update_routing(ctx.tenant, rec));
    c.enquiry.routing = Routing::kSentBack;
    c.team.clear();
    c.assignee_id.reset();
    const auto took = std::chrono::duration_cast<std::chrono::seconds>(ctx.now - rec.routed_at).count();
    events.push_back(case_event(ctx, 0, event_kind::kSentBack, Visibility::kInternal,
                           {{"delivery_unit", rec.delivery_unit},
                            {"reason", reason},
                            {"seconds_to_send_back", std::to_string(took)}}));
    return {};
  });
}

Result<CaseView> EnquiryService::respond(const RequestContext& ctx, const std::string& reference,
                                         const std::string& text, std::optional<bool> confidential,
                                         ExpectedVersion expected) {
  RETURN_IF_ERROR(required_text(text, "text", 10000, "Write the response"));
  return change(ctx, reference, expected, [&](Tx&, const CatalogueSnapshot& cat, Case& c,
                                              std::vector<CaseEvent>& events) -> Status {
    RETURN_IF_ERROR(require_open(c));
    if (confidential) c.enquiry.confidential = *confidential;
    c.clock = record_response(c.sla, cat.calendar_for(c.sla), c.clock, ctx.now);
    events.push_back(case_event(ctx, 0, event_kind::kResponded, Visibility::kPublic, {{"text", text}}));
    return {};
  });
}

Result<CaseView> EnquiryService::advise_delay(const RequestContext& ctx, const std::string& reference,
                                              const DelayNotice& notice, ExpectedVersion expected) {
  return change(ctx, reference, expected, [&](Tx&, const CatalogueSnapshot& cat, Case& c,
                                              std::vector<CaseEvent>& events) -> Status {
    RETURN_IF_ERROR(validate_delay(c, notice, london_date(ctx.now)));
    RETURN_IF_ERROR(check_text(notice.reason, "reason", 2000, true));
    const bool first = !c.enquiry.delay_advised_at;
    apply_delay(c, notice, ctx.now);
    // Advising a delay is a response (DOMAIN: "responding includes advising of a delay").
    c.clock = record_response(c.sla, cat.calendar_for(c.sla), c.clock, ctx.now);
    events.push_back(case_event(ctx, 0, event_kind::kDelayAdvised, Visibility::kPublic,
                           {{"reason", notice.reason},
                            {"revised_date", format_date(notice.revised_date)},
                            {"budget_issue", notice.budget_issue ? "true" : "false"},
                            {"first", first ? "true" : "false"}}));
    return {};
  });
}

Result<CaseView> EnquiryService::diarise(const RequestContext& ctx, const std::string& reference, LocalDate on,
                                         const std::string& reason, ExpectedVersion expected) {
  RETURN_IF_ERROR(required_text(reason, "reason", 2000, "Say what should be followed up"));
  if (on <= london_date(ctx.now)) return invalid_field("date", "The follow-up date must be after today");
  if (on > london_date(ctx.now) + std::chrono::days{731})
    return invalid_field("date", "The follow-up date must be within two years");
  return change(ctx, reference, expected, [&](Tx&, const CatalogueSnapshot&, Case& c,
                                              std::vector<CaseEvent>& events) -> Status {
    c.enquiry.diary_on = on;
    c.enquiry.diary_reason = std::string(diary_reason::kFollowUp);
    events.push_back(case_event(ctx, 0, event_kind::kDiarised, Visibility::kInternal,
                           {{"date", format_date(on)}, {"why", std::string(diary_reason::kFollowUp)}, {"reason", reason}}));
    return {};
  });
}

Result<CaseView> EnquiryService::chase(const RequestContext& ctx, const std::string& reference,
                                       const std::string& note) {
  RETURN_IF_ERROR(check_text(note, "note", 2000, true));
  if (!can(ctx.principal, Permission::kWorkCases) &&
      !(ctx.principal.role == Role::kCouncillor && ctx.principal.member_id))
    return denied(ctx, "chase enquiries");
  return change(
      ctx, reference, std::nullopt,
      [&](Tx& tx, const CatalogueSnapshot&, Case& c, std::vector<CaseEvent>& events) -> Status {
        RETURN_IF_ERROR(require_open(c));
        c.enquiry.chasers += 1;
        ChaserRecord rec;
        rec.case_id = c.id;
        rec.at = ctx.now;
        rec.chased_by = ctx.principal.actor_tag();
        rec.note = note;
        RETURN_IF_ERROR(tx.insert_chaser(ctx.tenant, rec));
        events.push_back(case_event(ctx, 0, event_kind::kChased, Visibility::kPublic,
                               {{"count", std::to_string(c.enquiry.chasers)}, {"note", note}}));
        return {};
      },
      Permission::kViewCases);
}

Result<CaseView> EnquiryService::escalate(const RequestContext& ctx, const std::string& reference,
                                          const std::string& reason) {
  RETURN_IF_ERROR(required_text(reason, "reason", 2000, "Say why the enquiry is being escalated"));
  if (!can(ctx.principal, Permission::kWorkCases) &&
      !(ctx.principal.role == Role::kCouncillor && ctx.principal.member_id))
    return denied(ctx, "escalate enquiries");
  return change(
      ctx, reference, std::nullopt,
      [&](Tx& tx, const CatalogueSnapshot& cat, Case& c, std::vector<CaseEvent>& events) -> Status {
        if (c.parent_id) return invalid_field("reference", "Escalate the enquiry itself, not one of its tasks");
        ASSIGN_OR_RETURN(auto officers, tx.list_escalation_officers(ctx.tenant, c.delivery_unit));
        std::optional<Id> officer;
        for (Id id : officers)
          if (auto it = cat.officers.find(id); it != cat.officers.end() && it->second.active) {
            officer = id;
            break;
          }
        if (!officer)
          return Error(ErrorCode::kFailedPrecondition,
                       "No escalation officer is named for " + c.delivery_unit +
                           "; an administrator sets them under the delivery unit");
        c.enquiry.escalated_at = ctx.now;
        if (cat.officers.at(*officer).delivery_unit == c.delivery_unit) {
          c.assignee_id = officer;
          c.team = cat.officers.at(*officer).team;
        }
        EscalationRecord rec;
        rec.case_id = c.id;
        rec.delivery_unit = c.delivery_unit;
        rec.officer_id = officer;
        rec.escalated_at = ctx.now;
        rec.escalated_by = ctx.principal.actor_tag();
        rec.reason = reason;
        RETURN_IF_ERROR(tx.insert_escalation(ctx.tenant, rec));
        events.push_back(case_event(ctx, 0, event_kind::kEscalated, Visibility::kPublic,
                               {{"reason", reason},
                                {"officer_id", std::to_string(*officer)},
                                {"officer", cat.officers.at(*officer).name}}));
        return {};
      },
      Permission::kViewCases);
}

Result<Approval> EnquiryService::request_approval(const RequestContext& ctx, const std::string& reference,
                                                  const ApprovalRequest& request) {
  RETURN_IF_ERROR(required_text(request.reason, "reason", 2000, "Say why the change is needed"));
  Approval a;
  RETURN_IF_ERROR(change(ctx, reference, std::nullopt, [&](Tx& tx, const CatalogueSnapshot& cat, Case& c,
                                                          std::vector<CaseEvent>& events) -> Status {
    if (request.kind == ApprovalKind::kReopen && is_open(c.status))
      return Error(ErrorCode::kFailedPrecondition, "Case " + c.reference + " is open; only closed cases re-open");
    if (request.kind == ApprovalKind::kReclassify) {
      if (!request.new_type && request.new_category.empty())
        return missing_field("category");
      if (!request.new_category.empty()) RETURN_IF_ERROR(cat.category(request.new_category));
      const bool same_type = !request.new_type || *request.new_type == c.type;
      const bool same_category = request.new_category.empty() || request.new_category == c.category;
      if (same_type && same_category)
        return invalid_field("category", "That is how the case is already classified");
    }
    ASSIGN_OR_RETURN(auto existing, tx.list_approvals(ctx.tenant, c.id));
    for (const Approval& e : existing)
      if (e.status == ApprovalStatus::kPending)
        return Error(ErrorCode::kAlreadyExists, "A request on case " + c.reference + " is already waiting for a manager");
    a.case_id = c.id;
    a.kind = request.kind;
    a.requested_by = ctx.principal.actor_tag();
    a.requested_at = ctx.now;
    a.reason = request.reason;
    a.new_type = request.new_type;
    a.new_category = request.new_category;
    ASSIGN_OR_RETURN(a.id, tx.insert_approval(ctx.tenant, a));
    std::map<std::string, std::string> d{{"approval_id", std::to_string(a.id)},
                                         {"kind", std::string(to_string(a.kind))},
                                         {"reason", a.reason}};
    if (a.new_type) d["type"] = std::string(to_string(*a.new_type));
    if (!a.new_category.empty()) d["category"] = a.new_category;
    events.push_back(case_event(ctx, 0, event_kind::kApprovalRequested, Visibility::kInternal, std::move(d)));
    return {};
  }));
  return a;
}

Result<Approval> EnquiryService::decide_approval(const RequestContext& ctx, const std::string& reference,
                                                 Id approval_id, bool approve, const std::string& note) {
  if (!can(ctx.principal, Permission::kApprove)) return denied(ctx, "approve changes");
  RETURN_IF_ERROR(check_text(note, "note", 2000, true));
  if (!approve && trim(note).empty())
    return Error(ErrorCode::kMissingField, "Say why the request is refused", "note");
  Approval a;
  RETURN_IF_ERROR(change(ctx, reference, std::nullopt, [&](Tx& tx, const CatalogueSnapshot& cat, Case& c,
                                                          std::vector<CaseEvent>& events) -> Status {
    ASSIGN_OR_RETURN(auto approvals, tx.list_approvals(ctx.tenant, c.id));
    auto it = std::find_if(approvals.begin(), approvals.end(), [&](const Approval& x) { return x.id == approval_id; });
    if (it == approvals.end()) return not_found("Case " + c.reference + " has no approval request " + std::to_string(approval_id));
    a = *it;
    if (a.status != ApprovalStatus::kPending)
      return Error(ErrorCode::kFailedPrecondition, "That request has already been " + std::string(to_string(a.status)));
    if (a.requested_by == ctx.principal.actor_tag())
      return Error(ErrorCode::kPermissionDenied, "Another manager must decide on a request you made");
    a.status = approve ? ApprovalStatus::kApproved : ApprovalStatus::kRefused;
    a.decided_by = ctx.principal.actor_tag();
    a.decided_at = ctx.now;
    a.decision_note = note;
    RETURN_IF_ERROR(tx.decide_approval(ctx.tenant, a));
    events.push_back(case_event(ctx, 0, event_kind::kApprovalDecided, Visibility::kInternal,
                           {{"approval_id", std::to_string(a.id)},
                            {"kind", std::string(to_string(a.kind))},
                            {"decision", std::string(to_string(a.status))},
                            {"note", note}}));
    if (!approve) return {};
    if (a.kind == ApprovalKind::kReopen) {
      if (is_open(c.status)) return Error(ErrorCode::kFailedPrecondition, "Case " + c.reference + " is already open");
      TransitionRequest t;
      t.to = CaseStatus::kInProgress;
      t.reason = a.reason;
      ASSIGN_OR_RETURN(c, apply_transition(c, t, cat.calendar_for(c.sla), ctx.now));
      events.push_back(case_event(ctx, 0, event_kind::kStatusChanged, Visibility::kPublic,
                             {{"from", "closed"}, {"to", std::string(to_string(c.status))}, {"reason", a.reason}}));
    } else {
      std::map<std::string, std::string> d{{"fields", "classification"}};
      if (a.new_type && *a.new_type != c.type) {
        d["type"] = std::string(to_string(*a.new_type));
        c.type = *a.new_type;
      }
      if (!a.new_category.empty() && a.new_category != c.category) {
        ASSIGN_OR_RETURN(const Category* category, cat.category(a.new_category));
        d["category"] = category->code;
        c.category = category->code;
      }
      events.push_back(case_event(ctx, 0, event_kind::kUpdated, Visibility::kInternal, std::move(d)));
    }
    return {};
  }));
  return a;
}

Result<std::vector<Approval>> EnquiryService::pending_approvals(const RequestContext& ctx) {
  if (!can(ctx.principal, Permission::kApprove)) return denied(ctx, "see approval requests");
  return store_.read_value<std::vector<Approval>>(
      [&](ReadTx& tx) { return tx.list_pending_approvals(ctx.tenant, 500); });
}

Result<EnquiryRecords> EnquiryService::records(const RequestContext& ctx, const std::string& reference) {
  EnquiryRecords out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, cases_.visible(tx, *cat, ctx, reference));
    ASSIGN_OR_RETURN(out.chasers, tx.list_chasers(ctx.tenant, c.id));
    ASSIGN_OR_RETURN(out.escalations, tx.list_escalations(ctx.tenant, c.id));
    // Routing and approvals are the council's internal workings.
    if (can(ctx.principal, Permission::kWorkCases)) {
      ASSIGN_OR_RETURN(out.routings, tx.list_routings(ctx.tenant, c.id));
      ASSIGN_OR_RETURN(out.approvals, tx.list_approvals(ctx.tenant, c.id));
    } else {
      for (ChaserRecord& ch : out.chasers) ch.chased_by.clear();
      for (EscalationRecord& e : out.escalations) e.escalated_by.clear();
    }
    return {};
  }));
  return out;
}

Result<std::vector<Officer>> EnquiryService::escalation_officers(const RequestContext& ctx,
                                                                 const std::string& delivery_unit) {
  if (!can(ctx.principal, Permission::kWorkCases)) return denied(ctx, "see escalation officers");
  std::vector<Officer> out;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    RETURN_IF_ERROR(cat->delivery_unit(delivery_unit));
    ASSIGN_OR_RETURN(auto ids, tx.list_escalation_officers(ctx.tenant, delivery_unit));
    for (Id id : ids)
      if (auto it = cat->officers.find(id); it != cat->officers.end()) out.push_back(it->second);
    return {};
  }));
  return out;
}

Status EnquiryService::set_escalation_officers(const RequestContext& ctx, const std::string& delivery_unit,
                                               const std::vector<Id>& officer_ids) {
  if (!can(ctx.principal, Permission::kManageCatalogue)) return denied(ctx, "set escalation officers");
  if (officer_ids.size() > 20) return invalid_field("officer_ids", "Name at most 20 escalation officers");
  return store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    RETURN_IF_ERROR(cat->delivery_unit(delivery_unit));
    for (size_t i = 0; i < officer_ids.size(); ++i) {
      auto it = cat->officers.find(officer_ids[i]);
      if (it == cat->officers.end() || !it->second.active)
        return invalid_field("officer_ids[" + std::to_string(i) + "]",
                             "There is no active officer " + std::to_string(officer_ids[i]));
      if (std::count(officer_ids.begin(), officer_ids.end(), officer_ids[i]) > 1)
        return invalid_field("officer_ids", "Name each officer once");
    }
    RETURN_IF_ERROR(tx.put_escalation_officers(ctx.tenant, delivery_unit, officer_ids));
    std::string ids;
    for (Id id : officer_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    return audit(tx, ctx, "escalation_officers.set", "delivery_unit", delivery_unit, {{"officer_ids", ids}});
  });
}

Result<ReminderRun> EnquiryService::run_reminders(const RequestContext& ctx) {
  if (!can(ctx.principal, Permission::kApprove)) return denied(ctx, "run reminders");
  ReminderRun run;
  const LocalDate today = london_date(ctx.now);
  Id after = 0;
  for (;;) {
    std::vector<Case> batch;
    std::shared_ptr<const CatalogueSnapshot> cat;
    RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
      ASSIGN_OR_RETURN(cat, cache_.get(tx, ctx.tenant));
      const LocalDate cutoff = cat->council_calendar.add_working_days(today, 1);
      ASSIGN_OR_RETURN(batch, tx.list_enquiries_for_reminders(ctx.tenant, cutoff, today, after, 200));
      return {};
    }));
    for (const Case& c : batch) {
      after = c.id;
      ++run.cases_checked;
      const std::vector<Reminder> due = reminders_due(c, cat->calendar_for(c.sla), today);
      if (due.empty()) continue;
      int prompts = 0;
      auto changed = cases_.change_case(
          ctx, c.reference, std::nullopt,
          [&](Tx& tx, const CatalogueSnapshot&, Case& cur, std::vector<CaseEvent>& events) -> Status {
            ASSIGN_OR_RETURN(auto timeline, tx.list_events(ctx.tenant, cur.id, std::nullopt));
            for (Reminder r : due) {
              std::map<std::string, std::string> d{{"reminder", std::string(to_string(r))}};
              if (r == Reminder::kDiaryDue) {
                if (!cur.enquiry.diary_on) continue;
                d["due"] = format_date(*cur.enquiry.diary_on);
                d["why"] = cur.enquiry.diary_reason;
                cur.enquiry.diary_on.reset();  // prompted once; a new delay diarises again
                cur.enquiry.diary_reason.clear();
              } else {
                const bool sent = std::any_of(timeline.begin(), timeline.end(), [&](const CaseEvent& e) {
                  auto it = e.details.find("reminder");
                  return e.kind == event_kind::kPrompted && it != e.details.end() && it->second == to_string(r);
                });
                if (sent) continue;
                d["due"] = format_date(r == Reminder::kOverdue ? *cur.clock.resolve_by : *cur.clock.respond_by);
              }
              events.push_back(case_event(ctx, 0, event_kind::kPrompted, Visibility::kInternal, std::move(d)));
            }
            if (events.empty()) return Error(ErrorCode::kAlreadyExists, "nothing to prompt");
            prompts = static_cast<int>(events.size());
            return {};
          });
      if (!changed && changed.error().code != ErrorCode::kAlreadyExists) return changed.error();
      if (changed) run.prompts += prompts;
    }
    if (batch.size() < 200) break;
  }
  return run;
}

}  // namespace civicdesk
