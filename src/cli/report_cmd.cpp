// `civicdesk report <name> ...`: the committee reports (docs/reports.md) on
// the command line, as CSV (default), JSON, XLSX or HTML, to standard
// output or --output FILE. Parameters are checked before the database is
// opened, so a bad one changes nothing (not even a schema migration).
#include <cstdio>
#include <fstream>
#include <memory>
#include <iostream>

#include "cli/commands.h"
#include "report/html.h"
#include "report/xlsx.h"

namespace civicdesk::cli {

namespace {

struct ReportOptions {
  std::string name;
  std::string from, to, at;
  std::string format = "csv";
  std::string output;
};

int fail_param(const Error& e) {
  return fail(e.field.empty() ? e.message : "--" + e.field + ": " + e.message);
}

int run_report(const GlobalOptions& g, const ReportOptions& o) {
  ReportRequest req;
  req.name = o.name;
  if (!o.from.empty()) req.params["from"] = o.from;
  if (!o.to.empty()) req.params["to"] = o.to;
  if (!o.at.empty()) req.params["at"] = o.at;
  if (Status s = ReportService::validate(req); !s) return fail_param(s.error());
  if (o.format != "csv" && o.format != "json" && o.format != "xlsx" && o.format != "html")
    return fail("--format: give csv, json, xlsx or html");
  if (o.format == "xlsx" && o.output.empty()) return fail("--format xlsx: give --output FILE (a spreadsheet is binary)");

  auto store = open_and_migrate(g, 2);
  if (!store) return 1;
  Services services(*store);
  auto tenant = pick_tenant(services, g);
  if (!tenant) return fail(tenant.error());
  RequestContext ctx{tenant->id, Principal::system("command line"), SystemClock().now()};
  auto table = services.reports.run(ctx, req);
  if (!table) return fail_param(table.error());

  std::string bytes;
  if (o.format == "csv") bytes = report::render_csv(*table);
  else if (o.format == "json") bytes = report::render_json(*table) + "\n";
  else if (o.format == "html") bytes = report::render_html(*table);
  else {
    auto x = report::render_xlsx(*table);
    if (!x) return fail(x.error());
    bytes = std::move(*x);
  }
  if (o.output.empty()) {
    std::cout << bytes << std::flush;
    return std::cout ? 0 : fail("cannot write the output");
  }
  std::ofstream file(o.output, std::ios::binary | std::ios::trunc);
  if (!file || !file.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) || !file.flush()) {
    std::remove(o.output.c_str());
    return fail("cannot write " + o.output);
  }
  std::cerr << "Wrote " << table->name << " (" << table->rows.size() << " rows) to " << o.output << "\n";
  return 0;
}

}  // namespace

void add_report(CLI::App& app, GlobalOptions& g) {
  auto* report = app.add_subcommand("report", "Members' Enquiries committee reports (docs/reports.md)");
  report->require_subcommand(1);
  for (const ReportDefinition& def : report_definitions()) {
    auto* cmd = report->add_subcommand(std::string(def.name), std::string(def.summary));
    auto o = std::make_shared<ReportOptions>();
    o->name = std::string(def.name);
    if (def.input == ReportInput::kDay) {
      cmd->add_option("--at", o->at, "The day of the snapshot, like 2015-06-30 (end of that day)")->required();
    } else {
      const char* hint = def.input == ReportInput::kQuarters
                             ? " (widened to whole financial quarters: Q1 is April to June)"
                             : "";
      cmd->add_option("--from", o->from, std::string("First month, like 2015-01") + hint)->required();
      cmd->add_option("--to", o->to, "Last month, like 2015-12 (at most 60 months in all)")->required();
    }
    cmd->add_option("--format", o->format, "csv, json, xlsx or html")->capture_default_str();
    cmd->add_option("--output,-o", o->output, "File to write (default: standard output; required for xlsx)");
    cmd->callback([&g, o] {
      if (int rc = run_report(g, *o); rc != 0) throw CLI::RuntimeError(rc);
    });
  }
}

}  // namespace civicdesk::cli
