// "My requests": a resident's requests (like the council tracking screens
// residents know: description, date reported, location, status), one
// request's public timeline, and adding an update to it.
#include "web/page.h"

namespace civicdesk::web {

namespace {

std::string status_tag_class(CaseStatus s) {
  switch (s) {
    case CaseStatus::kNew: return "govuk-tag--blue";
    case CaseStatus::kInProgress: return "govuk-tag--yellow";
    case CaseStatus::kAwaitingCustomer: return "govuk-tag--orange";
    case CaseStatus::kClosed: return "govuk-tag--grey";
  }
  return "";
}

std::string place(const Location& l) {
  std::string s = l.address;
  if (!l.postcode.empty()) s += (s.empty() ? "" : ", ") + l.postcode;
  return s;
}

mstch::map case_summary(const Page& page, const CatalogueSnapshot& cat, const Case& c) {
  auto category = cat.categories.find(c.category);
  return mstch::map{
      {"reference", c.reference},
      {"href", "/requests/" + c.reference},
      {"category", category == cat.categories.end() ? c.category : category->second.name},
      {"title", c.title},
      {"description", c.description},
      {"reported", page.long_date(c.received_at)},
      {"place", place(c.location)},
      {"has_place", !place(c.location).empty()},
      {"status", page.text("status." + std::string(to_string(c.status)))},
      {"status_class", status_tag_class(c.status)},
  };
}

// One public timeline entry, in words.
mstch::map event_entry(const Page& page, const CaseEvent& e) {
  std::string what;
  std::string text;
  if (e.kind == event_kind::kNote) {
    what = page.text(e.actor.rfind("customer:", 0) == 0 ? "request.event_your_update" : "request.event_council_update");
    auto t = e.details.find("text");
    if (t != e.details.end()) text = t->second;
  } else if (e.kind == event_kind::kStatusChanged && e.details.count("to") &&
             page.has_text("status." + e.details.at("to"))) {
    what = page.format("request.event_status", {{"status", page.text("status." + e.details.at("to"))}});
  } else if (e.kind == event_kind::kReceived) {
    what = page.text("request.event_received");
  } else {
    what = page.text("request.event_other");
  }
  return mstch::map{{"date", page.long_date(e.at)}, {"what", what}, {"text", text}, {"has_text", !text.empty()}};
}

Result<http::Response> request_page(WebDeps& deps, const http::Request& req, const Page& page, const Form& typed,
                                    const FormErrors& errors, int status) {
  const std::string& ref = req.param("reference");
  ASSIGN_OR_RETURN(CaseView v, deps.services.cases.get(req.ctx, ref));
  ASSIGN_OR_RETURN(Timeline tl, deps.services.cases.timeline(req.ctx, ref, Visibility::kPublic));
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  mstch::map c = page.context("request.title");
  c["request"] = case_summary(page, *cat, v.c);
  c["title"] = page.format("request.title", {{"reference", v.c.reference}});
  mstch::array events;
  // Newest first, as residents read a tracking page.
  for (auto it = tl.events.rbegin(); it != tl.events.rend(); ++it) events.push_back(event_entry(page, *it));
  c["events"] = events;
  c["open"] = is_open(v.c.status);
  c["added"] = req.query == "added=1";
  Page::add_values(c, typed);
  page.add_errors(c, errors);
  return page.html(status, "request", c);
}

}  // namespace

void add_request_routes(http::Router& r, WebDeps& deps) {
  r.add("GET", "/requests", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.signed_in()) return page.sign_in_first("/requests");
    CaseFilter filter;
    filter.sort = CaseSort::kNewest;
    filter.limit = 100;
    ASSIGN_OR_RETURN(CasePage cases, deps.services.cases.list(req.ctx, filter));
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    mstch::array items;
    for (const auto& v : cases.items) items.push_back(case_summary(page, *cat, v.c));
    mstch::map c = page.context("requests.title");
    c["requests"] = items;
    c["has_requests"] = !items.empty();
    c["more"] = cases.next.has_value();
    return page.html(200, "requests", c);
  });

  r.add("GET", "/requests/{reference}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.signed_in()) return page.sign_in_first(req.path);
    return request_page(deps, req, page, Form{}, {}, 200);
  });

  r.add("POST", "/requests/{reference}/updates", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.signed_in()) return page.sign_in_first("/requests/" + req.param("reference"));
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    FormErrors errors = check_update(f);
    if (!errors.empty()) return request_page(deps, req, page, f, errors, 400);
    auto added = deps.services.cases.add_note(req.ctx, req.param("reference"),
                                              NewNote{trimmed(f.get("text")), Visibility::kPublic});
    if (!added) {
      if (added.error().code == ErrorCode::kCaseClosed || kind_of(added.error().code) == ErrorKind::kFailedPrecondition)
        return request_page(deps, req, page, f, {{"text", "errors.update_closed"}}, 409);
      if (kind_of(added.error().code) == ErrorKind::kInvalidArgument)
        return request_page(deps, req, page, f, {{"text", "errors.update_invalid"}}, 400);
      return page.error(added.error());
    }
    return page.redirect("/requests/" + req.param("reference") + "?added=1");
  });
}

}  // namespace civicdesk::web
