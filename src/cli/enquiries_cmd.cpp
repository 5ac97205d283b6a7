// `civicdesk enquiries remind [--at INSTANT]`: the Members' Enquiry reminder
// run (delivery units on the working day before the respond-by date and once
// overdue, the ME team on diarised dates), for cron when `serve` runs with
// --reminders-every 0; then the delivery-unit leads' daily digest of cases due
// and overdue (docs/notifications.md; --no-digest skips it). Acts as the
// system on the council chosen by --tenant.
#include <iostream>

#include "cli/commands.h"

namespace civicdesk::cli {

namespace {

struct RemindOptions {
  std::string at;  // default: now
  bool digest = true;  // also the delivery-unit leads' daily digest
};

int remind(const GlobalOptions& g, const RemindOptions& o) {
  Instant now = SystemClock().now();
  if (!o.at.empty()) {
    auto t = parse_instant(o.at);
    if (!t) return fail("--at must be a time with an offset, like 2026-03-31T08:00:00Z");
    now = *t;
  }
  auto store = open_and_migrate(g, 2);
  if (!store) return 1;
  Services services(*store);
  auto tenant = pick_tenant(services, g);
  if (!tenant) return fail(tenant.error());
  auto run = services.enquiries.run_reminders(RequestContext{tenant->id, Principal::system("reminders"), now, ""});
  if (!run) return fail(run.error());
  std::cout << "Reminders for " << tenant->name << " on " << format_date(london_date(now)) << ": "
            << run->cases_checked << " enquiries checked, " << run->prompts << " prompt(s) sent\n";
  if (o.digest) {
    auto digest = services.notifications.run_digest(RequestContext{tenant->id, Principal::system("digest"), now, ""});
    if (!digest) return fail(digest.error());
    std::cout << "Leads' digest: " << digest->delivery_units << " delivery unit(s) with cases due or overdue, "
              << digest->messages << " lead(s) told (once a day each)\n";
  }
  return 0;
}

}  // namespace

void add_enquiries(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("enquiries", "Members' Enquiries (docs/members-enquiries.md)");
  cmd->require_subcommand(1);
  auto* run = cmd->add_subcommand("remind", "Send the Members' Enquiry reminders that are due");
  auto o = std::make_shared<RemindOptions>();
  run->add_option("--at", o->at, "Act as if it were this time (default: now)");
  run->add_flag("!--no-digest", o->digest, "Skip the delivery-unit leads' daily digest (docs/notifications.md)");
  run->callback([&g, o] {
    if (int rc = remind(g, *o); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace civicdesk::cli
