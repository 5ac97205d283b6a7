#include <iostream>

#include "cli/commands.h"

namespace civicdesk::cli {

int fail(const Error& e) {
  std::cerr << "civicdesk: " << e.message;
  if (!e.field.empty()) std::cerr << " (" << e.field << ")";
  std::cerr << "\n";
  return e.kind() == ErrorKind::kInvalidArgument ? 2 : 1;
}

int fail(const std::string& message) {
  std::cerr << "civicdesk: " << message << "\n";
  return 1;
}

std::unique_ptr<Store> open_and_migrate(const GlobalOptions& g, int pool_size) {
  StoreOptions o;
  o.url = g.db;
  o.pool_size = pool_size;
  auto store = open_store(o);
  if (!store) {
    fail(store.error());
    return nullptr;
  }
  if (Status m = (*store)->migrate(); !m) {
    fail(m.error());
    return nullptr;
  }
  return std::move(*store);
}

std::optional<CouncilCommand> open_council(const GlobalOptions& g) {
  CouncilCommand o;
  o.store = open_and_migrate(g, 1);
  if (!o.store) return std::nullopt;
  o.services = std::make_unique<Services>(*o.store);
  auto tenant = pick_tenant(*o.services, g);
  if (!tenant) {
    fail(tenant.error());
    return std::nullopt;
  }
  o.ctx = RequestContext{tenant->id, Principal::system("command line"), SystemClock().now(), ""};
  return o;
}

Result<Tenant> pick_tenant(Services& services, const GlobalOptions& g) {
  if (!g.tenant.empty()) return services.catalogue.tenant_by_slug(g.tenant);
  ASSIGN_OR_RETURN(auto tenants, services.catalogue.tenants());
  if (tenants.size() == 1) return tenants.front();
  if (tenants.empty()) return not_found("There is no council yet: run `civicdesk demo` or create one");
  std::string names;
  for (const auto& t : tenants) names += (names.empty() ? "" : ", ") + t.slug;
  return Error(ErrorCode::kInvalidConfig, "There are several councils (" + names + "): choose one with --tenant");
}

void add_migrate(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("migrate", "Create or upgrade the database schema");
  cmd->callback([&g] {
    auto store = open_and_migrate(g, 1);
    if (!store) throw CLI::RuntimeError(1);
    auto v = store->schema_version();
    std::cout << "Database " << store->describe() << " is at schema version " << (v ? *v : 0) << "\n";
  });
}

}  // namespace civicdesk::cli
