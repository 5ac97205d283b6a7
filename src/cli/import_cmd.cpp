// civicdesk import cases FILE.csv [--create-missing]: a thin shell over
// app/import.h. Exit status 0 when every row was imported, 2 when the file
// has problems (nothing imported; they are listed on stderr), 1 when the
// database or the file cannot be used.
#include <fstream>
#include <iostream>

#include "app/import.h"
#include "cli/commands.h"

namespace civicdesk::cli {

namespace {

struct ImportCmdOptions {
  std::string file;
  bool create_missing = false;
  size_t max_errors = 100;
};

int import_cases(const GlobalOptions& g, const ImportCmdOptions& o) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in) return fail("Cannot read " + o.file);
  auto store = open_and_migrate(g, 1);
  if (!store) return 1;
  Services services(*store);
  auto tenant = pick_tenant(services, g);
  if (!tenant) return fail(tenant.error());
  RequestContext ctx{tenant->id, Principal::system("command line"), SystemClock().now()};
  ImportService importer(*store, services.cache);
  ImportOptions options;
  options.create_missing = o.create_missing;
  options.source = o.file;
  options.max_errors = o.max_errors;
  auto report = importer.import_cases(ctx, in, options);
  if (!report) return fail(report.error());
  if (!report->ok()) {
    for (const ImportIssue& e : report->errors)
      std::cerr << o.file << ":" << e.line << ": " << (e.column.empty() ? "" : e.column + ": ") << e.message << "\n";
    const int64_t more = report->error_count - static_cast<int64_t>(report->errors.size());
    if (more > 0) std::cerr << "... and " << more << " more problems\n";
    std::cerr << "civicdesk: " << report->error_count << (report->error_count == 1 ? " problem" : " problems")
              << " in " << report->rows << " rows of " << o.file << "; nothing was imported\n";
    return 2;
  }
  for (const auto& du : report->created_delivery_units) std::cout << "Created delivery unit " << du << "\n";
  for (const auto& c : report->created_categories) std::cout << "Created service " << c << "\n";
  for (const auto& m : report->created_members) std::cout << "Created councillor " << m << "\n";
  std::cout << "Imported " << report->imported << " cases into " << tenant->name;
  if (report->imported > 0) std::cout << " (" << report->first_reference << " ... " << report->last_reference << ")";
  std::cout << "\n";
  return 0;
}

}  // namespace

void add_import(CLI::App& app, GlobalOptions& g) {
  static ImportCmdOptions o;
  auto* cmd = app.add_subcommand("import", "Bring records over from another system");
  cmd->require_subcommand(1);
  auto* cases = cmd->add_subcommand("cases", "Import cases from a CSV file (all or nothing; see docs/import.md)");
  cases->add_option("FILE", o.file, "CSV file (UTF-8, header row)")->required()->check(CLI::ExistingFile);
  cases->add_flag("--create-missing", o.create_missing,
                  "Create delivery units, services and councillors the file names but civicdesk lacks");
  cases->add_option("--max-errors", o.max_errors, "Problems to list before summarising")->capture_default_str();
  cases->callback([&g] {
    if (int rc = import_cases(g, o); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace civicdesk::cli
