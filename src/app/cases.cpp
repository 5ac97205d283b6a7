#include "app/cases.h"

#include "app/audit.h"
#include "app/back_office.h"
#include "app/enquiries.h"
#include "app/notifications.h"
#include "domain/complaint.h"
#include "domain/identifiers.h"
#include "domain/reference.h"
#include "domain/text.h"

namespace civicdesk {

namespace {

constexpr int kStaleRetries = 3;

}  // namespace

CaseEvent case_event(const RequestContext& ctx, Id case_id, std::string_view kind, Visibility v,
                     std::map<std::string, std::string> details) {
  CaseEvent e;
  e.case_id = case_id;
  e.at = ctx.now;
  e.actor = ctx.principal.actor_tag();
  e.kind = std::string(kind);
  e.visibility = v;
  e.details = std::move(details);
  return e;
}

namespace {

Error stale(const Case& c) {
  return Error(ErrorCode::kStaleVersion, "Case " + c.reference +
                                             " has changed since you last read it (now version " +
                                             std::to_string(c.version) + "); reload it and try again");
}

Status check_watcher(const CatalogueSnapshot& cat, ReadTx& tx, TenantId tenant, Watcher& w) {
  switch (w.kind) {
    case WatcherKind::kEmail: {
      ASSIGN_OR_RETURN(w.email, parse_email(w.email, "email"));
      w.ref_id.reset();
      return check_text(w.name, "name", 200);
    }
    case WatcherKind::kOfficer: {
      if (!w.ref_id) return missing_field("id");
      auto it = cat.officers.find(*w.ref_id);
      if (it == cat.officers.end()) return invalid_field("id", "There is no officer " + std::to_string(*w.ref_id));
      w.name = it->second.name;
      w.email = it->second.email;
      return {};
    }
    case WatcherKind::kMember: {
      if (!w.ref_id) return missing_field("id");
      auto it = cat.members.find(*w.ref_id);
      if (it == cat.members.end())
        return invalid_field("id", "There is no councillor " + std::to_string(*w.ref_id));
      w.name = it->second.name;
      w.email = it->second.email;
      return {};
    }
    case WatcherKind::kCustomer: {
      if (!w.ref_id) return missing_field("id");
      auto c = tx.get_customer(tenant, *w.ref_id);
      if (!c) return invalid_field("id", "There is no customer " + std::to_string(*w.ref_id));
      w.name = c->display_name();
      w.email = c->emails.empty() ? "" : c->emails.front().address;
      return {};
    }
  }
  return {};
}

std::string watcher_label(const Watcher& w) {
  return w.kind == WatcherKind::kEmail ? w.email
                                       : std::string(to_string(w.kind)) + ":" + std::to_string(*w.ref_id);
}

std::string du_name(const CatalogueSnapshot& cat, const std::string& code) {
  auto it = cat.delivery_units.find(code);
  return it == cat.delivery_units.end() ? code : it->second.name;
}

Status check_assignee(const CatalogueSnapshot& cat, const std::string& du, const std::string& team,
                      std::optional<Id> officer) {
  if (!team.empty()) {
    auto it = cat.teams.find(team);
    if (it == cat.teams.end()) return invalid_field("team", "There is no team \"" + team.substr(0, 64) + "\"");
    if (it->second.delivery_unit != du)
      return invalid_field("team", it->second.name + " is not part of " + du_name(cat, du));
  }
  if (officer) {
    auto it = cat.officers.find(*officer);
    if (it == cat.officers.end() || !it->second.active)
      return invalid_field("officer_id", "There is no active officer " + std::to_string(*officer));
    if (!it->second.delivery_unit.empty() && it->second.delivery_unit != du)
      return invalid_field("officer_id", it->second.name + " works in " +
                                             du_name(cat, it->second.delivery_unit) + ", not " + du_name(cat, du));
  }
  return {};
}

// Would making `parent` the parent of `child` create a loop?
Result<bool> creates_cycle(ReadTx& tx, TenantId t, Id child, Id parent) {
  std::optional<Id> cur = parent;
  for (int depth = 0; cur && depth < 64; ++depth) {
    if (*cur == child) return true;
    ASSIGN_OR_RETURN(Case c, tx.get_case(t, *cur));
    cur = c.parent_id;
  }
  return false;
}

// A Members' Enquiry's child tasks share its reference: "<parent>-<n>", one
// task per delivery unit.
Result<std::string> next_task_reference(Tx& tx, TenantId t, const Case& parent, const std::string& delivery_unit) {
  CaseFilter f;
  f.parent_id = parent.id;
  f.limit = 200;
  ASSIGN_OR_RETURN(auto tasks, tx.list_cases(t, f));
  int last = 0;
  const std::string prefix = parent.reference + "-";
  for (const Case& task : tasks) {
    if (task.delivery_unit == delivery_unit)
      return Error(ErrorCode::kAlreadyExists,
                   "Enquiry " + parent.reference + " already has a task for this delivery unit: " + task.reference,
                   "delivery_unit");
    if (task.reference.starts_with(prefix)) last = std::max(last, std::atoi(task.reference.c_str() + prefix.size()));
  }
  if (last >= 99) return invalid_field("parent_reference", "An enquiry can have at most 99 tasks");
  return task_reference(parent.reference, last + 1);
}

}  // namespace

// Statutory and council-wide clocks belong to the case type, not the
// category: a complaint about potholes runs on the complaints clock.
// Members' Enquiries use the council's own targets.
Result<SlaPolicy> sla_policy_for(const CatalogueSnapshot& cat, CaseType type, const Category* category) {
  if (type == CaseType::kMemberEnquiry) {
    SlaPolicy p;
    p.code = "member_enquiry";
    p.name = "Members' Enquiry";
    p.respond_days = cat.tenant.me_respond_days;
    p.resolve_days = cat.tenant.me_close_days;
    p.pausable = false;
    return p;
  }
  if (auto it = cat.policies.find(std::string(to_string(type))); it != cat.policies.end()) return it->second;
  if (!category) {
    SlaPolicy none;
    none.code = "none";
    none.name = "No target";
    return none;
  }
  ASSIGN_OR_RETURN(const SlaPolicy* p, cat.policy(category->sla_policy));
  return *p;
}

CaseView CaseService::view(const CatalogueSnapshot& cat, const Case& c, Instant now) {
  CaseView v{c, {}, std::nullopt, std::nullopt};
  const WorkingCalendar& cal = cat.calendar_for(c.sla);
  v.resolve = sla_status(cal, c.clock, now, c.closed_at);
  if (c.clock.responded_on && c.clock.respond_by) v.responded_in_time = met(*c.clock.responded_on, *c.clock.respond_by);
  return v;
}

// civicdesk's own references are found however they are typed ("bar-0012340"
// finds BAR-0012340). Other references were brought in by `civicdesk import
// cases` from another system ("ME/2015/00123") and are kept exactly as they
// were, so they are looked up exactly as given (docs/import.md).
Result<Case> CaseService::find(ReadTx& tx, TenantId tenant, const std::string& reference) {
  const bool may_be_imported = imported_reference_problem(reference).empty();
  if (auto ref = normalise_reference(reference)) {
    auto found = tx.get_case_by_reference(tenant, *ref);
    if (found || found.error().code != ErrorCode::kNotFound || *ref == reference || !may_be_imported) return found;
    return tx.get_case_by_reference(tenant, reference);  // imported verbatim, e.g. in lower case
  }
  if (may_be_imported) {
    auto found = tx.get_case_by_reference(tenant, reference);
    if (found || found.error().code != ErrorCode::kNotFound) return found;
  }
  return not_found("\"" + reference.substr(0, 40) +
                   "\" is not a case reference: check it, they look like BAR-0012340");
}

Result<Case> CaseService::find_for_update(Tx& tx, TenantId tenant, const std::string& reference) {
  const bool may_be_imported = imported_reference_problem(reference).empty();
  if (auto ref = normalise_reference(reference)) {
    auto found = tx.get_case_for_update(tenant, *ref);
    if (found || found.error().code != ErrorCode::kNotFound || *ref == reference || !may_be_imported) return found;
    return tx.get_case_for_update(tenant, reference);
  }
  if (may_be_imported) {
    auto found = tx.get_case_for_update(tenant, reference);
    if (found || found.error().code != ErrorCode::kNotFound) return found;
  }
  return find(tx, tenant, reference);  // the same not_found message
}

// What residents, councillors and client systems may say about a new case.
Status CaseService::apply_creator_rules(const RequestContext& ctx, NewCase& in) {
  const Principal& p = ctx.principal;
  if (p.kind != Principal::Kind::kUser || !p.role) return {};
  if (*p.role == Role::kResident) {
    if (!p.customer_id) return denied(ctx, "create cases without a customer record");
    if (in.type == CaseType::kMemberEnquiry) return invalid_field("type", "Members' Enquiries are raised by councillors");
    if (in.customer_id && in.customer_id != p.customer_id)
      return invalid_field("customer_id", "You can only report for yourself");
    in.customer_id = p.customer_id;
    in.member_id.reset();
    in.parent_reference.clear();
    in.watchers.clear();
    in.delivery_unit.clear();
    in.team.clear();
    in.assignee_id.reset();
    in.received_at.reset();
    if (!in.channel) in.channel = Channel::kWebform;
  } else if (*p.role == Role::kCouncillor) {
    if (!p.member_id) return denied(ctx, "raise enquiries without a councillor record");
    in.type = CaseType::kMemberEnquiry;
    if (in.member_id && in.member_id != p.member_id)
      return invalid_field("member_id", "You can only raise enquiries as yourself");
    in.member_id = p.member_id;
    in.parent_reference.clear();
    in.delivery_unit.clear();
    in.team.clear();
    in.assignee_id.reset();
    in.received_at.reset();
    if (!in.channel) in.channel = Channel::kWebform;
  }
  return {};
}

std::vector<std::string> watcher_keys_for(ReadTx& tx, const RequestContext& ctx, const Case& c) {
  std::vector<std::string> keys;
  // Only councillors' visibility depends on being copied in.
  if (!ctx.principal.member_id) return keys;
  auto ws = tx.list_watchers(ctx.tenant, c.id);
  if (ws)
    for (const auto& w : *ws)
      if (w.ref_id) keys.push_back(std::string(to_string(w.kind)) + ":" + std::to_string(*w.ref_id));
  return keys;
}

Result<Case> CaseService::check_visible(ReadTx& tx, const CatalogueSnapshot& cat, const RequestContext& ctx, Case c,
                                        const std::string& reference) {
  const Category* category = nullptr;
  if (auto it = cat.categories.find(c.category); it != cat.categories.end()) category = &it->second;
  if (!can_view_case(ctx.principal, c, category, watcher_keys_for(tx, ctx, c))) {
    if (!ctx.principal.authenticated()) return unauthenticated();
    // The same answer as for a case that does not exist: no probing.
    return not_found("Case " + reference.substr(0, 40) + " not found");
  }
  return c;
}

Result<Case> CaseService::visible(ReadTx& tx, const CatalogueSnapshot& cat, const RequestContext& ctx,
                                  const std::string& reference) {
  if (!can(ctx.principal, Permission::kViewCases)) return denied(ctx, "see cases");
  ASSIGN_OR_RETURN(Case c, find(tx, ctx.tenant, reference));
  return check_visible(tx, cat, ctx, std::move(c), reference);
}

Result<Case> CaseService::workable(Tx& tx, const CatalogueSnapshot& cat, const RequestContext& ctx,
                                   const std::string& reference, Permission needed) {
  if (!can(ctx.principal, Permission::kViewCases)) return denied(ctx, "see cases");
  ASSIGN_OR_RETURN(Case c, find_for_update(tx, ctx.tenant, reference));
  ASSIGN_OR_RETURN(c, check_visible(tx, cat, ctx, std::move(c), reference));
  if (needed == Permission::kWorkCases && !can_work_case(ctx.principal, c))
    return denied(ctx, "change case " + c.reference);
  return c;
}

Result<Case> CaseService::create_in(Tx& tx, const CatalogueSnapshot& cat, const RequestContext& ctx,
                                    const NewCase& in) {
  if (!can(ctx.principal, Permission::kCreateCase)) return denied(ctx, "create cases");
  ASSIGN_OR_RETURN(const Category* category, cat.category(in.category));
  if (!category->active) return invalid_field("category", "\"" + category->name + "\" is no longer offered");
  NewCase own = in;
  RETURN_IF_ERROR(apply_creator_rules(ctx, own));
  Case c;
  c.type = own.type;
  c.category = category->code;
  c.priority = own.priority.value_or(Priority::kNormal);
  c.channel = own.channel.value_or(Channel::kTelephone);
  c.title = std::string(trim(own.title));
  c.description = own.description;
  RETURN_IF_ERROR(validate_case_text(c));
  ASSIGN_OR_RETURN(c.location, normalise_location(own.location));
  RETURN_IF_ERROR(cat.check_in_area(c.location));
  if (!c.location.ward.empty() && !cat.wards.count(c.location.ward))
    return invalid_field("location.ward", "There is no ward \"" + c.location.ward + "\"");
  if (category->location_required && !c.location.lat && c.location.address.empty() && !c.location.uprn)
    return Error(ErrorCode::kMissingField,
                 "Say where the problem is: a point on the map, an address or a property (UPRN)", "location");
  ASSIGN_OR_RETURN(c.answers, validate_answers(*category, own.answers));

  c.delivery_unit = own.delivery_unit.empty() ? category->delivery_unit : own.delivery_unit;
  RETURN_IF_ERROR(cat.delivery_unit(c.delivery_unit));
  c.team = own.team;
  c.assignee_id = own.assignee_id;
  RETURN_IF_ERROR(check_assignee(cat, c.delivery_unit, c.team, c.assignee_id));

  std::optional<Customer> customer;
  if (own.customer_id) {
    auto found = tx.get_customer(ctx.tenant, *own.customer_id);
    if (!found) return invalid_field("customer_id", "There is no customer " + std::to_string(*own.customer_id));
    customer = std::move(*found);
    c.customer_id = own.customer_id;
  }
  if (own.member_id) {
    if (!cat.members.count(*own.member_id))
      return invalid_field("member_id", "There is no councillor " + std::to_string(*own.member_id));
    c.member_id = own.member_id;
  } else if (own.type == CaseType::kMemberEnquiry) {
    return Error(ErrorCode::kMissingField, "Say which councillor raised the enquiry", "member_id");
  }
  std::optional<Case> parent;
  if (!own.parent_reference.empty()) {
    auto found = find(tx, ctx.tenant, own.parent_reference);
    if (!found) return invalid_field("parent_reference", found.error().message);
    parent = std::move(*found);
    c.parent_id = parent->id;
  }

  c.enquiry.confidential = own.type == CaseType::kMemberEnquiry && own.confidential;
  c.received_at = own.received_at.value_or(ctx.now);
  if (c.received_at > ctx.now + std::chrono::minutes{5})
    return invalid_field("received_at", "A case cannot be received in the future");
  if (c.received_at < Instant{WorkingCalendar::kFirstDay})
    return invalid_field("received_at", "Received date is too far in the past");
  ASSIGN_OR_RETURN(c.sla, sla_policy_for(cat, c.type, category));
  // A stage 2 complaint runs on the stage 2 service level (DOMAIN.md).
  if (c.type == CaseType::kComplaint && complaint::stage(c.answers) == 2) c.sla = complaint::stage2_policy(cat.policies);
  c.clock = start_clock(c.sla, cat.calendar_for(c.sla), c.received_at);
  c.created_at = c.updated_at = ctx.now;
  c.version = 1;

  if (parent && parent->type == CaseType::kMemberEnquiry) {
    ASSIGN_OR_RETURN(c.reference, next_task_reference(tx, ctx.tenant, *parent, c.delivery_unit));
  } else {
    ASSIGN_OR_RETURN(int64_t number, tx.next_case_number(ctx.tenant));
    c.reference = format_reference(cat.tenant.reference_prefix, number);
  }
  const CaseEvent received = case_event(ctx, 0, event_kind::kReceived, Visibility::kPublic,
                                   {{"channel", std::string(to_string(c.channel))},
                                    {"category", category->name},
                                    {"delivery_unit", c.delivery_unit}});
  ASSIGN_OR_RETURN(c.id, tx.insert_case_with_event(ctx.tenant, c, received));
  for (Watcher w : own.watchers) {
    RETURN_IF_ERROR(check_watcher(cat, tx, ctx.tenant, w));
    w.added_at = ctx.now;
    RETURN_IF_ERROR(tx.add_watcher(ctx.tenant, c.id, w));
    RETURN_IF_ERROR(tx.append_event(ctx.tenant, case_event(ctx, c.id, event_kind::kWatcherAdded, Visibility::kInternal,
                                                      {{"watcher", watcher_label(w)}, {"name", w.name}})));
  }
  if (c.type == CaseType::kMemberEnquiry)
    RETURN_IF_ERROR(queue_enquiry_messages(tx, cat, ctx.tenant, c, {received}, ctx.now));
  else
    RETURN_IF_ERROR(queue_case_notifications(tx, cat, ctx.tenant, c, {received}, true, ctx.now, public_url_,
                                             customer ? &*customer : nullptr));
  // A category handled in a delivery unit's own system: the case goes there too.
  RETURN_IF_ERROR(forward_new_case(tx, cat, ctx.tenant, c, ctx.now));
  RETURN_IF_ERROR(audit(tx, ctx, "case.create", "case", c.reference, {{"category", c.category}}));
  return c;
}

Result<CaseView> CaseService::create(const RequestContext& ctx, const NewCase& in) {
  std::optional<CaseView> out;
  RETURN_IF_ERROR(store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, create_in(tx, *cat, ctx, in));
    out = view(*cat, c, ctx.now);
    return {};
  }));
  return std::move(*out);
}

Result<CaseView> CaseService::get(const RequestContext& ctx, const std::string& reference, CaseDetail detail) {
  std::optional<CaseView> out;
  bool restricted = false;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, visible(tx, *cat, ctx, reference));
    auto it = cat->categories.find(c.category);
    restricted = it != cat->categories.end() && it->second.restricted;
    out = view(*cat, c, ctx.now);
    if (detail == CaseDetail::kWithBackOffice) {
      ASSIGN_OR_RETURN(out->back_office, tx.get_back_office_link(ctx.tenant, c.id));
    }
    return {};
  }));
  // Views of restricted cases are audited; no audit entry, no view.
  if (restricted)
    RETURN_IF_ERROR(store_.write([&](Tx& tx) { return audit(tx, ctx, "case.view", "case", out->c.reference); }));
  return std::move(*out);
}

Result<CasePage> CaseService::list(const RequestContext& ctx, CaseFilter filter) {
  if (!can(ctx.principal, Permission::kViewCases)) return denied(ctx, "see cases");
  filter.limit = std::clamp(filter.limit, 1, 200);
  CasePage page;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    filter.scope = scope_for(*cat, ctx);
    ASSIGN_OR_RETURN(auto cases, tx.list_cases(ctx.tenant, filter));
    const bool more = static_cast<int>(cases.size()) > filter.limit;
    if (more) cases.resize(filter.limit);
    page.items.clear();
    for (const Case& c : cases) page.items.push_back(view(*cat, c, ctx.now));
    if (more && !cases.empty()) {
      const Case& last = cases.back();
      page.next = CaseCursor{filter.sort, last.id,
                             last.clock.resolve_by ? format_date(*last.clock.resolve_by) : ""};
    }
    return {};
  }));
  return page;
}

CaseScope CaseService::scope_for(const CatalogueSnapshot& cat, const RequestContext& ctx) {
  std::vector<Category> categories;
  for (const auto& [code, c] : cat.categories)
    if (c.restricted) categories.push_back(c);
  return case_scope(ctx.principal, categories);
}

Status CaseService::export_cases(const RequestContext& ctx, const CaseFilter& in,
                                 const std::function<Status(const CaseView&)>& sink) {
  if (!can(ctx.principal, Permission::kExportCases)) return denied(ctx, "export cases");
  CaseFilter filter = in;
  return store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    filter.scope = scope_for(*cat, ctx);
    return tx.each_case(ctx.tenant, filter, [&](const Case& c) { return sink(view(*cat, c, ctx.now)); });
  });
}

Result<CaseView> CaseService::mutate(const RequestContext& ctx, const std::string& reference,
                                     ExpectedVersion expected, const Change& change, Permission needed) {
  return change_case(
      ctx, reference, expected,
      [&](Tx&, const CatalogueSnapshot& cat, Case& c, std::vector<CaseEvent>& events) { return change(cat, c, events); },
      needed);
}

Result<CaseView> CaseService::change_case(const RequestContext& ctx, const std::string& reference,
                                          ExpectedVersion expected, const TxChange& change, Permission needed) {
  for (int attempt = 0;; ++attempt) {
    std::optional<CaseView> out;
    Status s = store_.write([&](Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
      ASSIGN_OR_RETURN(Case current, workable(tx, *cat, ctx, reference, needed));
      if (expected && *expected != current.version) return stale(current);
      Case next = current;
      std::vector<CaseEvent> events;
      RETURN_IF_ERROR(change(tx, *cat, next, events));
      next.version = current.version + 1;
      next.updated_at = ctx.now;
      RETURN_IF_ERROR(tx.update_case(ctx.tenant, next, current.version));
      std::string kinds;
      for (CaseEvent& e : events) {
        e.case_id = next.id;
        ASSIGN_OR_RETURN(e.id, tx.append_event(ctx.tenant, e));
        kinds += (kinds.empty() ? "" : ",") + e.kind;
      }
      if (next.type == CaseType::kMemberEnquiry)
        RETURN_IF_ERROR(queue_enquiry_messages(tx, *cat, ctx.tenant, next, events, ctx.now));
      else
        RETURN_IF_ERROR(queue_case_notifications(tx, *cat, ctx.tenant, next, events,
                                                 can(ctx.principal, Permission::kWorkCases), ctx.now, public_url_));
      // A case forwarded to a back office: tell it what it must know.
      RETURN_IF_ERROR(forward_case_changes(tx, *cat, ctx.tenant, next, events,
                                           can(ctx.principal, Permission::kWorkCases), ctx.now));
      RETURN_IF_ERROR(audit(tx, ctx, "case.update", "case", next.reference, {{"events", kinds}}));
      out = view(*cat, next, ctx.now);
      return {};
    });
    // Another server changed the case between our read and write: an action
    // without If-Match is a delta, so apply it again to the new version.
    if (!s && s.error().code == ErrorCode::kStaleVersion && !expected && attempt < kStaleRetries) continue;
    if (!s) return s.error();
    return std::move(*out);
  }
}

Result<CaseView> CaseService::update(const RequestContext& ctx, const std::string& reference,
                                     const CasePatch& patch, ExpectedVersion expected) {
  // The customer must exist, as on create (customers are never deleted, so
  // checking before the write is enough).
  if (patch.customer_id && *patch.customer_id) {
    const Id id = **patch.customer_id;
    RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
      auto customer = tx.get_customer(ctx.tenant, id);
      if (!customer && customer.error().kind() == ErrorKind::kNotFound)
        return invalid_field("customer_id", "There is no customer " + std::to_string(id));
      return customer ? Status{} : Status(customer.error());
    }));
  }
  return mutate(ctx, reference, expected, [&](const CatalogueSnapshot& cat, Case& c, std::vector<CaseEvent>& events) -> Status {
    std::map<std::string, std::string> changed;
    if (patch.title) {
      c.title = std::string(trim(*patch.title));
      changed["title"] = c.title;
    }
    if (patch.description) {
      c.description = *patch.description;
      changed["description"] = "changed";
    }
    RETURN_IF_ERROR(validate_case_text(c));
    if (patch.priority) {
      c.priority = *patch.priority;
      changed["priority"] = std::string(to_string(c.priority));
    }
    if (patch.location) {
      ASSIGN_OR_RETURN(c.location, normalise_location(*patch.location));
      RETURN_IF_ERROR(cat.check_in_area(c.location));
      if (!c.location.ward.empty() && !cat.wards.count(c.location.ward))
        return invalid_field("location.ward", "There is no ward \"" + c.location.ward + "\"");
      changed["location"] = "changed";
    }
    if (patch.answers) {
      ASSIGN_OR_RETURN(const Category* category, cat.category(c.category));
      ASSIGN_OR_RETURN(c.answers, validate_answers(*category, *patch.answers));
      changed["answers"] = "changed";
    }
    if (patch.customer_id) {
      c.customer_id = *patch.customer_id;
      changed["customer_id"] = c.customer_id ? std::to_string(*c.customer_id) : "none";
    }
    if (changed.empty()) return invalid_field("", "Nothing to change: send at least one field");
    events.push_back(case_event(ctx, c.id, event_kind::kUpdated, Visibility::kInternal, std::move(changed)));
    return {};
  });
}

Result<CaseView> CaseService::transition(const RequestContext& ctx, const std::string& reference,
                                         const TransitionRequest& req, ExpectedVersion expected) {
  return mutate(ctx, reference, expected, [&](const CatalogueSnapshot& cat, Case& c, std::vector<CaseEvent>& events) -> Status {
    const CaseStatus from = c.status;
    if (c.type == CaseType::kMemberEnquiry && from == CaseStatus::kClosed && !can(ctx.principal, Permission::kApprove))
      return Error(ErrorCode::kFailedPrecondition,
                   "Re-opening a Members' Enquiry needs a manager's approval: request it with "
                   "POST /api/v1/cases/" + c.reference + "/approvals");
    ASSIGN_OR_RETURN(c, apply_transition(c, req, cat.calendar_for(c.sla), ctx.now));
    std::map<std::string, std::string> d{{"from", std::string(to_string(from))},
                                         {"to", std::string(to_string(c.status))}};
    if (!req.reason.empty()) d["reason"] = req.reason;
    if (c.outcome) d["outcome"] = std::string(to_string(*c.outcome));
    events.push_back(case_event(ctx, c.id, event_kind::kStatusChanged, Visibility::kPublic, std::move(d)));
    return {};
  });
}

Result<CaseView> CaseService::assign(const RequestContext& ctx, const std::string& reference, const Assignment& a,
                                     ExpectedVersion expected) {
  return change_case(ctx, reference, expected, [&](Tx& tx, const CatalogueSnapshot& cat, Case& c, std::vector<CaseEvent>& events) -> Status {
    if (c.status == CaseStatus::kClosed)
      return Error(ErrorCode::kCaseClosed, "Case " + c.reference + " is closed; re-open it before assigning it");
    RETURN_IF_ERROR(check_text(a.reason, "reason", 2000, true));
    if (a.delivery_unit.empty() && a.team.empty() && !a.officer_id && !a.unassign_officer)
      return invalid_field("", "Say who to assign the case to: a delivery unit, team or officer");
    if (a.officer_id && a.unassign_officer)
      return invalid_field("officer_id", "Give an officer or unassign, not both");
    if (!a.delivery_unit.empty() && a.delivery_unit != c.delivery_unit) {
      RETURN_IF_ERROR(cat.delivery_unit(a.delivery_unit));
      c.delivery_unit = a.delivery_unit;
      c.team.clear();
      c.assignee_id.reset();
    }
    if (!a.team.empty()) c.team = a.team;
    if (a.officer_id) c.assignee_id = a.officer_id;
    if (a.unassign_officer) c.assignee_id.reset();
    RETURN_IF_ERROR(check_assignee(cat, c.delivery_unit, c.team, c.assignee_id));
    if (a.officer_id && c.type == CaseType::kComplaint && complaint::stage(c.answers) == 2) {
      // A stage 2 review goes to someone who did not handle stage 1.
      std::vector<Case> related;
      ASSIGN_OR_RETURN(auto links, tx.list_links(ctx.tenant, c.id));
      for (const auto& l : links)
        if (l.kind == LinkKind::kRelated) {
          ASSIGN_OR_RETURN(Case other, tx.get_case(ctx.tenant, l.other_id));
          related.push_back(std::move(other));
        }
      if (!complaint::may_handle_stage2(*a.officer_id, related))
        return invalid_field("officer_id", "The officer who handled stage 1 cannot review the complaint at stage 2");
    }
    std::map<std::string, std::string> d{{"delivery_unit", c.delivery_unit}, {"team", c.team}};
    d["officer"] = c.assignee_id ? cat.officers.at(*c.assignee_id).name : "";
    if (!a.reason.empty()) d["reason"] = a.reason;
    events.push_back(case_event(ctx, c.id, event_kind::kAssigned, Visibility::kInternal, std::move(d)));
    return {};
  });
}

Result<CaseEvent> CaseService::add_note(const RequestContext& ctx, const std::string& reference, const NewNote& note) {
  if (trim(note.text).empty()) return Error(ErrorCode::kMissingField, "Write the note", "text");
  RETURN_IF_ERROR(check_text(note.text, "text", 10000, true));
  // Residents and councillors add updates the council and they both see;
  // staff and client systems may also write internal notes.
  const bool staff_or_system = can(ctx.principal, Permission::kWorkCases);
  // Only people (residents, councillors) may add updates with no more than
  // the view permission; a client system needs cases:write for any note (a
  // cases:read token was able to write to every case it could read).
  if (!staff_or_system && ctx.principal.kind == Principal::Kind::kApiClient) return denied(ctx, "add notes to cases");
  if (!staff_or_system && note.visibility == Visibility::kInternal && ctx.principal.authenticated())
    return invalid_field("visibility", "Your updates are shared with the council: use visibility public");
  const Permission needed = staff_or_system ? Permission::kWorkCases : Permission::kViewCases;
  CaseEvent added;
  auto v = mutate(ctx, reference, std::nullopt,
                  [&](const CatalogueSnapshot& cat, Case& c, std::vector<CaseEvent>& events) -> Status {
                    if (note.visibility == Visibility::kPublic && staff_or_system)
                      c.clock = record_response(c.sla, cat.calendar_for(c.sla), c.clock, ctx.now);
                    added = case_event(ctx, c.id, event_kind::kNote, note.visibility, {{"text", note.text}});
                    events.push_back(added);
                    return {};
                  },
                  needed);
  if (!v) return v.error();
  return added;
}

Result<CaseView> CaseService::extend(const RequestContext& ctx, const std::string& reference, int amount,
                                     const std::string& reason, ExpectedVersion expected) {
  if (trim(reason).empty()) return Error(ErrorCode::kMissingField, "Explain why more time is needed", "reason");
  RETURN_IF_ERROR(check_text(reason, "reason", 2000, true));
  return mutate(ctx, reference, expected, [&](const CatalogueSnapshot& cat, Case& c, std::vector<CaseEvent>& events) -> Status {
    if (c.status == CaseStatus::kClosed) return Error(ErrorCode::kCaseClosed, "Case " + c.reference + " is closed");
    if (c.type == CaseType::kMemberEnquiry)
      return Error(ErrorCode::kFailedPrecondition,
                   "A Members' Enquiry keeps its target date: advise a delay with a revised date instead");
    ASSIGN_OR_RETURN(c.clock, extend_clock(c.sla, cat.calendar_for(c.sla), c.clock, amount));
    events.push_back(case_event(ctx, c.id, event_kind::kClockExtended, Visibility::kPublic,
                           {{"amount", std::to_string(amount)},
                            {"reason", reason},
                            {"resolve_by", format_date(*c.clock.resolve_by)}}));
    return {};
  });
}

Result<Timeline> CaseService::timeline(const RequestContext& ctx, const std::string& reference,
                                       std::optional<Visibility> only) {
  Timeline t;
  // Residents and councillors see what the council shares with them.
  if (!can(ctx.principal, Permission::kWorkCases)) only = Visibility::kPublic;
  RETURN_IF_ERROR(store_.read([&](ReadTx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, visible(tx, *cat, ctx, reference));
    ASSIGN_OR_RETURN(t.events, tx.list_events(ctx.tenant, c.id, only));
    // Leave out links to cases the principal may not see, as links() does
    // (the event names the other case: a restricted one's reference leaked).
    std::erase_if(t.events, [&](const CaseEvent& e) {
      if (e.kind != event_kind::kLinked && e.kind != event_kind::kUnlinked) return false;
      auto other = e.details.find("case");
      return other != e.details.end() && !visible(tx, *cat, ctx, other->second);
    });
    return {};
  }));
  return t;
}

Result<std::vector<CaseLink>> CaseService::links(const RequestContext& ctx, const std::string& reference) {
  return store_.read_value<std::vector<CaseLink>>([&](ReadTx& tx) -> Result<std::vector<CaseLink>> {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, visible(tx, *cat, ctx, reference));
    ASSIGN_OR_RETURN(auto links, tx.list_links(ctx.tenant, c.id));
    // Leave out links to cases the principal may not see (a restricted
    // category's case linked by its team must not show its reference to
    // everyone who can read the other case).
    std::vector<CaseLink> shown;
    for (auto& l : links)
      if (visible(tx, *cat, ctx, l.other_reference)) shown.push_back(std::move(l));
    return shown;
  });
}

Status CaseService::link(const RequestContext& ctx, const std::string& reference, LinkKind kind,
                         const std::string& other_reference) {
  if (kind == LinkKind::kDuplicatedBy)
    return invalid_field("kind", "Link the duplicate to the original with duplicate_of");
  return store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, workable(tx, *cat, ctx, reference, Permission::kWorkCases));
    auto other = visible(tx, *cat, ctx, other_reference);
    if (!other) return invalid_field("case", other.error().message);
    if (other->id == c.id) return invalid_field("case", "A case cannot be linked to itself");
    if (kind == LinkKind::kParent || kind == LinkKind::kChild) {
      Case child = kind == LinkKind::kParent ? c : *other;
      const Case& parent = kind == LinkKind::kParent ? *other : c;
      if (child.parent_id)
        return Error(ErrorCode::kAlreadyExists, "Case " + child.reference + " already has a parent case");
      ASSIGN_OR_RETURN(bool cycle, creates_cycle(tx, ctx.tenant, child.id, parent.id));
      if (cycle) return invalid_field("case", "That would make a case its own ancestor");
      const int64_t was = child.version;
      child.parent_id = parent.id;
      child.version = was + 1;
      child.updated_at = ctx.now;
      RETURN_IF_ERROR(tx.update_case(ctx.tenant, child, was));
    } else {
      RETURN_IF_ERROR(tx.add_link(ctx.tenant, c.id, kind, other->id));
    }
    const std::string k(to_string(kind));
    RETURN_IF_ERROR(tx.append_event(ctx.tenant, case_event(ctx, c.id, event_kind::kLinked, Visibility::kInternal,
                                                      {{"kind", k}, {"case", other->reference}})));
    return audit(tx, ctx, "case.link", "case", c.reference, {{"kind", k}, {"case", other->reference}});
  });
}

Status CaseService::unlink(const RequestContext& ctx, const std::string& reference, LinkKind kind,
                           const std::string& other_reference) {
  return store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, workable(tx, *cat, ctx, reference, Permission::kWorkCases));
    ASSIGN_OR_RETURN(Case other, visible(tx, *cat, ctx, other_reference));
    if (kind == LinkKind::kParent || kind == LinkKind::kChild) {
      Case child = kind == LinkKind::kParent ? c : other;
      const Case& parent = kind == LinkKind::kParent ? other : c;
      if (child.parent_id != parent.id) return not_found("Those cases are not linked that way");
      const int64_t was = child.version;
      child.parent_id.reset();
      child.version = was + 1;
      child.updated_at = ctx.now;
      RETURN_IF_ERROR(tx.update_case(ctx.tenant, child, was));
    } else {
      RETURN_IF_ERROR(tx.remove_link(ctx.tenant, c.id, kind, other.id));
    }
    RETURN_IF_ERROR(tx.append_event(ctx.tenant, case_event(ctx, c.id, event_kind::kUnlinked, Visibility::kInternal,
                                                      {{"kind", std::string(to_string(kind))},
                                                       {"case", other.reference}})));
    return audit(tx, ctx, "case.unlink", "case", c.reference, {{"case", other.reference}});
  });
}

Result<std::vector<Watcher>> CaseService::watchers(const RequestContext& ctx, const std::string& reference) {
  // Staff, and councillors for the enquiries they raised themselves.
  const Principal& p = ctx.principal;
  const bool staff = can(p, Permission::kWorkCases);
  const bool member = p.kind == Principal::Kind::kUser && p.role == Role::kCouncillor && p.member_id;
  if (!staff && !member) return denied(ctx, "see who is copied in");
  return store_.read_value<std::vector<Watcher>>([&](ReadTx& tx) -> Result<std::vector<Watcher>> {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    auto c = visible(tx, *cat, ctx, reference);
    if (!staff && (!c || c->member_id != p.member_id)) return denied(ctx, "see who is copied in");
    if (!c) return c.error();
    return tx.list_watchers(ctx.tenant, c->id);
  });
}

Status CaseService::watch(const RequestContext& ctx, const std::string& reference, Watcher w) {
  return store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, workable(tx, *cat, ctx, reference, Permission::kWorkCases));
    RETURN_IF_ERROR(check_watcher(*cat, tx, ctx.tenant, w));
    w.added_at = ctx.now;
    RETURN_IF_ERROR(tx.add_watcher(ctx.tenant, c.id, w));
    RETURN_IF_ERROR(tx.append_event(ctx.tenant, case_event(ctx, c.id, event_kind::kWatcherAdded, Visibility::kInternal,
                                                      {{"watcher", watcher_label(w)}, {"name", w.name}})));
    return audit(tx, ctx, "case.watch", "case", c.reference, {{"watcher", std::string(to_string(w.kind))}});
  });
}

Status CaseService::unwatch(const RequestContext& ctx, const std::string& reference, const Watcher& w) {
  return store_.write([&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto cat, cache_.get(tx, ctx.tenant));
    ASSIGN_OR_RETURN(Case c, workable(tx, *cat, ctx, reference, Permission::kWorkCases));
    Watcher key = w;
    if (key.kind == WatcherKind::kEmail) {
      ASSIGN_OR_RETURN(key.email, parse_email(key.email, "email"));
    } else if (!key.ref_id) {
      return missing_field("id");
    }
    RETURN_IF_ERROR(tx.remove_watcher(ctx.tenant, c.id, key));
    RETURN_IF_ERROR(tx.append_event(ctx.tenant, case_event(ctx, c.id, event_kind::kWatcherRemoved, Visibility::kInternal,
                                                      {{"watcher", watcher_label(key)}})));
    return audit(tx, ctx, "case.unwatch", "case", c.reference);
  });
}

}  // namespace civicdesk
