// /open311/v2: Open311 GeoReport v2 (docs/open311.md). Thin handlers: each
// reads the parameters (query string, form or multipart body), calls one
// Open311Service use case and writes the answer as XML or JSON by the
// path's suffix. Every error is in the spec's format: XML
// <errors><error><code/><description/></error></errors> or JSON
// [{"code", "description"}], with 400, 403 or 404.
#include "http/open311/open311_api.h"

#include <charconv>
#include <cmath>

#include "http/api/api.h"
#include "http/parse/open311_form.h"
#include "http/problem.h"
#include "log/log.h"

namespace civicdesk::http {

namespace {

namespace o = civicdesk::open311;

enum class Format { kXml, kJson };

Response document(int status, Format f, const std::string& root, const o::List& list) {
  if (f == Format::kJson) return Response::text(status, o::to_json(list), "application/json; charset=utf-8");
  return Response::text(status, o::to_xml(root, list), "application/xml; charset=utf-8");
}

Response document(int status, Format f, const std::string& root, const o::Record& record) {
  if (f == Format::kJson) return Response::text(status, o::to_json(record), "application/json; charset=utf-8");
  return Response::text(status, o::to_xml(root, record), "application/xml; charset=utf-8");
}

int open311_status(const Error& e) {
  switch (e.kind()) {
    case ErrorKind::kInvalidArgument:
    case ErrorKind::kAlreadyExists:
    case ErrorKind::kFailedPrecondition: return 400;
    case ErrorKind::kPermissionDenied:
    case ErrorKind::kUnauthenticated: return 403;
    case ErrorKind::kNotFound: return 404;
    default: return http_status(e, false);
  }
}

Response error_response(const Error& e, Format f, const Request& req) {
  const int status = open311_status(e);
  std::string description = e.message;
  if (status >= 500) {
    log::error("open311_failed", {{"request_id", req.request_id}, {"route", req.route},
                                  {"code", std::string(wire_code(e.code))}, {"error", e.message}});
    description = "The council's system could not answer; try again later (request " + req.request_id + ")";
  } else if (!e.field.empty() && description.find(e.field) == std::string::npos) {
    description = e.field + ": " + description;
  }
  Response r = document(status, f, "errors", o::errors_list({{status, description}}));
  if (e.retry_after_seconds > 0) r.set_header("Retry-After", std::to_string(e.retry_after_seconds));
  return r;
}

// "services.xml" -> ("services", xml); no or another suffix: not_found.
Result<std::pair<std::string, Format>> split_format(const std::string& segment) {
  const size_t dot = segment.rfind('.');
  if (dot != std::string::npos && dot > 0) {
    const std::string ext = segment.substr(dot + 1);
    if (ext == "xml") return std::pair{segment.substr(0, dot), Format::kXml};
    if (ext == "json") return std::pair{segment.substr(0, dot), Format::kJson};
  }
  return not_found("Ask for " + segment.substr(0, 64) + ".xml or " + segment.substr(0, 64) + ".json");
}

// Parameters: the query string, then (for POST) the body.
struct Params {
  o::Params all;
  std::vector<open311_form::FilePart> files;  // multipart file parts (photo1..N)
  std::string one(std::string_view name) const {
    for (const auto& [k, v] : all)
      if (k == name) return v;
    return "";
  }
  std::vector<std::string> many(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : all)
      if (k == name && !v.empty()) out.push_back(v);
    return out;
  }
};

Result<Params> read_params(const Request& req) {
  Params p;
  ASSIGN_OR_RETURN(p.all, open311_form::parse_urlencoded(req.query));
  if (req.method == "POST") {
    ASSIGN_OR_RETURN(auto body,
                     open311_form::parse_body(req.header("content-type").value_or(""), req.body, &p.files));
    p.all.insert(p.all.end(), body.begin(), body.end());
  }
  return p;
}

std::optional<double> number(const std::string& s) {
  if (s.empty() || s.size() > 40) return std::nullopt;
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

Result<std::optional<Instant>> date_param(const Params& p, std::string_view name) {
  const std::string v = p.one(name);
  if (v.empty()) return std::optional<Instant>();
  ASSIGN_OR_RETURN(Instant t, o::parse_datetime(v, name));
  return std::optional<Instant>(t);
}

o::Value text_or_null(const std::string& s) { return s.empty() ? o::Value() : o::Value(s); }

o::Record request_record(const Open311RequestView& v) {
  const Case& c = v.c;
  o::Record r;
  r.add("service_request_id", c.reference)
      .add("status", std::string(o::basic(o::status_of(c.status, c.outcome))))
      .add("status_notes", text_or_null(v.status_notes))
      .add("service_name", v.service_name)
      .add("service_code", c.category)
      .add("description", text_or_null(c.description))
      .add("agency_responsible", text_or_null(v.agency_responsible))
      .add("service_notice", o::Value())
      .add("requested_datetime", o::format_datetime(c.received_at))
      .add("updated_datetime", o::format_datetime(c.updated_at))
      .add("expected_datetime",
           v.expected ? o::Value(o::format_datetime(london_local_to_instant(*v.expected, 17, 0, 0))) : o::Value())
      .add("address", text_or_null(c.location.address))
      .add("address_id", c.location.uprn ? o::Value(std::to_string(*c.location.uprn)) : o::Value())
      .add("zipcode", text_or_null(c.location.postcode))
      .add("lat", c.location.lat ? o::Value(*c.location.lat) : o::Value())
      .add("long", c.location.lng ? o::Value(*c.location.lng) : o::Value())
      .add("media_url", v.media_urls.empty() ? o::Value() : o::Value(v.media_urls.front()));
  return r;
}

struct Context {
  Services& services;
  Format format = Format::kXml;
};

// Runs `fn` with the format of `segment`, turning every error into the
// spec's error document; checks jurisdiction_id when given.
template <typename F>
Handler open311_handler(Services& services, std::string segment_param, std::string fixed_segment, F fn) {
  return [&services, segment_param, fixed_segment, fn](Request& req) -> Result<Response> {
    const std::string segment = segment_param.empty() ? fixed_segment : req.param(segment_param);
    auto split = split_format(segment);
    // Without a known suffix the answer is XML (FixMyStreet's format).
    const Format f = split ? split->second : Format::kXml;
    auto run = [&]() -> Result<Response> {
      if (!split) return split.error();
      ASSIGN_OR_RETURN(Params p, read_params(req));  // fn may take the files out
      const std::string jurisdiction = p.one("jurisdiction_id");
      if (!jurisdiction.empty()) {
        ASSIGN_OR_RETURN(std::string ours, services.open311.jurisdiction_id(req.ctx));
        if (jurisdiction != ours)
          return not_found("jurisdiction_id \"" + jurisdiction.substr(0, 64) + "\" is not served here (this is \"" +
                           ours + "\")");
      }
      return fn(req, p, split->first, f);
    };
    auto result = run();
    if (!result) return error_response(result.error(), f, req);
    return result;
  };
}

}  // namespace

void add_open311_routes(Router& r, Services& services) {
  Open311Service& svc = services.open311;
  const std::string base = "/open311/v2/";

  for (const std::string ext : {".xml", ".json"}) {
    r.add("GET", base + "services" + ext,
          open311_handler(services, "", "services" + ext,
                          [&svc](Request& req, const Params&, const std::string&, Format f) -> Result<Response> {
                            ASSIGN_OR_RETURN(auto list, svc.services(req.ctx));
                            o::List out{"service", {}};
                            for (const auto& [c, group] : list) out.items.push_back(o::service_record(c, group));
                            return document(200, f, "services", out);
                          }));

    r.add("POST", base + "requests" + ext,
          open311_handler(services, "", "requests" + ext,
                          [&svc](Request& req, Params& p, const std::string&, Format f) -> Result<Response> {
                            RequestContext ctx = req.ctx;
                            ASSIGN_OR_RETURN(ctx.principal, svc.client(ctx.tenant, p.one("api_key"), ctx.now));
                            req.ctx.principal = ctx.principal;  // for the access log and rate limits
                            Open311NewRequest in;
                            in.service_code = p.one("service_code");
                            const std::string lat = p.one("lat"), lng = p.one("long");
                            if (!lat.empty()) {
                              in.lat = number(lat);
                              if (!in.lat) return invalid_field("lat", "lat must be a number (WGS84 degrees)");
                            }
                            if (!lng.empty()) {
                              in.lng = number(lng);
                              if (!in.lng) return invalid_field("long", "long must be a number (WGS84 degrees)");
                            }
                            in.address_string = p.one("address_string");
                            in.address_id = p.one("address_id");
                            in.attributes = o::attributes(p.all);
                            in.email = p.one("email");
                            in.device_id = p.one("device_id");
                            if (in.device_id.empty()) in.device_id = p.one("deviceid");
                            in.account_id = p.one("account_id");
                            in.first_name = p.one("first_name");
                            in.last_name = p.one("last_name");
                            in.phone = p.one("phone");
                            in.description = p.one("description");
                            in.media_urls = p.many("media_url");
                            for (auto& file : p.files) in.photos.push_back(Open311Photo{file.name, std::move(file.content)});
                            ASSIGN_OR_RETURN(Open311Created made, svc.create(ctx, in));
                            o::List out{"request", {}};
                            out.items.push_back(o::Record()
                                                    .add("service_request_id", made.service_request_id)
                                                    .add("token", made.token)
                                                    .add("service_notice", o::Value())
                                                    .add("account_id", text_or_null(in.account_id)));
                            return document(200, f, "service_requests", out);
                          }));

    r.add("GET", base + "requests" + ext,
          open311_handler(services, "", "requests" + ext,
                          [&svc](Request& req, const Params& p, const std::string&, Format f) -> Result<Response> {
                            Open311Query q;
                            for (const std::string& list : p.many("service_request_id")) {
                              size_t start = 0;
                              while (start <= list.size()) {
                                size_t end = list.find(',', start);
                                if (end == std::string::npos) end = list.size();
                                std::string id = list.substr(start, end - start);
                                while (!id.empty() && id.front() == ' ') id.erase(0, 1);
                                while (!id.empty() && id.back() == ' ') id.pop_back();
                                if (!id.empty()) q.ids.push_back(id);
                                start = end + 1;
                              }
                            }
                            q.service_code = p.one("service_code");
                            ASSIGN_OR_RETURN(q.start, date_param(p, "start_date"));
                            ASSIGN_OR_RETURN(q.end, date_param(p, "end_date"));
                            if (const std::string s = p.one("status"); !s.empty()) q.status = s;
                            ASSIGN_OR_RETURN(auto views, svc.requests(req.ctx, q));
                            o::List out{"request", {}};
                            for (const auto& v : views) out.items.push_back(request_record(v));
                            return document(200, f, "service_requests", out);
                          }));

    r.add("GET", base + "servicerequestupdates" + ext,
          open311_handler(services, "", "servicerequestupdates" + ext,
                          [&svc](Request& req, const Params& p, const std::string&, Format f) -> Result<Response> {
                            ASSIGN_OR_RETURN(auto start, date_param(p, "start_date"));
                            ASSIGN_OR_RETURN(auto end, date_param(p, "end_date"));
                            const Instant to = end.value_or(req.ctx.now);
                            const Instant from = start.value_or(to - std::chrono::days(1));
                            ASSIGN_OR_RETURN(auto updates, svc.updates(req.ctx, from, to));
                            o::List out{"request_update", {}};
                            for (const auto& u : updates)
                              out.items.push_back(o::Record()
                                                      .add("update_id", u.update_id)
                                                      .add("service_request_id", u.service_request_id)
                                                      .add("status", o::to_upper(u.status))
                                                      .add("updated_datetime", o::format_datetime(u.updated))
                                                      .add("description", u.description)
                                                      .add("external_status_code", text_or_null(u.external_status_code))
                                                      .add("media_url", o::Value()));
                            return document(200, f, "service_request_updates", out);
                          }));

    r.add("POST", base + "servicerequestupdates" + ext,
          open311_handler(services, "", "servicerequestupdates" + ext,
                          [&svc](Request& req, const Params& p, const std::string&, Format f) -> Result<Response> {
                            RequestContext ctx = req.ctx;
                            ASSIGN_OR_RETURN(ctx.principal, svc.client(ctx.tenant, p.one("api_key"), ctx.now));
                            req.ctx.principal = ctx.principal;
                            Open311CitizenUpdate u;
                            u.service_request_id = p.one("service_request_id");
                            u.update_id = p.one("update_id");
                            u.status = p.one("status");
                            ASSIGN_OR_RETURN(u.updated, date_param(p, "updated_datetime"));
                            u.description = p.one("description");
                            u.first_name = p.one("first_name");
                            u.last_name = p.one("last_name");
                            u.email = p.one("email");
                            u.media_urls = p.many("media_url");
                            ASSIGN_OR_RETURN(std::string id, svc.add_citizen_update(ctx, u));
                            o::List out{"request_update", {}};
                            out.items.push_back(o::Record().add("update_id", id));
                            return document(200, f, "service_request_updates", out);
                          }));
  }

  r.add("GET", base + "services/{service_code}",
        open311_handler(services, "service_code", "",
                        [&svc](Request& req, const Params&, const std::string& code, Format f) -> Result<Response> {
                          ASSIGN_OR_RETURN(Category c, svc.service(req.ctx, code));
                          return document(200, f, "service_definition", o::service_definition(c));
                        }));

  r.add("GET", base + "requests/{service_request_id}",
        open311_handler(services, "service_request_id", "",
                        [&svc](Request& req, const Params&, const std::string& id, Format f) -> Result<Response> {
                          ASSIGN_OR_RETURN(auto v, svc.request(req.ctx, id));
                          o::List out{"request", {}};
                          out.items.push_back(request_record(v));
                          return document(200, f, "service_requests", out);
                        }));

  // A report's public photo (docs/media.md), for anyone: the URL GET
  // requests gives as media_url. "{id}.jpg" or "{id}.png".
  AttachmentService& photos = services.attachments;
  r.add("GET", base + "media/{file}", [&photos](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    const std::string& file = req.param("file");
    const size_t dot = file.find('.');
    Id id = 0;
    const std::string digits = file.substr(0, dot);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (dot == std::string::npos || digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || id <= 0)
      return not_found("There is no photo " + file.substr(0, 40));
    ASSIGN_OR_RETURN(AttachmentFile f, photos.public_photo(req.ctx.tenant, id));
    auto type = media::parse_content_type(f.meta.content_type);
    if (!type || file.substr(dot + 1) != media::extension(*type)) return not_found("There is no photo " + file.substr(0, 40));
    Response res = photo_response("photo", f);
    res.set_header("Cache-Control", "public, max-age=3600");
    return res;
  });

  r.add("GET", base + "tokens/{token}",
        open311_handler(services, "token", "",
                        [&svc](Request& req, const Params&, const std::string& token, Format f) -> Result<Response> {
                          ASSIGN_OR_RETURN(std::string id, svc.token(req.ctx, token));
                          o::List out{"request", {}};
                          out.items.push_back(o::Record().add("service_request_id", id).add("token", token));
                          return document(200, f, "service_requests", out);
                        }));
}

}  // namespace civicdesk::http
