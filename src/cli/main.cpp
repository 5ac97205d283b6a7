// civicdesk: customer service and case management for UK councils.
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "log/log.h"

int main(int argc, char** argv) {
  using namespace civicdesk;
  CLI::App app{"civicdesk: customer service and case management for UK councils"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "civicdesk 0.1.0");
  cli::GlobalOptions g;
  app.add_option("--db", g.db, "Database URL: sqlite:PATH or postgres://user@host:port/dbname")
      ->envname("CIVICDESK_DB")
      ->capture_default_str();
  app.add_option("--tenant", g.tenant, "Council (slug) to act on, when there is more than one")
      ->envname("CIVICDESK_TENANT");
  app.add_option("--log-level", g.log_level, "debug, info, warn or error")
      ->envname("CIVICDESK_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();
  app.parse_complete_callback([&] {
    using log::Level;
    log::set_level(g.log_level == "debug" ? Level::kDebug
                   : g.log_level == "warn" ? Level::kWarn
                   : g.log_level == "error" ? Level::kError
                                            : Level::kInfo);
  });

  cli::add_serve(app, g);
  cli::add_migrate(app, g);
  cli::add_demo(app, g);
  cli::add_calendar(app, g);
  cli::add_migrate_store(app, g);
  cli::add_accounts(app, g);
  cli::add_boundary(app, g);
  cli::add_privacy(app, g);
  cli::add_import(app, g);
  cli::add_enquiries(app, g);
  cli::add_report(app, g);
  cli::add_outbox(app, g);
  cli::add_webhooks(app, g);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "civicdesk: unexpected error: " << e.what() << "\n";
    return 70;  // EX_SOFTWARE
  }
  return 0;
}
