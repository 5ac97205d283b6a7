// `civicdesk boundary set FILE | show | clear`: the council's area as GeoJSON
// (docs/locations.md). Reports with a point outside it are refused.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"

namespace civicdesk::cli {

namespace {

int with_council(const GlobalOptions& g, const std::function<int(Services&, const RequestContext&)>& fn) {
  auto store = open_and_migrate(g, 1);
  if (!store) return 1;
  Services services(*store);
  auto tenant = pick_tenant(services, g);
  if (!tenant) return fail(tenant.error());
  const RequestContext ctx{tenant->id, Principal::system("command line"), SystemClock().now(), ""};
  return fn(services, ctx);
}

}  // namespace

void add_boundary(CLI::App& app, GlobalOptions& g) {
  static std::string file;
  auto* cmd = app.add_subcommand("boundary", "The council's boundary (GeoJSON): reports outside it are refused");
  cmd->require_subcommand(1);
  auto* set = cmd->add_subcommand("set", "Set the boundary from a GeoJSON Polygon or MultiPolygon file");
  set->add_option("FILE", file, "GeoJSON file (a geometry, Feature or FeatureCollection)")->required();
  set->callback([&g] {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw CLI::RuntimeError(fail("Cannot read " + file));
    std::ostringstream text;
    text << in.rdbuf();
    const int rc = with_council(g, [&](Services& s, const RequestContext& ctx) {
      if (Status st = s.locations.set_boundary(ctx, text.str()); !st) return fail(st.error());
      std::cout << "Boundary set from " << file << "\n";
      return 0;
    });
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
  auto* show = cmd->add_subcommand("show", "Print the boundary as GeoJSON");
  show->callback([&g] {
    const int rc = with_council(g, [](Services& s, const RequestContext& ctx) {
      auto b = s.locations.boundary(ctx);
      if (!b) return fail(b.error());
      std::cout << (b->empty() ? "No boundary is set: every point is accepted" : *b) << "\n";
      return 0;
    });
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
  auto* clear = cmd->add_subcommand("clear", "Remove the boundary (every point is then accepted)");
  clear->callback([&g] {
    const int rc = with_council(g, [](Services& s, const RequestContext& ctx) {
      if (Status st = s.locations.set_boundary(ctx, ""); !st) return fail(st.error());
      std::cout << "Boundary removed\n";
      return 0;
    });
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace civicdesk::cli
