// Operations endpoints: liveness, readiness, Prometheus metrics, and the
// OpenAPI document.
#include "http/api/api.h"
#include "http/api/json_out.h"
#include "http/pipeline.h"
#include "store/sql/migrate.h"

namespace civicdesk::http {

void add_system_routes(Router& r, ApiDeps& deps) {
  r.add("GET", "/healthz", [](Request&) -> Result<Response> {
    return json_response(200, R"({"status":"ok"})");
  });

  // Ready when the database answers and its schema is the one this build
  // expects (a server started before `civicdesk migrate` is not ready).
  r.add("GET", "/readyz", [&deps](Request&) -> Result<Response> {
    Store& store = deps.services.store;
    if (Status s = store.ping(); !s)
      return json_response(503, dump({{"status", "unavailable"}, {"database", "unreachable"}}));
    auto version = store.schema_version();
    if (!version || *version != sql::latest_schema_version())
      return json_response(503, dump({{"status", "unavailable"},
                                      {"schema_version", version ? json(*version) : json(nullptr)},
                                      {"expected_schema_version", sql::latest_schema_version()}}));
    return json_response(200, dump({{"status", "ready"}, {"schema_version", *version}}));
  });

  r.add("GET", "/metrics", [&deps](Request&) -> Result<Response> {
    std::string out;
    out += "# HELP civicdesk_build_info civicdesk version.\n# TYPE civicdesk_build_info gauge\n";
    out += "civicdesk_build_info{version=\"" + prometheus_label(deps.version) + "\"} 1\n";
    if (deps.pipeline) deps.pipeline->metrics().render(out);
    out += "# HELP civicdesk_cases Cases by council and status.\n# TYPE civicdesk_cases gauge\n";
    Status s = deps.services.store.read([&](ReadTx& tx) -> Status {
      ASSIGN_OR_RETURN(auto tenants, tx.list_tenants());
      for (const auto& t : tenants) {
        ASSIGN_OR_RETURN(auto counts, tx.count_cases_by_status(t.id));
        for (const auto& c : counts)
          out += "civicdesk_cases{tenant=\"" + prometheus_label(t.slug) + "\",status=\"" +
                 std::string(to_string(c.status)) + "\"} " + std::to_string(c.count) + "\n";
      }
      return {};
    });
    out += "# HELP civicdesk_database_up Whether the database answered this scrape.\n";
    out += "# TYPE civicdesk_database_up gauge\ncivicdesk_database_up " + std::string(s ? "1" : "0") + "\n";
    return Response::text(200, std::move(out), "text/plain; version=0.0.4; charset=utf-8");
  });

  r.add("GET", "/api/v1/openapi.json", [](Request&) -> Result<Response> {
    Response res = json_response(200, std::string(openapi_document()));
    res.set_header("Cache-Control", "public, max-age=300");
    return res;
  });
}

}  // namespace civicdesk::http
