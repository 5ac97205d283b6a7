// `civicdesk retention run [--dry-run]` and `civicdesk audit export`: the
// retention job (for cron or a systemd timer) and the audit trail as CSV.
// Both act as the system on the council chosen by --tenant; both are
// recorded in the audit trail like the same actions through the API.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/privacy.h"
#include "cli/commands.h"

namespace civicdesk::cli {

namespace {

struct RetentionOptions {
  bool dry_run = false;
};

struct AuditExportOptions {
  std::string from, to, output;
};

RequestContext system_context(TenantId tenant, const std::string& name) {
  return RequestContext{tenant, Principal::system(name), SystemClock().now(), ""};
}

int run_retention(const GlobalOptions& g, const RetentionOptions& o) {
  auto store = open_and_migrate(g, 2);
  if (!store) return 1;
  Services services(*store);
  auto tenant = pick_tenant(services, g);
  if (!tenant) return fail(tenant.error());
  auto report = services.privacy.run_retention(system_context(tenant->id, "retention"), o.dry_run);
  if (!report) return fail(report.error());
  std::cout << (o.dry_run ? "Dry run on " : "Retention run on ") << format_date(report->today) << " for "
            << tenant->name << ": " << report->total() << " closed case(s) "
            << (o.dry_run ? "would be anonymised" : "anonymised") << "\n";
  for (const RetentionTypeReport& t : report->types) {
    std::cout << "  " << to_string(t.type) << " (kept " << t.keep_years << " years after closure): "
              << t.references.size();
    for (size_t i = 0; i < t.references.size(); ++i) std::cout << (i == 0 ? ": " : ", ") << t.references[i];
    std::cout << "\n";
  }
  if (!report->without_rule.empty()) {
    std::cout << "  Kept, no retention rule:";
    for (CaseType t : report->without_rule) std::cout << " " << to_string(t);
    std::cout << "\n";
  }
  return 0;
}

// A date (from: its start; to: inclusive, up to its end) or an instant with
// an offset.
std::optional<Instant> parse_bound(const std::string& text, bool end_of_day) {
  if (auto t = parse_instant(text)) return t;
  if (auto d = parse_date(text)) return london_start_of_day(end_of_day ? *d + std::chrono::days{1} : *d);
  return std::nullopt;
}

int export_audit(const GlobalOptions& g, const AuditExportOptions& o) {
  AuditFilter f;
  if (!o.from.empty() && !(f.from = parse_bound(o.from, false)))
    return fail(invalid_field("--from", "Give a date like 2026-03-31 or a time with an offset"));
  if (!o.to.empty() && !(f.to = parse_bound(o.to, true)))
    return fail(invalid_field("--to", "Give a date like 2026-03-31 or a time with an offset"));
  if (f.from && f.to && *f.to <= *f.from) return fail(invalid_field("--to", "--to must be after --from"));
  auto store = open_and_migrate(g, 2);
  if (!store) return 1;
  Services services(*store);
  auto tenant = pick_tenant(services, g);
  if (!tenant) return fail(tenant.error());

  std::ofstream file;
  if (!o.output.empty()) {
    file.open(o.output, std::ios::binary | std::ios::trunc);
    if (!file) return fail("cannot write " + o.output);
  }
  std::ostream& out = o.output.empty() ? std::cout : file;
  std::string buf;
  append_audit_csv_header(buf);
  int64_t rows = 0;
  Status s = services.privacy.export_audit(system_context(tenant->id, "audit export"), f,
                                           [&](const AuditEntry& e) -> Status {
                                             append_audit_csv_row(buf, e);
                                             ++rows;
                                             if (buf.size() >= 64 * 1024) {
                                               out << buf;
                                               buf.clear();
                                             }
                                             return out ? Status{} : Status(Error(ErrorCode::kUnavailable, "write failed"));
                                           });
  out << buf;
  out.flush();
  if (s && !out) s = Error(ErrorCode::kUnavailable, "cannot write " + (o.output.empty() ? "the output" : o.output));
  if (!s) {
    if (!o.output.empty()) {
      file.close();
      std::remove(o.output.c_str());  // no half-written export left behind
    }
    return fail(s.error());
  }
  if (!o.output.empty()) std::cerr << "Wrote " << rows << " audit entries to " << o.output << "\n";
  return 0;
}

}  // namespace

void add_privacy(CLI::App& app, GlobalOptions& g) {
  auto* retention = app.add_subcommand("retention", "Retention of closed cases (docs/data-protection.md)");
  retention->require_subcommand(1);
  auto* run = retention->add_subcommand(
      "run", "Anonymise every closed case whose retention period has ended (types without a rule are kept)");
  auto ro = std::make_shared<RetentionOptions>();
  run->add_flag("--dry-run", ro->dry_run, "Report what would be anonymised and change nothing");
  run->callback([&g, ro] {
    if (int rc = run_retention(g, *ro); rc != 0) throw CLI::RuntimeError(rc);
  });

  auto* audit = app.add_subcommand("audit", "The audit trail");
  audit->require_subcommand(1);
  auto* exp = audit->add_subcommand("export", "Write the audit trail as CSV, oldest entry first");
  auto ao = std::make_shared<AuditExportOptions>();
  exp->add_option("--from", ao->from, "First day (2026-01-01) or instant (2026-01-01T09:00:00Z) to include");
  exp->add_option("--to", ao->to, "Last day to include (inclusive), or an instant to stop before");
  exp->add_option("--output,-o", ao->output, "File to write (default: standard output)");
  exp->callback([&g, ao] {
    if (int rc = export_audit(g, *ao); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace civicdesk::cli
