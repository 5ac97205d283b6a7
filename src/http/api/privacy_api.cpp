// The audit trail and data protection: /api/v1/audit, subject access,
// preferences, erasure, retention rules and the retention job.
#include "app/privacy.h"
#include "app/audit.h"
#include "http/api/api.h"
#include "http/api/privacy_render.h"
#include "http/parse/decode.h"
#include "http/parse/privacy_decode.h"

namespace civicdesk::http {

namespace {

constexpr size_t kChunkBytes = 64 * 1024;

// The page is self-contained: nothing may load from anywhere, and inline
// styles are all it uses.
constexpr std::string_view kPageCsp =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

template <typename F>
Result<Response> with_json_body(Request& req, F&& fn) {
  RETURN_IF_ERROR(no_query(req));
  RETURN_IF_ERROR(require_json(req));
  return fn();
}

}  // namespace

void add_privacy_routes(Router& r, ApiDeps& deps) {
  PrivacyService& privacy = deps.services.privacy;

  r.add("GET", "/api/v1/audit", [&privacy](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(AuditFilter f, decode_audit_filter(req.query, AuditFilterUse::kListing));
    ASSIGN_OR_RETURN(AuditPage page, privacy.audit_log(req.ctx, f));
    return json_response(200, dump(id_page_json(page, audit_entry_json)));
  });

  r.add("GET", "/api/v1/audit.csv", [&privacy](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(AuditFilter f, decode_audit_filter(req.query, AuditFilterUse::kExport));
    // Refuse before the 200 goes out: once streaming starts, errors can only
    // cut the body short.
    if (!can(req.ctx.principal, Permission::kViewAudit)) return denied(req.ctx, "export the audit trail");
    Response res = Response::text(200, "", "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"audit.csv\"");
    res.stream = [&privacy, ctx = req.ctx, f](const ChunkWriter& write) -> Status {
      std::string buf;
      buf.reserve(kChunkBytes + 4096);
      append_audit_csv_header(buf);
      Status s = privacy.export_audit(ctx, f, [&](const AuditEntry& e) -> Status {
        append_audit_csv_row(buf, e);
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

  r.add("GET", "/api/v1/customers/{id}/subject-access", [&privacy](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(bool html, decode_subject_access_format(req.query));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(SubjectAccessExport x, privacy.subject_access(req.ctx, id, html ? "html" : "json"));
    const std::string file = "subject-access-" + std::to_string(id) + (html ? ".html" : ".json");
    Response res = html ? Response::text(200, subject_access_html(x), "text/html; charset=utf-8")
                        : json_response(200, subject_access_json(x));
    res.set_header("Content-Disposition", "inline; filename=\"" + file + "\"");
    res.set_header("Cache-Control", "no-store");
    if (html) res.set_header("Content-Security-Policy", std::string(kPageCsp));
    return res;
  });

  r.add("GET", "/api/v1/customers/{id}/preferences", [&privacy](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(PreferencesView v, privacy.preferences(req.ctx, id));
    return json_response(200, dump(preferences_json(v)));
  });

  r.add("PUT", "/api/v1/customers/{id}/preferences", [&privacy](Request& req) -> Result<Response> {
    return with_json_body(req, [&]() -> Result<Response> {
      ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
      ASSIGN_OR_RETURN(PreferencesUpdate u, decode_preferences(req.body));
      ASSIGN_OR_RETURN(PreferencesView v, privacy.set_preferences(req.ctx, id, u));
      return json_response(200, dump(preferences_json(v)));
    });
  });

  r.add("POST", "/api/v1/customers/{id}/erasure", [&privacy](Request& req) -> Result<Response> {
    return with_json_body(req, [&]() -> Result<Response> {
      ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
      ASSIGN_OR_RETURN(bool dry_run, decode_dry_run(req.body));
      ASSIGN_OR_RETURN(ErasureReport report, privacy.erase(req.ctx, id, dry_run));
      return json_response(200, dump(erasure_report_json(report)));
    });
  });

  r.add("GET", "/api/v1/retention-rules", [&privacy](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto rules, privacy.retention_rules(req.ctx));
    return json_response(200, dump(retention_rules_json(rules)));
  });

  r.add("PUT", "/api/v1/retention-rules", [&privacy](Request& req) -> Result<Response> {
    return with_json_body(req, [&]() -> Result<Response> {
      ASSIGN_OR_RETURN(RetentionRules in, decode_retention_rules(req.body));
      ASSIGN_OR_RETURN(auto rules, privacy.set_retention_rules(req.ctx, in));
      return json_response(200, dump(retention_rules_json(rules)));
    });
  });

  r.add("POST", "/api/v1/retention/run", [&privacy](Request& req) -> Result<Response> {
    return with_json_body(req, [&]() -> Result<Response> {
      ASSIGN_OR_RETURN(bool dry_run, decode_dry_run(req.body));
      ASSIGN_OR_RETURN(RetentionReport report, privacy.run_retention(req.ctx, dry_run));
      return json_response(200, dump(retention_report_json(report)));
    });
  });
}

}  // namespace civicdesk::http
