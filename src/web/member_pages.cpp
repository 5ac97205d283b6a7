// Councillors' pages (Members' Enquiries, docs/members-enquiries.md): "My
// enquiries" and the enquiries in their ward (filtered, paged), and one
// enquiry with its timeline as the member may see it and the chase and
// escalate actions. Raising one is member_raise_pages.cpp. Every journey
// works without JavaScript. Only councillors (users with a member record) use
// them; what each may see is app/'s rule (domain/access.h).
#include "domain/case.h"
#include "http/parse/query.h"
#include "web/member_common.h"
#include "web/people_form.h"

namespace civicdesk::web {

namespace member {

bool councillor(const http::Request& req) {
  const Principal& p = req.ctx.principal;
  return p.kind == Principal::Kind::kUser && p.role == Role::kCouncillor && p.member_id.has_value();
}

// Signed out: sign in first. Signed in as someone else: a page saying these
// pages are for councillors. nullopt: go ahead.
std::optional<http::Response> refuse_unless_councillor(const Page& page, const http::Request& req,
                                                       const std::string& back) {
  if (!page.signed_in()) return page.sign_in_first(back);
  if (!councillor(req)) return page.message_page(403, "errors.forbidden_title", "member.councillors_only");
  return std::nullopt;
}


// One enquiry as a row or a summary: dates in working days, status, delay
// notice, overdue.
mstch::map enquiry_summary(const Page& page, const CatalogueSnapshot& cat, const CaseView& v) {
  const Case& c = v.c;
  auto category = cat.categories.find(c.category);
  mstch::map m{
      {"reference", c.reference},
      {"href", "/member/enquiries/" + c.reference},
      {"subject", case_summary(c)},
      {"category", category == cat.categories.end() ? c.category : category->second.name},
      {"description", c.description},
      {"raised", page.long_date(c.received_at)},
      {"respond_by", c.clock.respond_by ? page.long_day(*c.clock.respond_by) : page.text("member.no_date")},
      {"close_by", c.clock.resolve_by ? page.long_day(*c.clock.resolve_by) : page.text("member.no_date")},
      {"status", page.text("status." + std::string(to_string(c.status)))},
      {"status_class", status_tag_class(c.status)},
      {"place", place_text(c.location)},
      {"has_place", !place_text(c.location).empty()},
      {"overdue", v.resolve.state == SlaState::kOverdue},
      {"confidential", c.enquiry.confidential},
      {"escalated", c.enquiry.escalated_at.has_value()},
      {"chasers", std::to_string(c.enquiry.chasers)},
      {"open", is_open(c.status)},
      {"mine", c.member_id == page.ctx().principal.member_id},
  };
  if (c.enquiry.delay_advised_at) {
    m["delay"] = true;
    m["delay_text"] = c.enquiry.revised_due_on
                          ? page.format("member.delay_until", {{"date", page.long_day(*c.enquiry.revised_due_on)}})
                          : page.text("member.delay_advised");
  }
  if (auto mem = cat.members.find(c.member_id.value_or(0)); mem != cat.members.end()) m["member"] = mem->second.name;
  return m;
}

std::string query_value(const http::Request& req, std::string_view key) {
  auto q = http::QueryReader::parse(req.query);
  if (!q) return "";
  return q->string(key, 40).value_or("");
}


}  // namespace member

namespace {

using member::enquiry_summary;
using member::query_value;
using member::refuse_unless_councillor;

constexpr int kPageSize = 25;

Result<http::Response> list_page(WebDeps& deps, const http::Request& req, bool ward) {
  Page page(deps, req);
  const std::string base = ward ? "/member/ward" : "/member/enquiries";
  if (auto no = refuse_unless_councillor(page, req, base)) return *no;
  const Principal& p = req.ctx.principal;
  std::string show = query_value(req, "show");
  if (show != "closed" && show != "all") show = "open";
  CaseFilter f;
  f.type = CaseType::kMemberEnquiry;
  f.sort = CaseSort::kNewest;
  f.limit = kPageSize;
  if (show == "open") f.open_only = true;
  if (show == "closed") f.status = CaseStatus::kClosed;
  if (ward) f.ward = p.ward.empty() ? "-" : p.ward;  // no ward: nothing, not everything
  else f.member_id = p.member_id;
  const std::string after = query_value(req, "after");
  if (!after.empty()) {
    char* end = nullptr;
    const long long id = std::strtoll(after.c_str(), &end, 10);
    if (end != after.c_str() + after.size() || id <= 0) return page.message_page(404, "errors.not_found_title", "errors.not_found_body");
    f.after = CaseCursor{CaseSort::kNewest, id, ""};
  }
  ASSIGN_OR_RETURN(CasePage cases, deps.services.cases.list(req.ctx, f));
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  mstch::array items;
  for (const auto& v : cases.items) items.push_back(enquiry_summary(page, *cat, v));
  mstch::map c = page.context(ward ? "member.ward_title" : "member.list_title");
  if (ward) {
    auto w = cat->wards.find(p.ward);
    c["title"] = page.format("member.ward_title_named", {{"ward", w == cat->wards.end() ? p.ward : w->second.name}});
  }
  c["ward_page"] = ward;
  c["enquiries"] = items;
  c["has_enquiries"] = !items.empty();
  mstch::array filters;
  for (std::string_view s : {"open", "closed", "all"})
    filters.push_back(mstch::map{{"href", base + "?show=" + std::string(s)},
                                 {"text", page.text("member.show_" + std::string(s))},
                                 {"current", show == s}});
  c["filters"] = filters;
  c["shown"] = page.text("member.showing_" + show);
  if (cases.next) c["next_href"] = base + "?show=" + show + "&after=" + std::to_string(cases.next->last_id);
  if (!after.empty()) c["first_href"] = base + "?show=" + show;
  return page.html(200, "member_enquiries", c);
}


// ---- one enquiry ---------------------------------------------------------------

// What the member may see of each timeline entry, in words, and who it went to.
mstch::map event_entry(const Page& page, const CaseEvent& e, const std::string& sent_to) {
  std::string what, text, extra;
  bool sent = false;
  auto detail = [&](const std::string& k) {
    auto it = e.details.find(k);
    return it == e.details.end() ? std::string() : it->second;
  };
  if (e.kind == event_kind::kReceived) {
    what = page.text("member.event_raised");
    sent = true;
  } else if (e.kind == event_kind::kResponded) {
    what = page.text("member.event_response");
    text = detail("text");
    sent = true;
  } else if (e.kind == event_kind::kDelayAdvised) {
    std::string date = detail("revised_date");
    if (auto d = parse_date(date)) date = page.long_day(*d);
    what = page.format("member.event_delay", {{"date", date}});
    text = detail("reason");
    if (detail("budget_issue") == "true") extra = page.text("member.event_budget");
    sent = true;
  } else if (e.kind == event_kind::kChased) {
    what = page.text("member.event_chased");
    text = detail("note");
  } else if (e.kind == event_kind::kEscalated) {
    what = page.format("member.event_escalated", {{"officer", detail("officer")}});
    text = detail("reason");
    sent = true;
  } else if (e.kind == event_kind::kStatusChanged && page.has_text("status." + detail("to"))) {
    what = page.format("request.event_status", {{"status", page.text("status." + detail("to"))}});
    sent = detail("to") == "closed";
  } else if (e.kind == event_kind::kNote) {
    what = page.text(e.actor.rfind("member:", 0) == 0 ? "member.event_your_note" : "member.event_council_note");
    text = detail("text");
  } else {
    what = page.text("request.event_other");
  }
  mstch::map m{{"date", page.long_date(e.at)}, {"what", what}, {"text", text}, {"has_text", !text.empty()}};
  if (!extra.empty()) m["extra"] = extra;
  if (sent && !sent_to.empty()) m["sent_to"] = sent_to;
  return m;
}

Result<http::Response> enquiry_page(WebDeps& deps, const http::Request& req, const Page& page, const Form& typed,
                                    const FormErrors& errors, int status) {
  const std::string& ref = req.param("reference");
  ASSIGN_OR_RETURN(CaseView v, deps.services.cases.get(req.ctx, ref));
  if (v.c.type != CaseType::kMemberEnquiry) return page.message_page(404, "errors.not_found_title", "errors.not_found_body");
  ASSIGN_OR_RETURN(Timeline tl, deps.services.cases.timeline(req.ctx, ref, Visibility::kPublic));
  // Who is copied in: shown to the member who raised it (others of the ward do not see it).
  std::vector<Watcher> watchers;
  const bool mine = v.c.member_id == req.ctx.principal.member_id;
  if (mine) {
    ASSIGN_OR_RETURN(watchers, deps.services.cases.watchers(req.ctx, ref));
  }
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  mstch::map c = page.context("member.enquiry_title");
  c["enquiry"] = enquiry_summary(page, *cat, v);
  c["title"] = page.format("member.enquiry_title", {{"reference", v.c.reference}});
  mstch::array copied;
  for (const auto& w : watchers) {
    std::string who = w.name;
    if (w.kind == WatcherKind::kEmail) who = w.email;
    else if (w.kind == WatcherKind::kMember)
      if (auto m = cat->members.find(w.ref_id.value_or(0)); m != cat->members.end()) who = m->second.name;
    if (who.empty()) who = page.text("member.someone");
    copied.push_back(mstch::map{{"who", who}});
  }
  c["copied"] = copied;
  c["show_copied"] = mine;
  c["has_copied"] = !copied.empty();
  const std::string sent_to =
      !mine ? std::string()
      : v.c.enquiry.confidential || copied.empty()
          ? page.text("member.sent_member_only")
          : page.format("member.sent_member_and_copied", {{"count", std::to_string(copied.size())}});
  mstch::array events;
  for (auto it = tl.events.rbegin(); it != tl.events.rend(); ++it) events.push_back(event_entry(page, *it, sent_to));
  c["events"] = events;
  c["open"] = is_open(v.c.status);
  c["can_escalate"] = !v.c.parent_id.has_value();
  const std::string done = query_value(req, "done");
  if (done == "chased" || done == "escalated") c["done_" + done] = true;
  Page::add_values(c, typed);
  page.add_errors(c, errors);
  return page.html(status, "member_enquiry", c);
}

}  // namespace

void add_member_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/member", [&deps](http::Request& req) -> Result<http::Response> {
    return Page(deps, req).redirect("/member/enquiries");
  });
  r.add("GET", "/member/enquiries", [&deps](http::Request& req) { return list_page(deps, req, false); });
  r.add("GET", "/member/ward", [&deps](http::Request& req) { return list_page(deps, req, true); });

  add_member_raise_routes(r, deps);

  r.add("GET", "/member/enquiries/{reference}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (auto no = refuse_unless_councillor(page, req, req.path)) return *no;
    return enquiry_page(deps, req, page, Form{}, {}, 200);
  });

  // Chase (a note required) and escalate (a reason required).
  for (const std::string action : {"chase", "escalate"}) {
    r.add("POST", "/member/enquiries/{reference}/" + action,
          [&deps, action](http::Request& req) -> Result<http::Response> {
            Page page(deps, req);
            const std::string back = "/member/enquiries/" + req.param("reference");
            if (auto no = refuse_unless_councillor(page, req, back)) return *no;
            ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
            if (!page.csrf_ok(f)) return page.bad_token();
            const std::string field = action == "chase" ? "note" : "reason";
            const bool chase = action == "chase";
            FormErrors errors = check_text_field(
                f, field, chase ? "member.errors.note_missing" : "member.errors.reason_missing", 2000);
            if (!errors.empty()) return enquiry_page(deps, req, page, f, errors, 400);
            const std::string text = trimmed(f.get(field));
            auto done = action == "chase" ? deps.services.enquiries.chase(req.ctx, req.param("reference"), text)
                                          : deps.services.enquiries.escalate(req.ctx, req.param("reference"), text);
            if (!done) {
              const ErrorKind kind = kind_of(done.error().code);
              if (kind == ErrorKind::kFailedPrecondition || done.error().code == ErrorCode::kCaseClosed)
                return enquiry_page(deps, req, page, f, {{field, chase ? "member.errors.chase_refused" : "member.errors.escalate_refused"}}, 409);
              if (kind == ErrorKind::kInvalidArgument)
                return enquiry_page(deps, req, page, f, {{field, chase ? "member.errors.chase_refused" : "member.errors.escalate_refused"}}, 400);
              return page.error(done.error());
            }
            return page.redirect(back + "?done=" + (action == "chase" ? "chased" : "escalated"));
          });
  }
}

}  // namespace civicdesk::web
