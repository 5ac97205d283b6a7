// `civicdesk outbox ...` and `civicdesk webhooks ...`: the outbox from the
// command line (deliver what is due, for cron when `serve` runs with
// --outbox-workers 0; list; retry a dead letter; cancel), and the
// back-office systems that receive signed webhooks. The delivery options are
// shared with `serve` (add_delivery_options).
#include <iostream>

#include "cli/commands.h"
#include "outbox/config.h"

namespace civicdesk::cli {

namespace {

int deliver(const GlobalOptions& g, const outbox::DeliveryOptions& d) {
  auto store = open_and_migrate(g, 2);
  if (!store) return 1;
  auto routes = outbox::delivery_routes(d, *store);
  if (!routes) return fail(routes.error());
  SystemClock clock;
  outbox::WorkerOptions wo;
  wo.timeout = d.timeout;
  outbox::WorkerRun total;
  for (const auto& route : *routes) {
    auto transport = route.make();
    outbox::OutboxWorker worker(*store, *transport, route.channels, wo, clock);
    auto run = worker.run_until_idle();
    if (!run) return fail(run.error());
    total += *run;
  }
  std::cout << "Delivered " << total.sent << " message(s); " << total.retried << " to try again later; "
            << total.failed << " failed for good\n";
  return 0;
}

int list(const GlobalOptions& g, const std::string& status, const std::string& channel, int limit) {
  auto o = open_council(g);
  if (!o) return 1;
  OutboxFilter f;
  f.status = status;
  f.channel = channel;
  f.limit = limit;
  auto page = o->services->messages.list(o->ctx, f);
  if (!page) return fail(page.error());
  for (const OutboxMessage& m : page->items)
    std::cout << m.id << "\t" << format_instant(m.created_at) << "\t" << m.status << "\t" << m.channel << "\t"
              << m.recipient.substr(0, m.recipient.find('\n')) << "\t" << m.subject
              << (m.last_error.empty() ? "" : "\t" + m.last_error) << "\n";
  return 0;
}

int change(const GlobalOptions& g, Id id, bool retry) {
  auto o = open_council(g);
  if (!o) return 1;
  auto m = retry ? o->services->messages.retry(o->ctx, id) : o->services->messages.cancel(o->ctx, id);
  if (!m) return fail(m.error());
  std::cout << "Message " << m->id << " is now " << m->status << "\n";
  return 0;
}

int add_webhook(const GlobalOptions& g, const std::string& name, const std::string& url, bool rotate,
                const std::optional<std::string>& client) {
  auto o = open_council(g);
  if (!o) return 1;
  auto out = o->services->messages.put_endpoint(o->ctx, name, url, true, rotate, client);
  if (!out) return fail(out.error());
  std::cout << (out->created ? "Added" : "Updated") << " webhook endpoint " << name << " -> " << url << "\n";
  if (!out->endpoint.secret.empty())
    std::cout << "Its signing secret (shown once; give it to the receiving system):\n" << out->endpoint.secret << "\n";
  return 0;
}

int list_webhooks(const GlobalOptions& g) {
  auto o = open_council(g);
  if (!o) return 1;
  auto all = o->services->messages.endpoints(o->ctx);
  if (!all) return fail(all.error());
  for (const auto& e : *all)
    std::cout << e.name << "\t" << e.url << "\t" << (e.active ? "active" : "paused")
              << (e.client.empty() ? "" : "\tclient " + e.client) << "\n";
  return 0;
}

int remove_webhook(const GlobalOptions& g, const std::string& name) {
  auto o = open_council(g);
  if (!o) return 1;
  if (auto s = o->services->messages.delete_endpoint(o->ctx, name); !s) return fail(s.error());
  std::cout << "Removed webhook endpoint " << name << "\n";
  return 0;
}

// Sends `category`'s new cases to `endpoint` ("" stops it).
int forward(const GlobalOptions& g, const std::string& category, const std::string& endpoint) {
  auto o = open_council(g);
  if (!o) return 1;
  auto out = o->services->back_office.set_forwarding(o->ctx, category, endpoint);
  if (!out) return fail(out.error());
  if (endpoint.empty()) std::cout << "New " << category << " cases are no longer forwarded\n";
  else std::cout << "New " << category << " cases are forwarded to " << endpoint << "\n";
  return 0;
}

template <typename F>
void run_or_throw(CLI::App* cmd, F f) {
  cmd->callback([f] {
    if (int rc = f(); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace

void add_delivery_options(CLI::App* cmd, outbox::DeliveryOptions& d) {
  cmd->add_option("--smtp-url", d.smtp.url, "Send email through this SMTP relay: smtp://host:port (STARTTLS) or smtps://")
      ->envname("CIVICDESK_SMTP_URL");
  cmd->add_option("--smtp-from", d.smtp.from, "The address email is sent from")->envname("CIVICDESK_SMTP_FROM");
  cmd->add_option("--smtp-from-name", d.smtp.from_name, "The name email is sent from (e.g. the council's)")
      ->envname("CIVICDESK_SMTP_FROM_NAME");
  cmd->add_option("--smtp-user", d.smtp.user, "SMTP user name")->envname("CIVICDESK_SMTP_USER");
  cmd->add_option("--smtp-password", d.smtp.password, "SMTP password (prefer the environment variable)")
      ->envname("CIVICDESK_SMTP_PASSWORD");
  cmd->add_option("--smtp-tls", d.smtp.tls, "STARTTLS: try (if offered), required, or off")
      ->envname("CIVICDESK_SMTP_TLS")
      ->capture_default_str();
  cmd->add_option("--notify-base-url", d.notify.base_url, "GOV.UK Notify's API address")
      ->envname("CIVICDESK_NOTIFY_BASE_URL")
      ->capture_default_str();
  cmd->add_option("--notify-api-key", d.notify.api_key, "GOV.UK Notify API key (prefer the environment variable)")
      ->envname("CIVICDESK_NOTIFY_API_KEY");
  cmd->add_option("--notify-email-template", d.notify.email_template,
                  "Notify template id for email: subject ((subject)), body ((body))")
      ->envname("CIVICDESK_NOTIFY_EMAIL_TEMPLATE");
  cmd->add_option("--notify-sms-template", d.notify.sms_template, "Notify template id for text messages: ((body))")
      ->envname("CIVICDESK_NOTIFY_SMS_TEMPLATE");
  cmd->add_option("--notify-letter-template", d.notify.letter_template,
                  "Notify template id for letters: heading ((subject)), body ((body))")
      ->envname("CIVICDESK_NOTIFY_LETTER_TEMPLATE");
  cmd->add_option("--notify-email-reply-to-id", d.notify.email_reply_to_id, "Notify email reply-to id (optional)")
      ->envname("CIVICDESK_NOTIFY_EMAIL_REPLY_TO_ID");
  cmd->add_option("--notify-sms-sender-id", d.notify.sms_sender_id, "Notify text message sender id (optional)")
      ->envname("CIVICDESK_NOTIFY_SMS_SENDER_ID");
  cmd->add_option_function<int>(
         "--outbox-timeout", [&d](int s) { d.timeout = std::chrono::seconds(s); },
         "Seconds a provider has to take one message before it is tried again later (default 30)")
      ->envname("CIVICDESK_OUTBOX_TIMEOUT")
      ->check(CLI::Range(1, 600));
}

void add_outbox(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("outbox", "Messages waiting to be sent, sent and failed (docs/notifications.md)");
  cmd->require_subcommand(1);

  auto* deliver_cmd = cmd->add_subcommand("deliver", "Send every message that is due, then stop");
  auto d = std::make_shared<outbox::DeliveryOptions>();
  add_delivery_options(deliver_cmd, *d);
  run_or_throw(deliver_cmd, [&g, d] { return deliver(g, *d); });

  auto* list_cmd = cmd->add_subcommand("list", "The newest messages, with their status and last error");
  auto status = std::make_shared<std::string>();
  auto channel = std::make_shared<std::string>();
  auto limit = std::make_shared<int>(50);
  list_cmd->add_option("--status", *status, "Only queued, sending, sent, failed (dead letters) or cancelled");
  list_cmd->add_option("--channel", *channel, "Only email, sms, letter or webhook");
  list_cmd->add_option("--limit", *limit, "How many")->check(CLI::Range(1, 500));
  run_or_throw(list_cmd, [&g, status, channel, limit] { return list(g, *status, *channel, *limit); });

  for (bool retry : {true, false}) {
    auto* c = cmd->add_subcommand(retry ? "retry" : "cancel",
                                  retry ? "Put a failed or cancelled message back in the queue" : "Never send a message");
    auto id = std::make_shared<Id>(0);
    c->add_option("ID", *id, "The message's id (from outbox list)")->required();
    run_or_throw(c, [&g, id, retry] { return change(g, *id, retry); });
  }
}

void add_webhooks(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("webhooks", "Back-office systems that receive signed webhooks");
  cmd->require_subcommand(1);
  auto* add = cmd->add_subcommand("add", "Add an endpoint (prints its signing secret once), or change its address");
  auto name = std::make_shared<std::string>();
  auto url = std::make_shared<std::string>();
  auto rotate = std::make_shared<bool>(false);
  add->add_option("NAME", *name, "Lower-case letters, digits and hyphens")->required();
  add->add_option("--url", *url, "Where to post")->required();
  add->add_flag("--rotate-secret", *rotate, "Issue a new signing secret");
  auto client = std::make_shared<std::optional<std::string>>();
  add->add_option("--client", *client,
                  "The client system (civicdesk clients add NAME --scope backoffice) that posts updates back for "
                  "the cases sent here, signed with this endpoint's secret (\"\" for none)");
  run_or_throw(add, [&g, name, url, rotate, client] { return add_webhook(g, *name, *url, *rotate, *client); });
  auto* ls = cmd->add_subcommand("list", "List the endpoints");
  run_or_throw(ls, [&g] { return list_webhooks(g); });
  auto* rm = cmd->add_subcommand("remove", "Remove an endpoint");
  auto rm_name = std::make_shared<std::string>();
  rm->add_option("NAME", *rm_name)->required();
  run_or_throw(rm, [&g, rm_name] { return remove_webhook(g, *rm_name); });

  auto* fwd = cmd->add_subcommand("forward", "Forward a service's new cases to an endpoint (docs/back-office.md)");
  auto category = std::make_shared<std::string>();
  auto endpoint = std::make_shared<std::string>();
  auto stop = std::make_shared<bool>(false);
  fwd->add_option("CATEGORY", *category, "The service (category code)")->required();
  auto* to = fwd->add_option("--to", *endpoint, "The endpoint's name (webhooks list)");
  fwd->add_flag("--stop", *stop, "Stop forwarding")->excludes(to);
  run_or_throw(fwd, [&g, category, endpoint, stop] {
    if (!*stop && endpoint->empty()) return fail("Give the endpoint with --to NAME, or --stop");
    return forward(g, *category, *endpoint);
  });
}

}  // namespace civicdesk::cli
