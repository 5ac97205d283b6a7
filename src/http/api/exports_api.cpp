// Streamed exports: every matching row, as CSV, without holding the result
// in memory (the rows go to the socket as the database produces them).
#include "app/audit.h"
#include "base/csv.h"
#include "http/api/api.h"
#include "http/parse/decode.h"

namespace civicdesk::http {

namespace {

constexpr size_t kChunkBytes = 64 * 1024;

std::string opt(const std::optional<LocalDate>& d) { return d ? format_date(*d) : ""; }
std::string opt(const std::optional<Id>& id) { return id ? std::to_string(*id) : ""; }
std::string opt(const std::optional<double>& v) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", *v);
  return buf;
}

void append_case_row(std::string& out, const CaseView& v) {
  const Case& c = v.c;
  append_csv_row(out, c.reference, to_string(c.type), to_string(c.status), to_string(c.priority), c.category,
                 c.delivery_unit, c.team, opt(c.assignee_id), opt(c.customer_id), opt(c.member_id),
                 to_string(c.channel), format_instant(c.received_at), format_date(c.clock.start_day),
                 opt(c.clock.respond_by), opt(c.clock.resolve_by), opt(c.clock.responded_on),
                 c.closed_at ? format_instant(*c.closed_at) : "", c.outcome ? to_string(*c.outcome) : "",
                 to_string(v.resolve.state), c.location.postcode, c.location.ward, opt(c.location.lat),
                 opt(c.location.lng), c.title, c.description);
}

}  // namespace

void add_export_routes(Router& r, ApiDeps& deps) {
  CaseService& cases = deps.services.cases;

  r.add("GET", "/api/v1/exports/cases.csv", [&cases](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(CaseFilter f, decode_case_filter(req.query, CaseFilterUse::kExport));
    // Refuse before the 200 goes out: once streaming starts, errors can only
    // cut the body short.
    if (!can(req.ctx.principal, Permission::kExportCases)) return denied(req.ctx, "export cases");
    Response res = Response::text(200, "", "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"cases.csv\"");
    res.stream = [&cases, ctx = req.ctx, f](const ChunkWriter& write) -> Status {
      std::string buf;
      buf.reserve(kChunkBytes + 4096);
      append_csv_row(buf, "reference", "type", "status", "priority", "category", "delivery_unit", "team",
                     "assignee_id", "customer_id", "member_id", "channel", "received_at", "start_day",
                     "respond_by", "resolve_by", "responded_on", "closed_at", "outcome", "sla_state", "postcode",
                     "ward", "lat", "lng", "title", "description");
      Status s = cases.export_cases(ctx, f, [&](const CaseView& v) -> Status {
        append_case_row(buf, v);
        if (buf.size() < kChunkBytes) return {};
        const bool sent = write(buf);
        buf.clear();
        return sent ? Status{} : Status(Error(ErrorCode::kUnavailable, "the client stopped reading"));
      });
      if (!s) return s;
      if (!buf.empty() && !write(buf)) return Error(ErrorCode::kUnavailable, "the client stopped reading");
      return {};
    };
    return res;
  });
}

}  // namespace civicdesk::http
