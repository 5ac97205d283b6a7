// The committee reports (docs/reports.md): GET /api/v1/reports/<name>
// with from/to (months) or at (a day), as JSON (default), CSV, XLSX or an
// HTML page with a chart. Parameters are checked before anything is read;
// the whole table is small (aggregates), so it is rendered before the 200.
#include "http/api/api.h"
#include "http/parse/query.h"
#include "report/html.h"
#include "report/xlsx.h"

namespace civicdesk::http {

namespace {

constexpr std::string_view kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::string file_name(const report::ReportTable& t, std::string_view ext) {
  std::string name = t.name;
  for (const auto& [k, v] : t.parameters) name += "_" + v;
  return name + "." + std::string(ext);
}

}  // namespace

void add_report_routes(Router& r, ApiDeps& deps) {
  ReportService& reports = deps.services.reports;
  // One route per report, so that each documents (and refuses) exactly the
  // parameters it takes.
  for (const ReportDefinition& def : report_definitions()) {
    r.add("GET", "/api/v1/reports/" + std::string(def.name), [&reports, &def](Request& req) -> Result<Response> {
      ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(req.query));
      ReportRequest rr;
      rr.name = std::string(def.name);
      if (def.input == ReportInput::kDay) {
        if (auto v = q.string("at", 10)) rr.params["at"] = *v;
      } else {
        if (auto v = q.string("from", 7)) rr.params["from"] = *v;
        if (auto v = q.string("to", 7)) rr.params["to"] = *v;
      }
      const std::string format = q.string("format", 4).value_or("json");
      if (format != "json" && format != "csv" && format != "xlsx" && format != "html")
        q.fail(Error(ErrorCode::kInvalidQuery, "The format is one of json, csv, xlsx or html", "format"));
      RETURN_IF_ERROR(q.finish());
      ASSIGN_OR_RETURN(report::ReportTable t, reports.run(req.ctx, rr));
      if (format == "csv") {
        Response res = Response::text(200, report::render_csv(t), "text/csv; charset=utf-8");
        res.set_header("Content-Disposition", "attachment; filename=\"" + file_name(t, "csv") + "\"");
        return res;
      }
      if (format == "xlsx") {
        ASSIGN_OR_RETURN(std::string bytes, report::render_xlsx(t));
        Response res = Response::text(200, std::move(bytes), std::string(kXlsxType));
        res.set_header("Content-Disposition", "attachment; filename=\"" + file_name(t, "xlsx") + "\"");
        return res;
      }
      if (format == "html") return Response::text(200, report::render_html(t), "text/html; charset=utf-8");
      return Response::json(200, report::render_json(t));
    });
  }
}

}  // namespace civicdesk::http
