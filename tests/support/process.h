// Real civicdesk processes for end-to-end tests: started with posix_spawn,
// output captured to a file, stopped (or killed) on demand.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace civicdesk::testing {

// The civicdesk binary built alongside the tests.
std::string civicdesk_binary();

// A free loopback TCP port (bound and released; a tiny race is accepted).
uint16_t free_port();

struct ExitStatus {
  bool exited = false;  // false when killed by a signal or still running at timeout
  int code = -1;
  std::string output;   // stdout and stderr
};

// Runs civicdesk with `args` to completion (or kills it after `timeout`).
ExitStatus run_civicdesk(const std::vector<std::string>& args,
                         std::chrono::milliseconds timeout = std::chrono::seconds(60));

class ServerProcess {
 public:
  // Starts `civicdesk --db <db> serve --port <free port>` (rate limits off)
  // with `extra_args`, and waits until /healthz answers (aborts the test
  // binary after 30 s).
  ServerProcess(const std::string& db, const std::vector<std::string>& extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  uint16_t port() const { return port_; }
  // SIGKILL: no chance to flush or finish anything.
  void kill_hard();
  // SIGTERM and wait.
  int stop();
  std::string output() const;

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string log_path_;
};

}  // namespace civicdesk::testing
