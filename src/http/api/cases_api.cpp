// /api/v1/cases and its sub-resources.
#include "domain/reference.h"
#include "http/api/api.h"
#include "http/api/json_out.h"
#include "http/parse/decode.h"
#include "http/parse/query.h"

namespace civicdesk::http {

namespace {

Response case_response(int status, const CaseView& v) {
  Response r = json_response(status, case_text(v));
  r.set_header("ETag", etag(v.c.version));
  return r;
}

Result<std::optional<Visibility>> visibility_param(const Request& req) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(req.query));
  auto v = q.parsed<Visibility>("visibility", parse_visibility);
  RETURN_IF_ERROR(q.finish());
  return v;
}

}  // namespace

void add_case_routes(Router& r, ApiDeps& deps) {
  CaseService& cases = deps.services.cases;

  r.add("POST", "/api/v1/cases", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(NewCase in, decode_new_case(req.body));
    ASSIGN_OR_RETURN(CaseView v, cases.create(req.ctx, in));
    Response res = case_response(201, v);
    res.set_header("Location", "/api/v1/cases/" + v.c.reference);
    return res;
  });

  r.add("GET", "/api/v1/cases", [&cases](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(CaseFilter f, decode_case_filter(req.query));
    ASSIGN_OR_RETURN(CasePage page, cases.list(req.ctx, f));
    std::optional<std::string> next;
    if (page.next) next = encode_case_cursor(*page.next);
    return json_response(200, case_page_text(page.items, next));
  });

  r.add("GET", "/api/v1/cases/{reference}", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    // A forwarded case shows staff and client systems where it stands with
    // the back office (the endpoint's name is the council's own business).
    const Principal& p = req.ctx.principal;
    const bool council_side = p.kind == Principal::Kind::kApiClient || (p.role && is_staff(*p.role));
    ASSIGN_OR_RETURN(CaseView v, cases.get(req.ctx, req.param("reference"),
                                           council_side ? CaseDetail::kWithBackOffice : CaseDetail::kCase));
    if (auto inm = req.header("if-none-match"); inm && etag_matches(*inm, v.c.version)) {
      Response nm;
      nm.status = 304;
      nm.set_header("ETag", etag(v.c.version));
      return nm;
    }
    if (!v.back_office) return case_response(200, v);
    json body = json::parse(case_text(v));
    body["back_office"] = back_office_json(*v.back_office);
    Response res = json_response(200, dump(body));
    res.set_header("ETag", etag(v.c.version));
    return res;
  });

  r.add("PATCH", "/api/v1/cases/{reference}", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    if (!req.header("if-match"))
      return Error(ErrorCode::kPreconditionRequired,
                   "Send If-Match with the case's ETag so that nobody's changes are overwritten");
    ASSIGN_OR_RETURN(CasePatch patch, decode_case_patch(req.body));
    ASSIGN_OR_RETURN(CaseView v, cases.update(req.ctx, req.param("reference"), patch, if_match(req)));
    return case_response(200, v);
  });

  r.add("POST", "/api/v1/cases/{reference}/transitions", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(TransitionRequest t, decode_transition(req.body));
    ASSIGN_OR_RETURN(CaseView v, cases.transition(req.ctx, req.param("reference"), t, if_match(req)));
    return case_response(200, v);
  });

  r.add("POST", "/api/v1/cases/{reference}/assignment", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(Assignment a, decode_assignment(req.body));
    ASSIGN_OR_RETURN(CaseView v, cases.assign(req.ctx, req.param("reference"), a, if_match(req)));
    return case_response(200, v);
  });

  r.add("POST", "/api/v1/cases/{reference}/extensions", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(ExtensionInput e, decode_extension(req.body));
    ASSIGN_OR_RETURN(CaseView v, cases.extend(req.ctx, req.param("reference"), e.amount, e.reason, if_match(req)));
    return case_response(200, v);
  });

  r.add("GET", "/api/v1/cases/{reference}/timeline", [&cases](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(auto only, visibility_param(req));
    ASSIGN_OR_RETURN(Timeline t, cases.timeline(req.ctx, req.param("reference"), only));
    json items = json::array();
    for (const auto& e : t.events) items.push_back(event_json(e));
    return json_response(200, dump({{"items", items}}));
  });

  r.add("GET", "/api/v1/cases/{reference}/notes", [&cases](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(auto only, visibility_param(req));
    ASSIGN_OR_RETURN(Timeline t, cases.timeline(req.ctx, req.param("reference"), only));
    json items = json::array();
    for (const auto& e : t.events)
      if (e.kind == event_kind::kNote) items.push_back(event_json(e));
    return json_response(200, dump({{"items", items}}));
  });

  r.add("POST", "/api/v1/cases/{reference}/notes", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(NewNote n, decode_note(req.body));
    ASSIGN_OR_RETURN(CaseEvent e, cases.add_note(req.ctx, req.param("reference"), n));
    return json_response(201, dump(event_json(e)));
  });

  r.add("GET", "/api/v1/cases/{reference}/links", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto links, cases.links(req.ctx, req.param("reference")));
    json items = json::array();
    for (const auto& l : links) items.push_back(link_json(l));
    return json_response(200, dump({{"items", items}}));
  });

  r.add("POST", "/api/v1/cases/{reference}/links", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(LinkInput l, decode_link(req.body));
    RETURN_IF_ERROR(cases.link(req.ctx, req.param("reference"), l.kind, l.case_reference));
    const std::string other = normalise_reference(l.case_reference).value_or(l.case_reference);
    return json_response(201, dump({{"kind", std::string(to_string(l.kind))}, {"case", other}}));
  });

  r.add("DELETE", "/api/v1/cases/{reference}/links/{kind}/{other}", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(LinkKind kind, parse_link_kind(req.param("kind")));
    RETURN_IF_ERROR(cases.unlink(req.ctx, req.param("reference"), kind, req.param("other")));
    return Response::no_content();
  });

  r.add("GET", "/api/v1/cases/{reference}/watchers", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto watchers, cases.watchers(req.ctx, req.param("reference")));
    json items = json::array();
    for (const auto& w : watchers) items.push_back(watcher_json(w));
    return json_response(200, dump({{"items", items}}));
  });

  r.add("POST", "/api/v1/cases/{reference}/watchers", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(Watcher w, decode_watcher(req.body));
    RETURN_IF_ERROR(cases.watch(req.ctx, req.param("reference"), w));
    return Response::no_content();
  });

  // The watcher key is an id for officers, councillors and customers, or the
  // email address for kind=email.
  r.add("DELETE", "/api/v1/cases/{reference}/watchers/{kind}/{key}", [&cases](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(WatcherKind kind, parse_watcher_kind(req.param("kind")));
    Watcher w;
    w.kind = kind;
    if (kind == WatcherKind::kEmail) {
      w.email = req.param("key");
    } else {
      ASSIGN_OR_RETURN(Id id, path_id(req, "key"));
      w.ref_id = id;
    }
    RETURN_IF_ERROR(cases.unwatch(req.ctx, req.param("reference"), w));
    return Response::no_content();
  });
}

}  // namespace civicdesk::http
