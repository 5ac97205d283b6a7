#include <algorithm>
#include "support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "support/test_server.h"
#include "support/test_store.h"

extern char** environ;

namespace civicdesk::testing {

namespace {

pid_t spawn(const std::vector<std::string>& args, const std::string& log_path) {
  std::vector<char*> argv;
  std::string bin = civicdesk_binary();
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, bin.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    std::cerr << "cannot start " << bin << std::endl;
    std::abort();
  }
  return pid;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string civicdesk_binary() { return CIVICDESK_BINARY; }

uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

ExitStatus run_civicdesk(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  const std::string log = "/tmp/" + unique_name("civicdesk_run") + ".log";
  const pid_t pid = spawn(args, log);
  ExitStatus out;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      out.exited = WIFEXITED(status);
      out.code = out.exited ? WEXITSTATUS(status) : -1;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  out.output = read_file(log);
  std::remove(log.c_str());
  return out;
}

ServerProcess::ServerProcess(const std::string& db, const std::vector<std::string>& extra_args) {
  port_ = free_port();
  log_path_ = "/tmp/" + unique_name("civicdesk_server") + ".log";
  // Load tests send hundreds of requests a second as one user: no rate limits
  // (tests/hardening checks them on purpose).
  std::vector<std::string> args = {
      "--db", db, "serve", "--port", std::to_string(port_), "--rate-limit", "0", "--write-rate-limit", "0"};
  // The reminder loop writes to the database on its own schedule; tests turn
  // it on when they are about it.
  if (std::find(extra_args.begin(), extra_args.end(), "--reminders-every") == extra_args.end())
    args.insert(args.end(), {"--reminders-every", "0"});
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = spawn(args, log_path_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      std::cerr << "civicdesk serve exited early:\n" << output() << std::endl;
      std::abort();
    }
    if (http_request(port_, "GET", "/healthz").status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::cerr << "civicdesk serve did not become healthy:\n" << output() << std::endl;
  std::abort();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
  std::remove(log_path_.c_str());
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 200; ++i) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill_hard();
  return -1;
}

std::string ServerProcess::output() const { return read_file(log_path_); }

}  // namespace civicdesk::testing
