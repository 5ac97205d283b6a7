#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"

namespace civicdesk::cli {

namespace {

struct CalendarOptions {
  std::string file;
  std::string from, to;
  std::string date;
  int days = 0;
  std::string counting = "from_next_working_day";
};

int import_calendar(const GlobalOptions& g, const CalendarOptions& o) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in) return fail("Cannot read " + o.file);
  std::stringstream text;
  text << in.rdbuf();
  auto store = open_and_migrate(g, 1);
  if (!store) return 1;
  Services services(*store);
  auto tenant = pick_tenant(services, g);
  if (!tenant) return fail(tenant.error());
  RequestContext ctx{tenant->id, Principal::system("command line"), SystemClock().now()};
  auto n = services.catalogue.import_calendar(ctx, text.str());
  if (!n) {
    Error e = n.error();
    return fail(e.prefix(o.file));
  }
  std::cout << "Loaded " << *n << " bank holidays into the calendar of " << tenant->name << "\n";
  return 0;
}

int list_calendar(const GlobalOptions& g, const CalendarOptions& o) {
  auto store = open_and_migrate(g, 1);
  if (!store) return 1;
  Services services(*store);
  auto tenant = pick_tenant(services, g);
  if (!tenant) return fail(tenant.error());
  RequestContext ctx{tenant->id, Principal::system("command line"), SystemClock().now()};
  auto cat = services.catalogue.snapshot(ctx);
  if (!cat) return fail(cat.error());
  auto from = o.from.empty() ? std::optional<LocalDate>() : parse_date(o.from);
  auto to = o.to.empty() ? std::optional<LocalDate>() : parse_date(o.to);
  if ((!o.from.empty() && !from) || (!o.to.empty() && !to)) return fail("Dates look like 2026-12-25");
  for (const auto& h : (*cat)->holidays) {
    if ((from && h.date < *from) || (to && h.date > *to)) continue;
    std::cout << format_date(h.date) << "  " << division_key(h.division) << "  " << h.title
              << (h.notes.empty() ? "" : " (" + h.notes + ")") << "\n";
  }
  return 0;
}

// Answers "when is it due?" the way cases are counted, to check a calendar.
int due_date(const GlobalOptions& g, const CalendarOptions& o) {
  auto received = parse_instant_or_london(o.date);
  if (!received) {
    if (auto d = parse_date(o.date)) received = london_local_to_instant(*d, 12, 0, 0);
  }
  if (!received) return fail("Give the date received like 2015-12-18 or 2015-12-18T16:30:00Z");
  auto counting = parse_counting_rule(o.counting);
  if (!counting) return fail(counting.error());
  auto store = open_and_migrate(g, 1);
  if (!store) return 1;
  Services services(*store);
  auto tenant = pick_tenant(services, g);
  if (!tenant) return fail(tenant.error());
  RequestContext ctx{tenant->id, Principal::system("command line"), SystemClock().now()};
  auto cat = services.catalogue.snapshot(ctx);
  if (!cat) return fail(cat.error());
  SlaPolicy p;
  p.code = "check";
  p.resolve_days = o.days;
  p.counting = *counting;
  const SlaClock clock = start_clock(p, (*cat)->council_calendar, *received);
  std::cout << "Received " << format_date(clock.received_on) << ", start day " << format_date(clock.start_day)
            << ", due after " << o.days << " working days: " << format_date(*clock.resolve_by) << "\n";
  return 0;
}

}  // namespace

void add_calendar(CLI::App& app, GlobalOptions& g) {
  static CalendarOptions o;
  auto* cmd = app.add_subcommand("calendar", "The council's working-day calendar");
  cmd->require_subcommand(1);
  auto* imp = cmd->add_subcommand("import", "Replace the calendar from a GOV.UK bank-holidays.json file");
  imp->add_option("FILE", o.file, "bank-holidays.json (https://www.gov.uk/bank-holidays.json format)")
      ->required()
      ->check(CLI::ExistingFile);
  imp->callback([&g] {
    if (int rc = import_calendar(g, o); rc != 0) throw CLI::RuntimeError(rc);
  });
  auto* list = cmd->add_subcommand("list", "List the bank holidays in the calendar");
  list->add_option("--from", o.from, "First date (YYYY-MM-DD)");
  list->add_option("--to", o.to, "Last date (YYYY-MM-DD)");
  list->callback([&g] {
    if (int rc = list_calendar(g, o); rc != 0) throw CLI::RuntimeError(rc);
  });
  auto* due = cmd->add_subcommand("due", "Work out a due date: received DATE, N working days");
  due->add_option("DATE", o.date, "When it was received")->required();
  due->add_option("DAYS", o.days, "Working days allowed")->required()->check(CLI::Range(0, 365));
  due->add_option("--counting", o.counting, "from_next_working_day (council) or after_receipt (FOI)")
      ->capture_default_str();
  due->callback([&g] {
    if (int rc = due_date(g, o); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace civicdesk::cli
