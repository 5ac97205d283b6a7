// Back-office integration (docs/back-office.md): the signed updates a
// delivery unit's own system posts about the cases forwarded to it, and the
// administrators' switch that forwards a service's new cases.
#include "app/back_office.h"
#include "http/api/api.h"
#include "http/api/json_out.h"
#include "http/parse/json_reader.h"

namespace civicdesk::http {

namespace {

Result<BackOfficeUpdate> decode_update(std::string_view body) {
  ASSIGN_OR_RETURN(JsonReader in, JsonReader::parse(body));
  BackOfficeUpdate u;
  u.update_id = in.required_string("update_id", 100);
  const std::string status = in.required_string("status", 40);
  u.public_note = in.string("public_note", 4000, true).value_or("");
  u.internal_note = in.string("internal_note", 4000, true).value_or("");
  u.external_status = in.string("external_status", 100).value_or("");
  u.back_office_reference = in.string("back_office_reference", 100).value_or("");
  RETURN_IF_ERROR(in.finish());
  ASSIGN_OR_RETURN(u.status, parse_back_office_status(status));
  return u;
}

std::optional<std::string> header(const Request& req, std::string_view lower_name) {
  auto h = req.header(lower_name);
  if (!h) return std::nullopt;
  return std::string(*h);
}

}  // namespace

json back_office_json(const BackOfficeLink& l) {
  return {{"endpoint", l.endpoint},
          {"reference", l.reference.empty() ? json(nullptr) : json(l.reference)},
          {"status", l.status.empty() ? json(nullptr) : json(l.status)},
          {"external_status", l.external_status.empty() ? json(nullptr) : json(l.external_status)},
          {"forwarded_at", format_instant(l.forwarded_at)},
          {"updated_at", l.updated_at ? json(format_instant(*l.updated_at)) : json(nullptr)}};
}

void add_back_office_routes(Router& r, ApiDeps& deps) {
  BackOfficeService& back_office = deps.services.back_office;
  CatalogueService& catalogue = deps.services.catalogue;

  r.add("POST", "/api/v1/back-office/cases/{reference}/updates", [&back_office](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    SignedBody signed_body{header(req, "x-civicdesk-timestamp"), header(req, "x-civicdesk-signature"), req.body};
    // Decoded here, but only looked at once the signature is verified.
    const Result<BackOfficeUpdate> parsed = decode_update(req.body);
    ASSIGN_OR_RETURN(BackOfficeResult out,
                     back_office.apply_update(req.ctx, req.param("reference"), signed_body, parsed));
    return json_response(200, dump({{"reference", out.c.reference},
                                    {"status", std::string(to_string(out.c.status))},
                                    {"outcome", out.c.outcome ? json(std::string(to_string(*out.c.outcome)))
                                                              : json(nullptr)},
                                    {"status_changed", out.status_changed},
                                    {"back_office", back_office_json(out.link)}}));
  });

  r.add("PUT", "/api/v1/services/{code}/forwarding", [&back_office, &catalogue](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(JsonReader in, JsonReader::parse(req.body));
    // A name to forward to, or null to stop forwarding.
    const bool given = in.present("endpoint");
    const std::string endpoint = in.string("endpoint", 64).value_or("");
    if (!given) in.fail(Error(ErrorCode::kMissingField, "Name the webhook endpoint, or null to stop forwarding", "endpoint"));
    RETURN_IF_ERROR(in.finish());
    ASSIGN_OR_RETURN(Category c, back_office.set_forwarding(req.ctx, req.param("code"), endpoint));
    ASSIGN_OR_RETURN(auto cat, catalogue.snapshot(req.ctx));
    return json_response(200, dump(category_json(c, *cat)));
  });
}

}  // namespace civicdesk::http
