#include <csignal>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "http/api/api.h"
#include "http/pipeline.h"
#include "http/server.h"
#include "log/log.h"

namespace civicdesk::cli {

namespace {

struct ServeOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;
  int io_threads = std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  int threads = 0;    // 0: chosen for the database (see tuned())
  int pool_size = 0;
  size_t body_limit = 1024 * 1024;
  int max_connections = 4096;
  bool access_log = false;
};

// Defaults measured on the benchmark machine (BENCHMARKS.md). SQLite: many
// workers, so that many writes share each group commit; a few reader
// connections. PostgreSQL: as many workers as connections (more only queue
// for a connection) and a pool of about four per core, beyond which the
// server's processes compete with each other for the cores.
ServeOptions tuned(ServeOptions o, bool postgres) {
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (o.pool_size == 0) o.pool_size = postgres ? 4 * cores : 8;
  if (o.threads == 0) o.threads = postgres ? o.pool_size : 64;
  return o;
}

int serve(const GlobalOptions& g, const ServeOptions& requested) {
  const bool postgres = g.db.rfind("postgres", 0) == 0;
  const ServeOptions o = tuned(requested, postgres);
  auto store = open_and_migrate(g, o.pool_size);
  if (!store) return 1;
  Services services(*store);
  SystemClock clock;

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  http::Router router;
  http::ApiDeps deps{services};
  http::add_api_routes(router, deps);
  http::TenantDirectory tenants(services.catalogue, g.tenant);
  http::ApiPipeline pipeline(router, tenants, services.accounts, clock, {o.access_log});
  deps.pipeline = &pipeline;

  http::ServerOptions so;
  so.address = o.address;
  so.port = o.port;
  so.io_threads = o.io_threads;
  so.worker_threads = o.threads;
  so.inline_reads = store->backend() == Backend::kSqlite;
  so.body_limit = o.body_limit;
  so.max_connections = o.max_connections;
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
                               {"io_threads", o.io_threads}, {"worker_threads", o.threads}});
  std::cout << "civicdesk is serving on http://" << o.address << ":" << *port << "/ (database "
            << store->describe() << ")" << std::endl;
  server.run();
  // Wake the signal thread if the server stopped for another reason.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  return 0;
}

}  // namespace

void add_serve(CLI::App& app, GlobalOptions& g) {
  static ServeOptions o;
  auto* cmd = app.add_subcommand("serve", "Serve the API (and, later, the web pages) over HTTP");
  cmd->add_option("--address", o.address, "Address to listen on")->envname("CIVICDESK_ADDRESS")->capture_default_str();
  cmd->add_option("--port", o.port, "TCP port (0 picks a free one)")->envname("CIVICDESK_PORT")->capture_default_str();
  cmd->add_option("--io-threads", o.io_threads, "Event-loop threads that answer reads (default: one per core)")
      ->envname("CIVICDESK_IO_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--threads", o.threads,
                  "Worker threads for writes and exports (0: 64 for SQLite, the pool size for PostgreSQL)")
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
  cmd->add_option("--max-connections", o.max_connections, "Open connections before new ones get 503")
      ->envname("CIVICDESK_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_flag("--access-log", o.access_log, "Log every request")->envname("CIVICDESK_ACCESS_LOG");
  cmd->callback([&g] {
    if (int rc = serve(g, o); rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace civicdesk::cli
