// The Members' Enquiry workflow under /api/v1/cases/{reference}/..., the
// managers' approval queue, escalation officers per delivery unit, and the
// reminder run.
#include "http/api/api.h"
#include "http/api/json_out.h"
#include "http/parse/enquiry_decode.h"

namespace civicdesk::http {

namespace {

json when(const std::optional<Instant>& t) { return t ? json(format_instant(*t)) : json(nullptr); }

json routing_json(const RoutingRecord& r) {
  return {{"id", r.id},
          {"delivery_unit", r.delivery_unit},
          {"officer_id", r.officer_id ? json(*r.officer_id) : json(nullptr)},
          {"routed_at", format_instant(r.routed_at)},
          {"routed_by", r.routed_by},
          {"outcome", to_string(r.outcome)},
          {"decided_at", when(r.decided_at)},
          {"decided_by", r.decided_by},
          {"reason", r.reason}};
}

json escalation_json(const EscalationRecord& e) {
  return {{"id", e.id},
          {"delivery_unit", e.delivery_unit},
          {"officer_id", e.officer_id ? json(*e.officer_id) : json(nullptr)},
          {"escalated_at", format_instant(e.escalated_at)},
          {"escalated_by", e.escalated_by},
          {"reason", e.reason}};
}

json chaser_json(const ChaserRecord& c) {
  return {{"id", c.id}, {"at", format_instant(c.at)}, {"chased_by", c.chased_by}, {"note", c.note}};
}

json approval_json(const Approval& a) {
  return {{"id", a.id},
          {"case_id", a.case_id},
          {"kind", to_string(a.kind)},
          {"requested_by", a.requested_by},
          {"requested_at", format_instant(a.requested_at)},
          {"reason", a.reason},
          {"type", a.new_type ? json(to_string(*a.new_type)) : json(nullptr)},
          {"category", a.new_category},
          {"status", to_string(a.status)},
          {"decided_by", a.decided_by},
          {"decided_at", when(a.decided_at)},
          {"note", a.decision_note}};
}

template <typename T, typename F>
json items_json(const std::vector<T>& items, F to_json) {
  json out = json::array();
  for (const T& item : items) out.push_back(to_json(item));
  return {{"items", std::move(out)}};
}

Response case_response(const CaseView& v) {
  Response r = json_response(200, case_text(v));
  r.set_header("ETag", etag(v.c.version));
  return r;
}

// POST with a JSON body and no query string.
Status post_checks(const Request& req) {
  RETURN_IF_ERROR(no_query(req));
  return require_json(req);
}

}  // namespace

void add_enquiry_routes(Router& r, ApiDeps& deps) {
  EnquiryService& me = deps.services.enquiries;

  r.add("POST", "/api/v1/cases/{reference}/tasks", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(post_checks(req));
    ASSIGN_OR_RETURN(NewTask t, decode_task(req.body));
    ASSIGN_OR_RETURN(CaseView v, me.add_task(req.ctx, req.param("reference"), t));
    Response res = json_response(201, case_text(v));
    res.set_header("ETag", etag(v.c.version));
    res.set_header("Location", "/api/v1/cases/" + v.c.reference);
    return res;
  });

  r.add("POST", "/api/v1/cases/{reference}/routing", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(post_checks(req));
    ASSIGN_OR_RETURN(RouteRequest x, decode_route(req.body));
    ASSIGN_OR_RETURN(CaseView v, me.route(req.ctx, req.param("reference"), x, if_match(req)));
    return case_response(v);
  });

  r.add("POST", "/api/v1/cases/{reference}/acceptance", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(CaseView v, me.accept(req.ctx, req.param("reference"), if_match(req)));
    return case_response(v);
  });

  r.add("POST", "/api/v1/cases/{reference}/send-back", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(post_checks(req));
    ASSIGN_OR_RETURN(std::string reason, decode_reason(req.body, "reason", true));
    ASSIGN_OR_RETURN(CaseView v, me.send_back(req.ctx, req.param("reference"), reason, if_match(req)));
    return case_response(v);
  });

  r.add("POST", "/api/v1/cases/{reference}/responses", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(post_checks(req));
    ASSIGN_OR_RETURN(ResponseInput x, decode_response(req.body));
    ASSIGN_OR_RETURN(CaseView v, me.respond(req.ctx, req.param("reference"), x.text, x.confidential, if_match(req)));
    return case_response(v);
  });

  r.add("POST", "/api/v1/cases/{reference}/delays", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(post_checks(req));
    ASSIGN_OR_RETURN(DelayNotice d, decode_delay(req.body));
    ASSIGN_OR_RETURN(CaseView v, me.advise_delay(req.ctx, req.param("reference"), d, if_match(req)));
    return case_response(v);
  });

  r.add("POST", "/api/v1/cases/{reference}/diary", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(post_checks(req));
    ASSIGN_OR_RETURN(DiaryInput d, decode_diary(req.body));
    ASSIGN_OR_RETURN(CaseView v, me.diarise(req.ctx, req.param("reference"), d.date, d.reason, if_match(req)));
    return case_response(v);
  });

  r.add("POST", "/api/v1/cases/{reference}/chasers", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(post_checks(req));
    ASSIGN_OR_RETURN(std::string note, decode_reason(req.body, "note", false));
    ASSIGN_OR_RETURN(CaseView v, me.chase(req.ctx, req.param("reference"), note));
    return case_response(v);
  });

  r.add("POST", "/api/v1/cases/{reference}/escalations", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(post_checks(req));
    ASSIGN_OR_RETURN(std::string reason, decode_reason(req.body, "reason", true));
    ASSIGN_OR_RETURN(CaseView v, me.escalate(req.ctx, req.param("reference"), reason));
    return case_response(v);
  });

  r.add("GET", "/api/v1/cases/{reference}/enquiry", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(EnquiryRecords x, me.records(req.ctx, req.param("reference")));
    json body = {{"routings", items_json(x.routings, routing_json)["items"]},
                 {"escalations", items_json(x.escalations, escalation_json)["items"]},
                 {"chasers", items_json(x.chasers, chaser_json)["items"]},
                 {"approvals", items_json(x.approvals, approval_json)["items"]}};
    return json_response(200, dump(body));
  });

  r.add("POST", "/api/v1/cases/{reference}/approvals", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(post_checks(req));
    ASSIGN_OR_RETURN(ApprovalRequest a, decode_approval_request(req.body));
    ASSIGN_OR_RETURN(Approval out, me.request_approval(req.ctx, req.param("reference"), a));
    return json_response(201, dump(approval_json(out)));
  });

  r.add("POST", "/api/v1/cases/{reference}/approvals/{id}/decision", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(post_checks(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(DecisionInput d, decode_decision(req.body));
    ASSIGN_OR_RETURN(Approval out, me.decide_approval(req.ctx, req.param("reference"), id, d.approve, d.note));
    return json_response(200, dump(approval_json(out)));
  });

  r.add("GET", "/api/v1/approvals", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto pending, me.pending_approvals(req.ctx));
    return json_response(200, dump(items_json(pending, approval_json)));
  });

  r.add("GET", "/api/v1/delivery-units/{code}/escalation-officers", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto officers, me.escalation_officers(req.ctx, req.param("code")));
    return json_response(200, dump(items_json(officers, officer_json)));
  });

  r.add("PUT", "/api/v1/delivery-units/{code}/escalation-officers", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(post_checks(req));
    ASSIGN_OR_RETURN(auto ids, decode_officer_ids(req.body));
    RETURN_IF_ERROR(me.set_escalation_officers(req.ctx, req.param("code"), ids));
    ASSIGN_OR_RETURN(auto officers, me.escalation_officers(req.ctx, req.param("code")));
    return json_response(200, dump(items_json(officers, officer_json)));
  });

  r.add("POST", "/api/v1/enquiries/reminders", [&me](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(ReminderRun run, me.run_reminders(req.ctx));
    return json_response(200, dump({{"cases_checked", run.cases_checked}, {"prompts", run.prompts}}));
  });
}

}  // namespace civicdesk::http
