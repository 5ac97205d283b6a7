#include <condition_variable>
#include <csignal>
#include <iostream>
#include <mutex>
#include <thread>

#include "cli/commands.h"
#include "http/api/api.h"
#include "http/pipeline.h"
#include "http/server.h"
#include "http/tls.h"
#include "log/log.h"
#include "web/map.h"
#include "web/web.h"

namespace civicdesk::cli {

namespace {

struct ServeOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  int threads = 0;    // 0: chosen for the database (see tuned())
  int pool_size = 0;
  size_t body_limit = 1024 * 1024;
  size_t max_upload_bytes = 10 * 1024 * 1024;  // a photo (docs/media.md)
  int max_connections = 4096;
  int request_timeout = 30;  // seconds
  int idle_timeout = 60;     // seconds
  bool access_log = false;
  int reminders_every = 15;  // minutes; 0: off
  int outbox_workers = 2;    // per transport; 0: messages wait for `civicdesk outbox deliver`
  int outbox_batch = 16;     // messages a worker leases at once
  outbox::DeliveryOptions delivery;
  std::string tls_cert, tls_key;
  std::string trusted_proxies;
  // Per client (token, user or address); 0 turns a limit off.
  double rate_limit = 50, rate_burst = 100;
  double write_rate_limit = 10, write_rate_burst = 20;
  double public_rate_limit = 10, public_rate_burst = 10;  // per minute, per address
  bool insecure_benchmark_without_auth = false;
  // The map on "Report a problem" (docs/pages.md): tile URL template ("" for
  // no map) and its attribution; the pages' CSP allows exactly its host.
  std::string map_tiles_url = std::string(web::kDefaultMapTiles);
  std::string map_attribution = std::string(web::kDefaultMapAttribution);
};

// Members' Enquiry reminders and the leads' daily digest for every council,
// every `period` (0: never),
// on a thread of its own so that a slow run never holds up a request.
class ReminderLoop {
 public:
  ReminderLoop(Services& services, std::chrono::minutes period) : services_(services), period_(period) {
    if (period_.count() > 0) thread_ = std::thread([this] { loop(); });
  }
  ~ReminderLoop() { stop(); }
  void stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void loop() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      run_once();
      lock.lock();
      wake_.wait_for(lock, period_, [this] { return stopping_; });
    }
  }
  void run_once() {
    auto tenants = services_.catalogue.tenants();
    if (!tenants) {
      log::warn("reminders_failed", {{"error", tenants.error().message}});
      return;
    }
    for (const Tenant& t : *tenants) {
      const RequestContext ctx{t.id, Principal::system("reminders"), SystemClock().now(), ""};
      auto run = services_.enquiries.run_reminders(ctx);
      if (!run) log::warn("reminders_failed", {{"tenant", t.slug}, {"error", run.error().message}});
      else if (run->prompts > 0) log::info("reminders_sent", {{"tenant", t.slug}, {"prompts", run->prompts}});
      // The leads' daily digest goes with the first run from 07:00 London
      // time (docs/notifications.md); later runs that day queue nothing new.
      const Instant local = ctx.now + std::chrono::seconds(london_utc_offset(ctx.now));
      if (local - std::chrono::floor<std::chrono::days>(local) < std::chrono::hours{7}) continue;
      auto digest = services_.notifications.run_digest(ctx);
      if (!digest) log::warn("digest_failed", {{"tenant", t.slug}, {"error", digest.error().message}});
    }
  }

  Services& services_;
  const std::chrono::minutes period_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// The hardening options as library values; invalid_config for a bad proxy
// list, an unreadable certificate or key, or the benchmark switch anywhere
// but on loopback.
Result<http::PipelineOptions> pipeline_options(const ServeOptions& o) {
  http::PipelineOptions p;
  p.access_log = o.access_log;
  ASSIGN_OR_RETURN(p.trusted_proxies, http::TrustedProxies::parse(o.trusted_proxies));
  p.rate_limits.general = {o.rate_limit, o.rate_burst};
  p.rate_limits.writes = {o.write_rate_limit, o.write_rate_burst};
  p.rate_limits.public_forms = {o.public_rate_limit / 60.0, o.public_rate_burst};
  if (o.insecure_benchmark_without_auth) {
    if (o.address != "127.0.0.1" && o.address != "::1")
      return Error(ErrorCode::kInvalidConfig, "--insecure-benchmark-without-auth works on 127.0.0.1 or ::1 only");
    if (!o.trusted_proxies.empty())
      return Error(ErrorCode::kInvalidConfig, "--insecure-benchmark-without-auth cannot be used behind a proxy");
    p.insecure_no_auth = true;
  }
  return p;
}

// Defaults measured on the benchmark machine (BENCHMARKS.md). Both
// databases: many workers, so that many writes share each group commit.
// SQLite: a few reader connections. PostgreSQL: a pool of about four per
// core, beyond which the server's processes compete with each other for the
// cores (a quarter of it commits batches of writes, PostgresStore).
ServeOptions tuned(ServeOptions o, bool postgres) {
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (o.pool_size == 0) o.pool_size = postgres ? 4 * cores : 8;
  if (o.threads == 0) o.threads = 64;
  return o;
}

int serve(const GlobalOptions& g, const ServeOptions& requested) {
  // Block the stop signals before any thread exists (the store starts some),
  // so that every thread inherits the mask and only signal_waiter takes them:
  // a stop then drains requests instead of killing the process.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const bool postgres = g.db.rfind("postgres", 0) == 0;
  const ServeOptions o = tuned(requested, postgres);
  auto store = open_and_migrate(g, o.pool_size);
  if (!store) return 1;
  media::Limits media_limits;
  media_limits.max_bytes = o.max_upload_bytes;
  Services services(*store, AccountOptions{}, media_limits);
  SystemClock clock;

  http::Router router;
  http::ApiDeps deps{services};
  http::add_api_routes(router, deps);
  web::WebDeps web_deps{services};
  web_deps.map_tiles_url = o.map_tiles_url;
  web_deps.map_attribution = o.map_attribution;
  web::add_web_routes(router, web_deps);
  auto tiles = web::tile_origin(o.map_tiles_url);
  if (!tiles) return fail(tiles.error());
  http::TenantDirectory tenants(services.catalogue, g.tenant);
  auto popts = pipeline_options(o);
  if (!popts) return fail(popts.error());
  popts->page_errors = web::page_error_renderer(web_deps);
  popts->page_csp = http::page_content_security_policy(*tiles);
  std::shared_ptr<http::TlsContext> tls;
  if (!o.tls_cert.empty() || !o.tls_key.empty()) {
    auto loaded = http::load_tls({o.tls_cert, o.tls_key});
    if (!loaded) return fail(loaded.error());
    tls = *loaded;
  }
  http::ApiPipeline pipeline(router, tenants, services.accounts, clock, std::move(*popts));
  deps.pipeline = &pipeline;
  if (o.insecure_benchmark_without_auth)
    log::warn("insecure_benchmark_without_auth", {{"detail", "every request acts as the system: benchmarks only"}});

  http::ServerOptions so;
  so.address = o.address;
  so.port = o.port;
  so.io_threads = o.io_threads;
  so.worker_threads = o.threads;
  so.read_threads = postgres ? o.pool_size : 0;
  so.body_limit = o.body_limit;
  // A photo upload's body: the photo and, for Open311, the report's form
  // fields around it (up to 10 photos there, each checked on its own).
  so.upload_body_limit = std::max(o.body_limit, o.max_upload_bytes + 2 * 1024 * 1024);
  so.max_connections = o.max_connections;
  so.request_timeout = std::chrono::seconds(o.request_timeout);
  so.idle_timeout = std::chrono::seconds(o.idle_timeout);
  so.tls = tls;
  ReminderLoop reminders(services, std::chrono::minutes(o.reminders_every));
  auto routes = outbox::delivery_routes(o.delivery, *store);
  if (!routes) return fail(routes.error());
  std::vector<std::string> delivering;
  for (const auto& r : *routes)
    for (const auto& ch : r.channels) delivering.push_back(ch + " by " + r.name);
  outbox::WorkerOptions worker_options;
  worker_options.timeout = o.delivery.timeout;
  worker_options.batch = o.outbox_batch;
  outbox::DeliveryLoop delivery(*store, o.outbox_workers > 0 ? std::move(*routes) : std::vector<outbox::DeliveryRoute>{},
                                o.outbox_workers, worker_options, std::chrono::seconds(1), clock);
  http::Server server(so, [&pipeline](http::Request& req) { return pipeline.handle(req); });
  auto port = server.listen();
  if (!port) return fail(port.error());

  std::thread signal_waiter([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    log::info("stopping", {{"signal", sig}});
    server.stop();
  });
  log::info("server_started", {{"address", o.address}, {"port", *port}, {"database", store->describe()},
                               {"io_threads", o.io_threads}, {"worker_threads", o.threads}, {"tls", tls != nullptr},
                               {"outbox_workers", o.outbox_workers}, {"delivering", delivering}});
  std::cout << "civicdesk is serving on " << (tls ? "https" : "http") << "://" << o.address << ":" << *port << "/ (database "
            << store->describe() << ")" << std::endl;
  server.run();
  reminders.stop();
  delivery.stop();
  // Wake the signal thread if the server stopped for another reason.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  return 0;
}

}  // namespace

void add_serve(CLI::App& app, GlobalOptions& g) {
  static ServeOptions o;
  auto* cmd = app.add_subcommand("serve", "Serve the pages and the API over HTTP");
  cmd->add_option("--address", o.address, "Address to listen on")->envname("CIVICDESK_ADDRESS")->capture_default_str();
  cmd->add_option("--port", o.port, "TCP port (0 picks a free one)")->envname("CIVICDESK_PORT")->capture_default_str();
  cmd->add_option("--io-threads", o.io_threads, "Event-loop threads that answer reads (default: one per core)")
      ->envname("CIVICDESK_IO_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--threads", o.threads,
                  "Worker threads for writes and exports (0: 64)")
      ->envname("CIVICDESK_THREADS")
      ->check(CLI::Range(0, 512))
      ->capture_default_str();
  cmd->add_option("--pool-size", o.pool_size,
                  "Database connections (0: 4 per core for PostgreSQL; 8 readers for SQLite)")
      ->envname("CIVICDESK_POOL_SIZE")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  cmd->add_option("--body-limit", o.body_limit, "Largest request body in bytes")
      ->envname("CIVICDESK_BODY_LIMIT")
      ->check(CLI::Range(size_t{1024}, size_t{64} << 20))
      ->capture_default_str();
  cmd->add_option("--max-upload-bytes", o.max_upload_bytes,
                  "Largest photo accepted on a case or an Open311 report, in bytes (docs/media.md)")
      ->envname("CIVICDESK_MAX_UPLOAD_BYTES")
      ->check(CLI::Range(size_t{1024}, size_t{64} << 20))
      ->capture_default_str();
  cmd->add_option("--max-connections", o.max_connections, "Open connections before new ones get 503")
      ->envname("CIVICDESK_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--request-timeout", o.request_timeout,
                  "Seconds a client has to send a whole request (and the TLS handshake), and to take each response")
      ->envname("CIVICDESK_REQUEST_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--idle-timeout", o.idle_timeout, "Seconds a kept-alive connection may sit idle")
      ->envname("CIVICDESK_IDLE_TIMEOUT")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_flag("--access-log", o.access_log, "Log every request")->envname("CIVICDESK_ACCESS_LOG");
  cmd->add_option("--reminders-every", o.reminders_every,
                  "Minutes between Members' Enquiry reminder runs (0: off; run `civicdesk enquiries remind` instead)")
      ->check(CLI::Range(0, 1440))
      ->envname("CIVICDESK_REMINDERS_EVERY");
  cmd->add_option("--outbox-workers", o.outbox_workers,
                  "Delivery threads per transport (SMTP, Notify, webhooks); 0: off, run `civicdesk outbox deliver`")
      ->envname("CIVICDESK_OUTBOX_WORKERS")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  cmd->add_option("--outbox-batch", o.outbox_batch,
                  "Messages a delivery thread leases at once (their lease lasts --outbox-timeout x (batch + 1) + 5 s)")
      ->envname("CIVICDESK_OUTBOX_BATCH")
      ->check(CLI::Range(1, 500))
      ->capture_default_str();
  add_delivery_options(cmd, o.delivery);
  cmd->add_option("--tls-cert", o.tls_cert, "PEM certificate chain: serve HTTPS natively (with --tls-key)")
      ->envname("CIVICDESK_TLS_CERT");
  cmd->add_option("--tls-key", o.tls_key, "PEM private key of --tls-cert (unencrypted)")->envname("CIVICDESK_TLS_KEY");
  cmd->add_option("--trusted-proxy", o.trusted_proxies,
                  "Reverse proxies (addresses or CIDR blocks, comma-separated) whose X-Forwarded-For and "
                  "X-Forwarded-Proto are believed; ignored from anyone else")
      ->envname("CIVICDESK_TRUSTED_PROXIES");
  cmd->add_option("--rate-limit", o.rate_limit, "API requests per second per client (token, user or address); 0: off")
      ->envname("CIVICDESK_RATE_LIMIT")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  cmd->add_option("--rate-burst", o.rate_burst, "Requests a client may make at once before --rate-limit applies")
      ->envname("CIVICDESK_RATE_BURST")
      ->check(CLI::Range(1.0, 1e9))
      ->capture_default_str();
  cmd->add_option("--write-rate-limit", o.write_rate_limit, "State-changing requests per second per client; 0: off")
      ->envname("CIVICDESK_WRITE_RATE_LIMIT")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  cmd->add_option("--write-rate-burst", o.write_rate_burst, "Burst for --write-rate-limit")
      ->envname("CIVICDESK_WRITE_RATE_BURST")
      ->check(CLI::Range(1.0, 1e9))
      ->capture_default_str();
  cmd->add_option("--public-rate-limit", o.public_rate_limit,
                  "Sign-ins, registrations, password resets and verifications per minute per address; 0: off")
      ->envname("CIVICDESK_PUBLIC_RATE_LIMIT")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  cmd->add_option("--public-rate-burst", o.public_rate_burst, "Burst for --public-rate-limit")
      ->envname("CIVICDESK_PUBLIC_RATE_BURST")
      ->check(CLI::Range(1.0, 1e9))
      ->capture_default_str();
  cmd->add_option("--map-tiles-url", o.map_tiles_url,
                  "Map tiles for \"Report a problem\": an https:// URL with {z}, {x} and {y} ({s} for subdomains); "
                  "\"\" for no map. The pages' Content-Security-Policy allows images from its host")
      ->envname("CIVICDESK_MAP_TILES_URL")
      ->capture_default_str();
  cmd->add_option("--map-attribution", o.map_attribution, "The map tiles' attribution, shown on the map")
      ->envname("CIVICDESK_MAP_ATTRIBUTION")
      ->capture_default_str();
  // Deliberately without an environment variable and left out of --help:
  // it must be typed on the command line, by someone running a benchmark.
  cmd->add_flag("--insecure-benchmark-without-auth", o.insecure_benchmark_without_auth,
                "Benchmarks only, loopback only: no authentication, every request acts as the system")
      ->group("");
  cmd->callback([&g] {
    if (int rc = serve(g, o); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace civicdesk::cli
