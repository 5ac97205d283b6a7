#include <iomanip>
#include <iostream>

#include "cli/commands.h"
#include "store/copy.h"

namespace civicdesk::cli {

namespace {

struct MigrateStoreOptions {
  std::string from, to;
  int batch = 500;
  bool quiet = false;
};

int migrate_store(const GlobalOptions& g, const MigrateStoreOptions& o) {
  CopyOptions c;
  c.from_url = o.from;
  c.to_url = o.to;
  c.batch_rows = o.batch;
  if (!g.tenant.empty()) c.tenant = g.tenant;
  std::string last_table;
  if (!o.quiet)
    c.progress = [&](const std::string& table, int64_t rows) {
      if (table != last_table && !last_table.empty()) std::cerr << "\n";
      last_table = table;
      std::cerr << "\r  copying " << table << ": " << rows << " rows" << std::flush;
    };
  auto report = copy_store(c);
  if (!last_table.empty()) std::cerr << "\n";
  if (!report) return fail(report.error());
  std::cout << std::left << std::setw(22) << "table" << std::right << std::setw(12) << "source" << std::setw(12)
            << "target" << "  checksum\n";
  for (const auto& t : report->tables)
    std::cout << std::left << std::setw(22) << t.table << std::right << std::setw(12) << t.source_rows
              << std::setw(12) << t.target_rows << "  " << (t.matches() ? "match " : "DIFFERS ")
              << t.source_sha256.substr(0, 16) << "\n";
  if (!report->ok()) {
    std::cerr << "civicdesk: the copy does not match the source (was the source written to meanwhile?); run "
                 "migrate-store again\n";
    return 1;
  }
  std::cout << "Copied and verified " << report->tables.size() << " tables to " << redact_url(o.to) << "\n";
  return 0;
}

}  // namespace

void add_migrate_store(CLI::App& app, GlobalOptions& g) {
  static MigrateStoreOptions o;
  auto* cmd = app.add_subcommand("migrate-store",
                                 "Copy councils from the embedded SQLite database to PostgreSQL, and verify the copy "
                                 "(safe to run again after an interruption)");
  cmd->add_option("--from", o.from, "Source: sqlite:PATH")->required();
  cmd->add_option("--to", o.to, "Target: postgres://user@host:port/dbname")->required();
  cmd->add_option("--batch", o.batch, "Rows per committed batch")->check(CLI::Range(1, 10000))->capture_default_str();
  cmd->add_flag("--quiet", o.quiet, "No progress output");
  cmd->callback([&g] {
    if (int rc = migrate_store(g, o); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace civicdesk::cli
