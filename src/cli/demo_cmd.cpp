#include <chrono>
#include <iostream>

#include "app/demo.h"
#include "cli/commands.h"

namespace civicdesk::cli {

namespace {

struct DemoCommandOptions {
  uint64_t seed = 2015;
  bool if_empty = false;
  std::string now;
  int customers = 20000, contacts = 100000, cases = 40000;
};

constexpr std::string_view kDemoPassword = "civicdesk-demo";

// One account per role, linked to demo records, so that every part of the
// system can be tried. Returns false (after printing why) on failure.
bool create_demo_accounts(Services& services, TenantId tenant) {
  RequestContext ctx{tenant, Principal::system("demo"), SystemClock().now(), ""};
  auto cat = services.catalogue.snapshot(ctx);
  auto customers = services.customers.list(ctx, CustomerFilter{.limit = 1});
  if (!cat || !customers || customers->items.empty()) {
    fail("cannot find demo records for the demo accounts");
    return false;
  }
  auto officer_with = [&](const std::string& du, OfficerRole role) -> std::optional<Id> {
    for (const auto& [id, o] : (*cat)->officers)
      if ((du.empty() || o.delivery_unit == du) && o.role == role) return id;
    return std::nullopt;
  };
  struct Demo {
    Role role;
    std::optional<Id> officer, member, customer;
  };
  const std::vector<Demo> demos = {
      {Role::kAdministrator, std::nullopt, std::nullopt, std::nullopt},
      {Role::kManager, officer_with("", OfficerRole::kManager), std::nullopt, std::nullopt},
      {Role::kLead, officer_with("street-scene", OfficerRole::kLead), std::nullopt, std::nullopt},
      {Role::kOfficer, officer_with("street-scene", OfficerRole::kOfficer), std::nullopt, std::nullopt},
      {Role::kAdvisor, officer_with("csg", OfficerRole::kAdvisor), std::nullopt, std::nullopt},
      {Role::kCouncillor, std::nullopt, (*cat)->members.begin()->first, std::nullopt},
      {Role::kResident, std::nullopt, std::nullopt, customers->items.front().id},
  };
  for (const Demo& d : demos) {
    NewUser u;
    u.email = std::string(to_string(d.role)) + "@barnet.example";
    u.name = "Demo " + std::string(to_string(d.role));
    u.role = d.role;
    u.password = std::string(kDemoPassword);
    u.officer_id = d.officer;
    u.member_id = d.member;
    u.customer_id = d.customer;
    if (auto made = services.accounts.create_user(ctx, u); !made) {
      fail(made.error().prefixed("demo account " + u.email));
      return false;
    }
  }
  // The Open311 client FixMyStreet (or any GeoReport v2 client) uses.
  NewToken client;
  client.name = "fixmystreet";
  client.scopes = {std::string(scope::kOpen311)};
  auto key = services.accounts.create_token(ctx, client);
  if (!key) {
    fail(key.error().prefixed("demo Open311 client"));
    return false;
  }
  std::cout << "Open311 client \"fixmystreet\": endpoint /open311/v2/, jurisdiction_id barnet, api_key (shown once):\n  "
            << *key << "\n";
  return true;
}

void print_demo_accounts(Services& services, TenantId tenant) {
  RequestContext ctx{tenant, Principal::system("demo"), SystemClock().now(), ""};
  auto users = services.accounts.list_users(ctx);
  if (!users || users->empty()) return;
  std::cout << "Demo accounts (password \"" << kDemoPassword << "\" unless changed):\n";
  for (const auto& u : *users)
    if (u.email.ends_with("@barnet.example")) std::cout << "  " << to_string(u.role) << ": " << u.email << "\n";
  std::cout << "Sign in with POST /api/v1/session, or make an API token:\n"
               "  civicdesk users token administrator@barnet.example --name my-token\n"
               "Open311 (docs/open311.md): the demo client \"fixmystreet\" has a key printed when the demo was made;\n"
               "  for a new one: civicdesk clients add NAME --scope open311\n";
}

int run_demo(const GlobalOptions& g, const DemoCommandOptions& o) {
  auto store = open_and_migrate(g, 2);
  if (!store) return 1;
  Services services(*store);
  auto existing = services.catalogue.tenants();
  if (!existing) return fail(existing.error());
  if (o.if_empty && !existing->empty()) {
    std::cout << "The database already holds " << existing->size()
              << " council(s); leaving it as it is (" << store->describe() << ")\n";
    for (const auto& t : *existing) print_demo_accounts(services, t.id);
    return 0;
  }
  DemoOptions d;
  d.seed = o.seed;
  d.customers = o.customers;
  d.contacts = o.contacts;
  d.cases = o.cases;
  if (!o.now.empty()) {
    auto t = parse_instant(o.now);
    if (!t) return fail("--now must be an instant like 2026-11-23T12:00:00Z");
    d.now = *t;
  } else {
    d.now = SystemClock().now();
  }
  auto holidays = parse_bank_holidays(bundled_bank_holidays());
  if (!holidays) return fail(holidays.error());
  d.holidays = *holidays;
  const auto start = std::chrono::steady_clock::now();
  auto summary = build_demo(services, d);
  if (!summary) return fail(summary.error());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "Demo council \"" << d.slug << "\" created in " << seconds << " s: " << summary->delivery_units
            << " delivery units, " << summary->services << " services, " << summary->wards << " wards, "
            << summary->members << " councillors, " << summary->officers << " officers, " << summary->customers
            << " customers, " << summary->contacts << " contacts, " << summary->cases << " cases\n";
  if (!create_demo_accounts(services, summary->tenant)) return 1;
  print_demo_accounts(services, summary->tenant);
  return 0;
}

}  // namespace

void add_demo(CLI::App& app, GlobalOptions& g) {
  static DemoCommandOptions o;
  auto* cmd = app.add_subcommand("demo", "Create the demo council (a London borough with two years of history)");
  cmd->add_option("--seed", o.seed, "Random seed: the same seed gives the same council")->capture_default_str();
  cmd->add_flag("--if-empty", o.if_empty, "Do nothing if the database already has a council");
  cmd->add_option("--now", o.now, "End of the generated history (default: now)");
  cmd->add_option("--customers", o.customers, "Customers to generate")->check(CLI::Range(10, 10000000))->capture_default_str();
  cmd->add_option("--contacts", o.contacts, "Contacts to generate")->check(CLI::Range(10, 100000000))->capture_default_str();
  cmd->add_option("--cases", o.cases, "Cases to generate")->check(CLI::Range(10, 100000000))->capture_default_str();
  cmd->callback([&g] {
    if (int rc = run_demo(g, o); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace civicdesk::cli
