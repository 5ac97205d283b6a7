// The civicdesk command line: each subcommand is a thin shell over library
// code (app/, http/, store/). main.cpp wires them into CLI11.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "app/services.h"
#include "outbox/config.h"
#include "store/store.h"

namespace civicdesk::cli {

// Options every subcommand shares.
struct GlobalOptions {
  std::string db = "sqlite:data/civicdesk.db";  // --db, CIVICDESK_DB
  std::string tenant;                           // --tenant, CIVICDESK_TENANT
  std::string log_level = "info";
};

// Opens the store and applies migrations. Prints a clear error and returns
// nullptr when the database cannot be used.
std::unique_ptr<Store> open_and_migrate(const GlobalOptions& g, int pool_size = 8);

// The council a command acts on: --tenant, or the only one there is.
Result<Tenant> pick_tenant(Services& services, const GlobalOptions& g);

// A command acting as the system on one council: the store, the services
// and the request context. nullopt after printing why not.
struct CouncilCommand {
  std::unique_ptr<Store> store;
  std::unique_ptr<Services> services;
  RequestContext ctx;
};
std::optional<CouncilCommand> open_council(const GlobalOptions& g);

// Prints an error the way every command does ("civicdesk: <message>").
int fail(const Error& e);
int fail(const std::string& message);

// The bank holidays bundled with civicdesk (data/bank-holidays.json,
// compiled in).
std::string_view bundled_bank_holidays();

void add_serve(CLI::App& app, GlobalOptions& g);
void add_migrate(CLI::App& app, GlobalOptions& g);
void add_demo(CLI::App& app, GlobalOptions& g);
void add_calendar(CLI::App& app, GlobalOptions& g);
void add_migrate_store(CLI::App& app, GlobalOptions& g);
void add_accounts(CLI::App& app, GlobalOptions& g);
void add_privacy(CLI::App& app, GlobalOptions& g);  // retention run, audit export
void add_import(CLI::App& app, GlobalOptions& g);   // import cases
void add_enquiries(CLI::App& app, GlobalOptions& g);  // enquiries remind
void add_report(CLI::App& app, GlobalOptions& g);   // committee reports
void add_outbox(CLI::App& app, GlobalOptions& g);   // outbox deliver, list, retry, cancel
void add_webhooks(CLI::App& app, GlobalOptions& g);  // back-office webhook endpoints
// The SMTP, GOV.UK Notify and timeout options of `serve` and `outbox deliver`.
void add_delivery_options(CLI::App* cmd, outbox::DeliveryOptions& d);
void add_boundary(CLI::App& app, GlobalOptions& g);  // the council's boundary (GeoJSON)

}  // namespace civicdesk::cli
