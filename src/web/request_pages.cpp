// "My requests": a resident's requests (like the council tracking screens
// residents know: description, date reported, location, status), one
// request's public timeline, and adding an update to it.
#include <algorithm>
#include <optional>

#include "app/complaints.h"
#include "domain/complaint.h"
#include "http/parse/query.h"
#include "web/page.h"

namespace civicdesk::web {

namespace {

mstch::map request_view(const Page& page, const CatalogueSnapshot& cat, const Case& c) {
  auto category = cat.categories.find(c.category);
  return mstch::map{
      {"reference", c.reference},
      {"href", "/requests/" + c.reference},
      {"category", category == cat.categories.end() ? c.category : category->second.name},
      {"title", c.title},
      {"description", c.description},
      {"reported", page.long_date(c.received_at)},
      {"place", place_text(c.location)},
      {"has_place", !place_text(c.location).empty()},
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
  } else if (e.kind == event_kind::kStage2Requested && e.details.count("reference")) {
    what = page.format("stage2.event_requested", {{"reference", e.details.at("reference")}});
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
  c["request"] = request_view(page, *cat, v.c);
  c["title"] = page.format("request.title", {{"reference", v.c.reference}});
  mstch::array events;
  // Newest first, as residents read a tracking page.
  for (auto it = tl.events.rbegin(); it != tl.events.rend(); ++it) events.push_back(event_entry(page, *it));
  c["events"] = events;
  // The public photos (the resident's own are public unless the council
  // made them staff-only or hid them), served by the attachments API.
  ASSIGN_OR_RETURN(auto attachments, deps.services.attachments.list(req.ctx, ref));
  mstch::array photos;
  for (const auto& a : attachments) {
    if (!a.is_public || a.hidden) continue;
    photos.push_back(mstch::map{
        {"src", "/api/v1/cases/" + http::percent_encode(v.c.reference) + "/attachments/" + std::to_string(a.id)},
        {"alt", page.format("residents.photos.alt", {{"n", std::to_string(photos.size() + 1)}})}});
  }
  c["has_photos"] = !photos.empty();
  c["photos"] = photos;
  c["open"] = is_open(v.c.status);
  // Complaints: ask for stage 2, or where that stands (domain/complaint.h).
  auto category = cat->categories.find(v.c.category);
  const auto review = complaint::review_check(v.c, category == cat->categories.end() ? nullptr : &category->second,
                                              tl.events, london_date(req.ctx.now));
  using complaint::Review;
  c["stage2_allowed"] = review.state == Review::kAllowed;
  if (review.deadline) c["stage2_deadline"] = page.format("stage2.offer_body", {{"date", page.long_day(*review.deadline)}});
  c["stage2_requested"] = review.state == Review::kRequested && !review.stage2_reference.empty();
  c["stage2_reference"] = review.stage2_reference;
  c["stage2_too_late"] = review.state == Review::kTooLate;
  c["at_stage2"] = review.state == Review::kStage2;
  c["added"] = req.query == "added=1";
  Page::add_values(c, typed);
  page.add_errors(c, errors);
  return page.html(status, "request", c);
}

// The stage 1 complaint, its catalogue and where a stage 2 review stands.
struct Stage2State {
  CaseView v;
  complaint::ReviewCheck review;
};

Result<Stage2State> stage2_state(WebDeps& deps, const http::Request& req) {
  const std::string& ref = req.param("reference");
  ASSIGN_OR_RETURN(CaseView v, deps.services.cases.get(req.ctx, ref));
  ASSIGN_OR_RETURN(Timeline tl, deps.services.cases.timeline(req.ctx, ref, Visibility::kPublic));
  ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
  auto category = cat->categories.find(v.c.category);
  auto review = complaint::review_check(v.c, category == cat->categories.end() ? nullptr : &category->second,
                                        tl.events, london_date(req.ctx.now));
  return Stage2State{std::move(v), std::move(review)};
}

http::Response stage2_form(const Page& page, const Case& c, const Form& typed, const FormErrors& errors, int status) {
  mstch::map m = page.context("stage2.title");
  m["reference"] = c.reference;
  m["caption"] = page.format("stage2.caption", {{"reference", c.reference}});
  Page::add_values(m, typed);
  page.add_errors(m, errors);
  return page.html(status, "request_stage2", m);
}

FormErrors check_stage2(const Form& f) {
  const std::string reason = trimmed(f.get("reason"));
  if (reason.empty()) return {{"reason", "stage2.errors.reason_missing"}};
  size_t chars = 0;
  for (unsigned char ch : reason)
    if ((ch & 0xC0) != 0x80) ++chars;
  if (chars > 5000) return {{"reason", "stage2.errors.reason_long"}};
  return {};
}

constexpr int kPageSize = 20;
constexpr int kMaxPage = 500;  // 10,000 requests; further pages are refused, not walked

// ?page=n: absent is 1; nullopt for anything but 1..kMaxPage (or another parameter).
std::optional<int> page_number(std::string_view query) {
  if (query.empty()) return 1;
  auto q = http::QueryReader::parse(query);
  if (!q) return std::nullopt;
  auto n = q->integer("page", 1, kMaxPage);
  if (!q->finish()) return std::nullopt;
  return n ? static_cast<int>(*n) : 1;
}

// Page `n` of the resident's requests: the store pages by cursor, so the
// rows before it are skipped 200 at a time (at most 50 short reads).
Result<CasePage> requests_page(WebDeps& deps, const RequestContext& ctx, int n) {
  CaseFilter filter;
  filter.sort = CaseSort::kNewest;
  for (int skip = (n - 1) * kPageSize; skip > 0;) {
    filter.limit = std::min(skip, 200);
    ASSIGN_OR_RETURN(CasePage skipped, deps.services.cases.list(ctx, filter));
    if (!skipped.next) return CasePage{};
    filter.after = skipped.next;
    skip -= filter.limit;
  }
  filter.limit = kPageSize;
  return deps.services.cases.list(ctx, filter);
}

}  // namespace

void add_request_routes(http::Router& r, WebDeps& deps) {
  // My requests, newest first, kPageSize a page (?page=n, GOV.UK pagination).
  r.add("GET", "/requests", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.signed_in()) return page.sign_in_first("/requests");
    const std::optional<int> number = page_number(req.query);
    if (!number) return page.message_page(400, "residents.paging.bad_title", "residents.paging.bad_body");
    ASSIGN_OR_RETURN(CasePage cases, requests_page(deps, req.ctx, *number));
    if (*number > 1 && cases.items.empty())
      return page.message_page(404, "errors.not_found_title", "residents.paging.past_end");
    ASSIGN_OR_RETURN(auto cat, deps.services.catalogue.snapshot(req.ctx));
    mstch::array items;
    for (const auto& v : cases.items) items.push_back(request_view(page, *cat, v.c));
    mstch::map c = page.context("requests.title");
    c["requests"] = items;
    c["has_requests"] = !items.empty();
    mstch::map pagination;
    if (*number > 1) pagination["previous"] = "/requests" + (*number == 2 ? std::string() : "?page=" + std::to_string(*number - 1));
    if (cases.next) pagination["next"] = "/requests?page=" + std::to_string(*number + 1);
    auto label = [&](int n) { return page.format("residents.paging.page_n", {{"n", std::to_string(n)}}); };
    if (*number > 1) pagination["previous_label"] = label(*number - 1);
    if (cases.next) pagination["next_label"] = label(*number + 1);
    if (*number > 1 || cases.next) c["pagination"] = pagination;
    if (*number > 1) c["title"] = page.format("residents.paging.title_n", {{"n", std::to_string(*number)}});
    return page.html(200, "requests", c);
  });

  r.add("GET", "/requests/{reference}", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.signed_in()) return page.sign_in_first(req.path);
    return request_page(deps, req, page, Form{}, {}, 200);
  });

  // Complaints' stage 2: the form, sending it, and the confirmation.
  r.add("GET", "/requests/{reference}/stage-2", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.signed_in()) return page.sign_in_first(req.path);
    ASSIGN_OR_RETURN(Stage2State st, stage2_state(deps, req));
    if (st.review.state == complaint::Review::kRequested) return page.redirect(req.path + "/done");
    if (st.review.state != complaint::Review::kAllowed)
      return page.message_page(409, "stage2.not_offered_title", "stage2.not_offered_body");
    return stage2_form(page, st.v.c, Form{}, {}, 200);
  });

  r.add("POST", "/requests/{reference}/stage-2", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.signed_in()) return page.sign_in_first(req.path);
    ASSIGN_OR_RETURN(Form f, Form::parse(req.body));
    if (!page.csrf_ok(f)) return page.bad_token();
    ASSIGN_OR_RETURN(Stage2State st, stage2_state(deps, req));
    if (FormErrors errors = check_stage2(f); !errors.empty()) return stage2_form(page, st.v.c, f, errors, 400);
    auto made = request_stage2(deps.services, req.ctx, st.v.c.reference, trimmed(f.get("reason")));
    if (!made) {
      const ErrorKind kind = kind_of(made.error().code);
      if (kind == ErrorKind::kFailedPrecondition) return stage2_form(page, st.v.c, f, {{"reason", "stage2.errors.refused"}}, 409);
      if (kind == ErrorKind::kInvalidArgument) return stage2_form(page, st.v.c, f, {{"reason", "stage2.errors.reason_long"}}, 400);
      return page.error(made.error());
    }
    // Post/redirect/get: refreshing the confirmation never asks twice.
    return page.redirect("/requests/" + st.v.c.reference + "/stage-2/done");
  });

  r.add("GET", "/requests/{reference}/stage-2/done", [&deps](http::Request& req) -> Result<http::Response> {
    Page page(deps, req);
    if (!page.signed_in()) return page.sign_in_first(req.path);
    ASSIGN_OR_RETURN(Stage2State st, stage2_state(deps, req));
    if (st.review.state != complaint::Review::kRequested || st.review.stage2_reference.empty())
      return page.message_page(404, "errors.not_found_title", "errors.not_found_body");
    ASSIGN_OR_RETURN(CaseView stage2, deps.services.cases.get(req.ctx, st.review.stage2_reference));
    mstch::map m = page.context("stage2.done_title");
    m["reference"] = stage2.c.reference;
    m["stage1_reference"] = st.v.c.reference;
    const SlaClock& clock = stage2.c.clock;
    m["ack"] = clock.respond_by ? page.format("stage2.done_ack", {{"date", page.long_day(*clock.respond_by)}}) : "";
    m["by"] = clock.resolve_by ? page.format("stage2.done_by", {{"days", std::to_string(stage2.c.sla.resolve_days)},
                                                                {"date", page.long_day(*clock.resolve_by)}})
                               : "";
    return page.html(200, "request_stage2_done", m);
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
