// The staff console's case page (/staff/cases/{reference}): the case, its
// photos, the whole timeline (internal and public entries marked) and every
// workflow action as its own small form. Each action posts to
// /staff/cases/{reference}/{action}, calls one app/ use case and comes back
// to the case page (Post/Redirect/Get); a validation error shows the page
// again with the GOV.UK error summary, that form open and what was typed.
//
// Optimistic concurrency: every form carries the case's version; when
// someone else changed the case since the page was drawn, nothing is
// changed and the page says so. Actions whose use case takes the version
// (ExpectedVersion) are checked atomically by it; the others (notes, links,
// escalation, approvals) are checked against the case read just before.
//
// Triage of Members' Enquiries, watchers, unlinking and photos are in
// staff_case_more.cpp (the Action type they share is in staff_case.h).
#include <cstdio>
#include <functional>
#include <string>

#include "app/attachments.h"
#include "web/staff_case.h"

namespace civicdesk::web {

namespace {

std::string hh_mm(Instant t) {
  const auto local = t + std::chrono::seconds(london_utc_offset(t));
  const auto secs = (local - std::chrono::floor<std::chrono::days>(local)).count();
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60));
  return buf;
}

// Who did it, for staff: names from the catalogue; customers stay "the customer".
std::string actor_name(const Page& page, const CatalogueSnapshot& cat, const std::string& actor) {
  const size_t colon = actor.find(':');
  const std::string kind = actor.substr(0, colon);
  Id id = 0;
  if (colon != std::string::npos) {
    try {
      id = std::stoll(actor.substr(colon + 1));
    } catch (...) {
      id = 0;
    }
  }
  if (kind == "officer") return officer_name(cat, id);
  if (kind == "member") {
    auto it = cat.members.find(id);
    return it == cat.members.end() ? page.text("staff.actor.member") : it->second.name;
  }
  if (kind == "customer") return page.text("staff.actor.customer");
  if (kind == "system") return page.text("staff.actor.system");
  return page.text("staff.actor.other");
}

std::string detail(const std::map<std::string, std::string>& d, const char* key) {
  auto it = d.find(key);
  return it == d.end() ? "" : it->second;
}

mstch::map timeline_entry(const Page& page, const CatalogueSnapshot& cat, const CaseEvent& e) {
  const std::string kind_key = staff_key("event", e.kind);
  std::string what = page.has_text(kind_key) ? page.text(kind_key) : page.text("staff.event.other");
  std::string text;
  const auto& d = e.details;
  if (e.kind == event_kind::kStatusChanged) {
    const std::string to = detail(d, "to");
    if (page.has_text(staff_key("status", to)))
      what = page.format("staff.event.status_to", {{"status", page.text(staff_key("status", to))}});
    text = detail(d, "reason");
    if (text.empty()) text = detail(d, "outcome_notes");
  } else if (e.kind == event_kind::kAssigned) {
    std::string who = unit_name(cat, detail(d, "delivery_unit"));
    if (!detail(d, "team").empty()) who += ", " + team_name(cat, detail(d, "team"));
    if (!detail(d, "officer").empty()) who += ", " + detail(d, "officer");
    what = page.format("staff.event.assigned_to", {{"who", who}});
    text = detail(d, "reason");
  } else if (e.kind == event_kind::kDelayAdvised) {
    if (auto day = parse_date(detail(d, "revised_date")))
      what = page.format("staff.event.delay_to", {{"date", page.long_day(*day)}});
    text = detail(d, "reason");
  } else if (e.kind == event_kind::kClockExtended) {
    if (auto day = parse_date(detail(d, "resolve_by")))
      what = page.format("staff.event.extended_to", {{"date", page.long_day(*day)}});
    text = detail(d, "reason");
  } else if (e.kind == event_kind::kLinked || e.kind == event_kind::kUnlinked) {
    text = detail(d, "case");
  } else {
    text = detail(d, "text");
    if (text.empty()) text = detail(d, "reason");
    if (text.empty()) text = detail(d, "note");
  }
  const bool is_public = e.visibility == Visibility::kPublic;
  return mstch::map{{"date", page.long_day(london_date(e.at)) + ", " + hh_mm(e.at)},
                    {"who", actor_name(page, cat, e.actor)},
                    {"what", what},
                    {"text", text},
                    {"has_text", !text.empty()},
                    {"public", is_public},
                    {"visibility", page.text(is_public ? "staff.case.public" : "staff.case.internal")}};
}

mstch::array choices(const std::vector<std::pair<std::string, std::string>>& values, const std::string& chosen) {
  mstch::array out;
  for (const auto& [value, text] : values)
    out.push_back(mstch::map{{"value", value}, {"text", text}, {"selected", value == chosen}});
  return out;
}

// The case page: `typed` and `errors` belong to the form `open` (an action
// name), shown open with what was typed.
Result<http::Response> case_page(WebDeps& deps, const http::Request& req, const Page& page,
                                 const std::string& reference, const std::string& open, const Form& typed,
                                 const FormErrors& errors, int status) {
  ASSIGN_OR_RETURN(CaseFile file, read_case_file(deps.services, req.ctx, reference));
  const CatalogueSnapshot& cat = *file.catalogue;
  const Case& k = file.view.c;
  const Principal& p = req.ctx.principal;
  mstch::map c = page.context("staff.case.title");
  c["title"] = page.format("staff.case.title", {{"reference", k.reference}});

  // The summary list.
  const std::string place = place_text(k.location);
  mstch::map summary{
      {"reference", k.reference},
      {"type", page.text(staff_key("type", std::string(to_string(k.type))))},
      {"title", k.title},
      {"description", k.description},
      {"category", category_name(cat, k.category)},
      {"place", place},
      {"has_place", !place.empty()},
      {"status", staff_status(page, k.status)},
      {"status_class", staff_status_tag_class(k.status)},
      {"priority", page.text(staff_key("priority", std::string(to_string(k.priority))))},
      {"received", page.long_day(london_date(k.received_at)) + ", " + hh_mm(k.received_at)},
      {"respond_by", k.clock.respond_by ? page.long_day(*k.clock.respond_by) : ""},
      {"resolve_by", k.clock.resolve_by ? page.long_day(*k.clock.resolve_by) : page.text("staff.queue.no_due")},
      {"revised_due", k.enquiry.revised_due_on ? page.long_day(*k.enquiry.revised_due_on) : ""},
      {"sla", sla_tag(page, file.view)},
      {"unit", unit_name(cat, k.delivery_unit)},
      {"team", k.team.empty() ? page.text("staff.case.none") : team_name(cat, k.team)},
      {"officer", k.assignee_id ? officer_name(cat, k.assignee_id) : page.text("staff.case.unassigned")},
      {"channel", page.text(staff_key("channel", std::string(to_string(k.channel))))},
      {"has_customer", k.customer_id.has_value()},
      {"customer_href", k.customer_id ? "/staff/customers/" + std::to_string(*k.customer_id) : ""},
      {"outcome", k.outcome ? page.text(staff_key("outcome", std::string(to_string(*k.outcome)))) : ""},
      {"closed", !is_open(k.status)},
  };
  if (k.member_id) {
    auto m = cat.members.find(*k.member_id);
    summary["member"] = m == cat.members.end() ? std::to_string(*k.member_id) : m->second.name;
  }
  c["case"] = summary;
  c["version"] = std::to_string(k.version);

  mstch::array photos;
  int n = 0;
  for (const auto& a : file.attachments) {
    ++n;
    photos.push_back(mstch::map{
        {"src", "/api/v1/cases/" + k.reference + "/attachments/" + std::to_string(a.id)},
        {"alt", page.format("staff.case.photo_alt", {{"n", std::to_string(n)}, {"date", page.long_day(london_date(a.uploaded_at))}})},
        {"public", a.is_public},
        {"hidden", a.hidden}});
  }
  c["photos"] = photos;
  c["has_photos"] = !photos.empty();

  mstch::array links;
  for (const auto& l : file.links)
    links.push_back(mstch::map{{"href", "/staff/cases/" + l.other_reference},
                               {"reference", l.other_reference},
                               {"kind", page.text(staff_key("link", std::string(to_string(l.kind))))}});
  c["links"] = links;
  c["has_links"] = !links.empty();

  mstch::array events;
  for (auto it = file.events.rbegin(); it != file.events.rend(); ++it) events.push_back(timeline_entry(page, cat, *it));
  c["events"] = events;

  // Which actions this case and this person allow (the use cases still check).
  const bool open_case = is_open(k.status);
  const bool work = file.workable;
  const bool enquiry = k.type == CaseType::kMemberEnquiry;
  mstch::map allowed{
      {"assign", work && open_case},
      {"note", work},
      // Other cases move their target only within the policy's extension.
      {"delay", work && open_case &&
                    (enquiry || (k.clock.resolve_by && k.sla.clock == ClockKind::kWorkingDays &&
                                 k.clock.extension < k.sla.max_extension))},
      {"respond", work && open_case},
      {"close", work && open_case},
      {"send_back", work && open_case && enquiry && k.enquiry.routing == Routing::kAwaitingAcceptance},
      // The Members' Enquiries workflow (app/enquiries.h) only.
      {"reopen", work && enquiry && !open_case},
      {"reclassify", work && enquiry && open_case},
      {"link", work},
      {"duplicate", work && open_case},
      {"escalate", work && enquiry && open_case && !k.parent_id},
      {"any", work},
  };
  c["can"] = allowed;

  // Choices for the forms.
  std::vector<std::pair<std::string, std::string>> officers{{"", page.text("staff.case.keep")},
                                                            {"none", page.text("staff.case.unassign")}};
  for (const auto& [id, o] : cat.officers)
    if (o.active && (o.delivery_unit == k.delivery_unit || o.delivery_unit.empty()))
      officers.push_back({std::to_string(id), o.name});
  std::vector<std::pair<std::string, std::string>> teams{{"", page.text("staff.case.keep")}};
  for (const auto& [code, t] : cat.teams) teams.push_back({code, t.name + " (" + unit_name(cat, t.delivery_unit) + ")"});
  std::vector<std::pair<std::string, std::string>> categories{{"", page.text("staff.case.keep")}};
  for (const auto& [code, cg] : cat.categories)
    if (cg.active) categories.push_back({code, cg.name});
  std::sort(categories.begin() + 1, categories.end(), [](auto& a, auto& b) { return a.second < b.second; });
  c["officers"] = choices(officers, typed.get("assign_officer"));
  c["teams"] = choices(teams, typed.get("assign_team"));
  c["categories"] = choices(categories, typed.get("approval_category"));
  mstch::array outcomes;
  const bool complaint = k.type == CaseType::kComplaint;
  for (CaseOutcome o : {CaseOutcome::kResolved, CaseOutcome::kNoFurtherAction, CaseOutcome::kNotCouncilsResponsibility,
                        CaseOutcome::kDuplicate, CaseOutcome::kWithdrawn, CaseOutcome::kReferred, CaseOutcome::kUpheld,
                        CaseOutcome::kPartlyUpheld, CaseOutcome::kNotUpheld}) {
    if (is_complaint_outcome(o) != complaint) continue;
    const std::string code(to_string(o));
    outcomes.push_back(mstch::map{{"value", code},
                                  {"id", outcomes.empty() ? std::string("close_outcome") : "close_outcome-" + code},
                                  {"text", page.text(staff_key("outcome", code))},
                                  {"checked", typed.get("close_outcome") == code}});
  }
  c["outcomes"] = outcomes;

  mstch::array approvals;
  const bool approver = can(p, Permission::kApprove);
  for (const auto& a : file.approvals) {
    if (a.status != ApprovalStatus::kPending) continue;
    std::string what = page.text(a.kind == ApprovalKind::kReopen ? "staff.approval.reopen" : "staff.approval.reclassify");
    if (!a.new_category.empty()) what += ": " + category_name(cat, a.new_category);
    approvals.push_back(mstch::map{{"id", std::to_string(a.id)},
                                   {"what", what},
                                   {"reason", a.reason},
                                   {"by", actor_name(page, cat, a.requested_by)},
                                   {"decide", approver && work && a.requested_by != p.actor_tag()}});
  }
  c["approvals"] = approvals;
  c["has_approvals"] = !approvals.empty();

  // The form that was sent, open again with what was typed.
  mstch::map opened;
  if (!open.empty()) opened[open] = true;
  c["open"] = opened;
  Page::add_values(c, typed);
  auto& values = boost::get<mstch::map>(c["values"]);
  values["note_public"] = typed.get("note_visibility") == "public";
  values["approval_reopen"] = typed.get("approval_kind") == "reopen";
  values["decision_refuse"] = typed.get("decision") == "refuse";
  page.add_errors(c, errors);
  const bool copy_in = open == "watch" || query_value(req, "copy") == "1";
  if (copy_in) boost::get<mstch::map>(c["open"])["watch"] = true;
  add_more_case_context(c, page, file, typed, p, deps.services.attachments.limits(), copy_in);
  auto q = Form::parse(req.query);
  if (q && q->has("done") && page.has_text(staff_key("done", q->get("done").substr(0, 40))))
    c["done"] = page.text(staff_key("done", q->get("done").substr(0, 40)));
  return page.html(status, "staff_case", c);
}

// ---- the actions ----------------------------------------------------------

std::map<std::string, Action> actions() {
  std::map<std::string, Action> a;
  a["assign"] = Action{
      "assign_officer",
      [](const Form& f) -> FormErrors {
        FormErrors e;
        if (f.get("assign_officer").empty() && f.get("assign_team").empty())
          e.push_back({"assign_officer", "staff.errors.assign_missing"});
        if (trimmed(f.get("assign_reason")).size() > 2000) e.push_back({"assign_reason", "staff.errors.too_long"});
        return e;
      },
      [](const ActionContext& x) -> Status {
        ASSIGN_OR_RETURN(auto cat, x.deps.services.catalogue.snapshot(x.req.ctx));
        Assignment as;
        as.reason = trimmed(x.form.get("assign_reason"));
        const std::string& officer = x.form.get("assign_officer");
        const std::string& team = x.form.get("assign_team");
        if (!team.empty()) {
          auto t = cat->teams.find(team);
          if (t == cat->teams.end()) return invalid_field("team", "unknown team");
          as.delivery_unit = t->second.delivery_unit;
          as.team = team;
        }
        if (officer == "none") {
          as.unassign_officer = true;
        } else if (!officer.empty()) {
          Id id = 0;
          try {
            id = std::stoll(officer);
          } catch (...) {
            return invalid_field("officer_id", "unknown officer");
          }
          auto o = cat->officers.find(id);
          if (o == cat->officers.end()) return invalid_field("officer_id", "unknown officer");
          as.officer_id = id;
          if (team.empty()) {
            if (!o->second.delivery_unit.empty()) as.delivery_unit = o->second.delivery_unit;
            as.team = o->second.team;
          }
        }
        return status_of(x.deps.services.cases.assign(x.req.ctx, x.current.c.reference, as, x.version));
      },
      {{"officer_id", "assign_officer"}, {"team", "assign_team"}, {"delivery_unit", "assign_team"},
       {"reason", "assign_reason"}, {"", "assign_officer"}},
      "staff.errors.assign_invalid"};

  a["note"] = Action{
      "note_text",
      [](const Form& f) {
        FormErrors e = need(f, "note_text", "staff.errors.note_missing", 10000);
        if (f.get("note_visibility") != "internal" && f.get("note_visibility") != "public")
          e.push_back({"note_visibility", "staff.errors.visibility_missing"});
        return e;
      },
      [](const ActionContext& x) -> Status {
        NewNote n{trimmed(x.form.get("note_text")),
                  x.form.get("note_visibility") == "public" ? Visibility::kPublic : Visibility::kInternal};
        return status_of(x.deps.services.cases.add_note(x.req.ctx, x.current.c.reference, n));
      },
      {{"text", "note_text"}, {"visibility", "note_visibility"}},
      "staff.errors.note_invalid"};

  a["delay"] = Action{
      "delay_date-day",
      [](const Form& f) {
        FormErrors e;
        if (!date_field(f, "delay_date")) e.push_back({"delay_date-day", "staff.errors.delay_date"});
        for (auto& r : need(f, "delay_reason", "staff.errors.delay_reason_missing")) e.push_back(r);
        return e;
      },
      [](const ActionContext& x) -> Status {
        const LocalDate on = *date_field(x.form, "delay_date");
        const std::string reason = trimmed(x.form.get("delay_reason"));
        const Case& k = x.current.c;
        if (k.type == CaseType::kMemberEnquiry)
          return status_of(x.deps.services.enquiries.advise_delay(x.req.ctx, k.reference, DelayNotice{reason, on, false}, x.version));
        // Other cases: the resolve-by date moves by the working days to the new date.
        if (!k.clock.resolve_by) return Error(ErrorCode::kFailedPrecondition, "no target date", "revised_date");
        if (on <= *k.clock.resolve_by) return invalid_field("revised_date", "after the current date");
        ASSIGN_OR_RETURN(auto cat, x.deps.services.catalogue.snapshot(x.req.ctx));
        const int days = cat->calendar_for(k.sla).working_days_between(*k.clock.resolve_by, on);
        if (days < 1) return invalid_field("revised_date", "a working day");
        return status_of(x.deps.services.cases.extend(x.req.ctx, k.reference, days, reason, x.version));
      },
      {{"revised_date", "delay_date-day"}, {"reason", "delay_reason"}, {"amount", "delay_date-day"}},
      "staff.errors.delay_date"};

  a["respond"] = Action{
      "respond_text",
      [](const Form& f) { return need(f, "respond_text", "staff.errors.respond_missing", 10000); },
      [](const ActionContext& x) -> Status {
        const std::string text = trimmed(x.form.get("respond_text"));
        if (x.current.c.type == CaseType::kMemberEnquiry)
          return status_of(x.deps.services.enquiries.respond(x.req.ctx, x.current.c.reference, text, std::nullopt, x.version));
        // A public note is the response to the customer (starts the response clock).
        return status_of(x.deps.services.cases.add_note(x.req.ctx, x.current.c.reference, NewNote{text, Visibility::kPublic}));
      },
      {{"text", "respond_text"}},
      "staff.errors.respond_invalid"};

  a["close"] = Action{
      "close_outcome",
      [](const Form& f) {
        FormErrors e;
        if (!parse_case_outcome(f.get("close_outcome"))) e.push_back({"close_outcome", "staff.errors.outcome_missing"});
        if (trimmed(f.get("close_notes")).size() > 2000) e.push_back({"close_notes", "staff.errors.too_long"});
        return e;
      },
      [](const ActionContext& x) -> Status {
        TransitionRequest t;
        t.to = CaseStatus::kClosed;
        t.outcome = parse_case_outcome(x.form.get("close_outcome")).value();
        t.outcome_notes = trimmed(x.form.get("close_notes"));
        return status_of(x.deps.services.cases.transition(x.req.ctx, x.current.c.reference, t, x.version));
      },
      {{"outcome", "close_outcome"}, {"outcome_notes", "close_notes"}},
      "staff.errors.outcome_invalid"};

  a["send-back"] = Action{
      "send_back_reason",
      [](const Form& f) { return need(f, "send_back_reason", "staff.errors.send_back_missing"); },
      [](const ActionContext& x) -> Status {
        return status_of(x.deps.services.enquiries
            .send_back(x.req.ctx, x.current.c.reference, trimmed(x.form.get("send_back_reason")), x.version));
      },
      {{"reason", "send_back_reason"}},
      "staff.errors.send_back_missing"};

  a["approval"] = Action{
      "approval_reason",
      [](const Form& f) {
        FormErrors e;
        const std::string& kind = f.get("approval_kind");
        if (kind != "reopen" && kind != "reclassify") e.push_back({"approval_reason", "staff.errors.approval_kind"});
        if (kind == "reclassify" && f.get("approval_category").empty())
          e.push_back({"approval_category", "staff.errors.category_missing"});
        for (auto& r : need(f, "approval_reason", "staff.errors.approval_reason_missing")) e.push_back(r);
        return e;
      },
      [](const ActionContext& x) -> Status {
        ApprovalRequest r;
        r.kind = x.form.get("approval_kind") == "reopen" ? ApprovalKind::kReopen : ApprovalKind::kReclassify;
        r.reason = trimmed(x.form.get("approval_reason"));
        if (r.kind == ApprovalKind::kReclassify) r.new_category = x.form.get("approval_category").substr(0, 100);
        return status_of(x.deps.services.enquiries.request_approval(x.req.ctx, x.current.c.reference, r));
      },
      {{"reason", "approval_reason"}, {"category", "approval_category"}},
      "staff.errors.approval_invalid"};

  a["decide"] = Action{
      "decision_note",
      [](const Form& f) {
        FormErrors e;
        if (f.get("decision") != "approve" && f.get("decision") != "refuse")
          e.push_back({"decision_note", "staff.errors.decision_missing"});
        else if (f.get("decision") == "refuse" && trimmed(f.get("decision_note")).empty())
          e.push_back({"decision_note", "staff.errors.refuse_reason"});
        return e;
      },
      [](const ActionContext& x) -> Status {
        Id id = 0;
        try {
          id = std::stoll(x.form.get("approval_id"));
        } catch (...) {
          return invalid_field("note", "unknown request");
        }
        return status_of(x.deps.services.enquiries
            .decide_approval(x.req.ctx, x.current.c.reference, id, x.form.get("decision") == "approve",
                             trimmed(x.form.get("decision_note"))));
      },
      {{"note", "decision_note"}},
      "staff.errors.decision_invalid"};

  auto linker = [](const char* field, LinkKind kind) {
    return Action{field,
                  [field](const Form& f) { return need(f, field, "staff.errors.link_missing", 40); },
                  [field, kind](const ActionContext& x) -> Status {
                    return x.deps.services.cases.link(x.req.ctx, x.current.c.reference, kind, trimmed(x.form.get(field)));
                  },
                  {{"case", field}, {"kind", field}},
                  "staff.errors.link_invalid"};
  };
  a["link"] = linker("link_case", LinkKind::kRelated);
  a["duplicate"] = linker("duplicate_case", LinkKind::kDuplicateOf);

  a["escalate"] = Action{
      "escalate_reason",
      [](const Form& f) { return need(f, "escalate_reason", "staff.errors.escalate_missing"); },
      [](const ActionContext& x) -> Status {
        return status_of(x.deps.services.enquiries.escalate(x.req.ctx, x.current.c.reference,
                                                            trimmed(x.form.get("escalate_reason"))));
      },
      {{"reason", "escalate_reason"}, {"reference", "escalate_reason"}},
      "staff.errors.escalate_invalid"};
  a["delay"].precondition_key = "staff.errors.delay_max";
  a["escalate"].precondition_key = "staff.errors.no_escalation_officer";
  add_more_case_actions(a);
  return a;
}

// An app error as field errors on the action's form; empty when it is not
// about the form (not found, forbidden...: an error page instead).
FormErrors form_errors(const Action& a, const Error& e) {
  const ErrorKind kind = kind_of(e.code);
  if (kind == ErrorKind::kAborted) return {{"summary", "staff.errors.stale"}};
  auto field = a.fields.find(e.field);
  const std::string where = field == a.fields.end() ? a.field : field->second;
  if (e.code == ErrorCode::kCaseClosed) return {{where, "staff.errors.closed"}};
  if (kind == ErrorKind::kAlreadyExists) return {{where, "staff.errors.already"}};
  if (kind == ErrorKind::kFailedPrecondition) return {{where, a.precondition_key}};
  if (kind == ErrorKind::kInvalidArgument || kind == ErrorKind::kNotFound) {
    if (kind == ErrorKind::kNotFound && field == a.fields.end()) return {};
    return {{where, a.invalid_key}};
  }
  return {};
}

}  // namespace

FormErrors need(const Form& f, const std::string& field, const char* key, size_t max) {
  const std::string v = trimmed(f.get(field));
  if (v.empty()) return {{field, key}};
  if (v.size() > max) return {{field, "staff.errors.too_long"}};
  return {};
}

std::optional<LocalDate> date_field(const Form& f, const std::string& name) {
  auto num = [&](const std::string& part) -> std::optional<int> {
    const std::string v = trimmed(f.get(name + "-" + part));
    if (v.empty() || v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoi(v);
  };
  auto d = num("day"), m = num("month"), y = num("year");
  if (!d || !m || !y || *y < 1990 || *y > 2100) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(*y), std::chrono::month(static_cast<unsigned>(*m)),
                                        std::chrono::day(static_cast<unsigned>(*d))};
  if (!ymd.ok()) return std::nullopt;
  return LocalDate{ymd};
}

void add_staff_case_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/staff/cases/{reference}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto refused = staff_only(page, req.path)) return std::move(*refused);
    auto shown = case_page(deps, req, page, req.param("reference"), "", Form{}, {}, 200);
    if (!shown) return page.error(shown.error());
    return shown;
  });

  static const std::map<std::string, Action> kActions = actions();
  r.add("POST", "/staff/cases/{reference}/{action}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    const std::string reference = req.param("reference");
    if (auto refused = staff_only(page, "/staff/cases/" + reference)) return std::move(*refused);
    auto action = kActions.find(req.param("action"));
    if (action == kActions.end()) return page.error(Error(ErrorCode::kNotFound, "no such action"));
    std::vector<std::string> photos;
    ASSIGN_OR_RETURN(Form f, read_form_with_photos(req, photos));
    if (!page.csrf_ok(f)) return page.bad_token();
    auto current = deps.services.cases.get(req.ctx, reference);
    if (!current) return page.error(current.error());
    if (!can(req.ctx.principal, Permission::kWorkCases)) return page.error(Error(ErrorCode::kPermissionDenied, ""));
    auto redraw = [&](const FormErrors& errors, int status) -> Result<http::Response> {
      auto shown = case_page(deps, req, page, current->c.reference, req.param("action"), f, errors, status);
      if (!shown) return page.error(shown.error());
      return shown;
    };
    FormErrors errors = action->second.check(f);
    if (!errors.empty()) return redraw(errors, 400);
    // The version the page was drawn with.
    int64_t version = 0;
    try {
      version = std::stoll(f.get("version"));
    } catch (...) {
      version = -1;
    }
    if (version != current->c.version) return redraw({{"summary", "staff.errors.stale"}}, 409);
    const ActionContext x{deps, req, f, *current, version, photos};
    if (action->second.check_photos)
      if (FormErrors bad = action->second.check_photos(x); !bad.empty()) return redraw(bad, 400);
    Status done = action->second.run(x);
    if (!done) {
      FormErrors shown = form_errors(action->second, done.error());
      if (shown.empty()) return page.error(done.error());
      const ErrorKind kind = kind_of(done.error().code);
      return redraw(shown, kind == ErrorKind::kInvalidArgument ? 400 : 409);
    }
    return page.redirect("/staff/cases/" + current->c.reference + "?done=" + req.param("action"));
  });
}

}  // namespace civicdesk::web
