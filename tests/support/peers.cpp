#include "support/peers.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "support/test_server.h"

extern char** environ;

namespace civicdesk::testing {

namespace {

std::string unique_path(const std::string& stem) {
  static int n = 0;
  return "/tmp/" + stem + "_" + std::to_string(::getpid()) + "_" + std::to_string(++n) + "_" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json get_json(uint16_t port, const std::string& target) {
  HttpResult r = http_request(port, "GET", target);
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_discarded() ? nlohmann::json::array() : j;
}

}  // namespace

Peer::Peer(const std::string& script, const std::vector<std::string>& args) {
  log_path_ = unique_path("civicdesk_peer") + ".log";
  // Debian's interpreter, which has Debian's python3-aiosmtpd.
  std::vector<std::string> all = {"/usr/bin/python3", "tests/peers/" + script};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    std::cerr << "cannot start " << script << std::endl;
    std::abort();
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string out = slurp(log_path_);
    if (auto at = out.find("PORT "); at != std::string::npos && out.find('\n', at) != std::string::npos) {
      port_ = static_cast<uint16_t>(std::stoi(out.substr(at + 5)));
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::cerr << script << " did not start:\n" << slurp(log_path_) << std::endl;
  std::abort();
}

Peer::~Peer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::remove(log_path_.c_str());
}

namespace {
std::vector<std::string> sink_args(const std::string& out, SmtpSink::Mode mode) {
  std::vector<std::string> args = {"--out", out};
  if (mode == SmtpSink::Mode::kHang) args.push_back("--hang");
  if (mode == SmtpSink::Mode::kDrop) args.push_back("--drop");
  return args;
}
}  // namespace

SmtpSink::SmtpSink(Mode mode) : out_(unique_path("civicdesk_smtp") + ".jsonl"), peer_("smtp_sink.py", sink_args(out_, mode)) {}

SmtpSink::~SmtpSink() { std::remove(out_.c_str()); }

std::vector<nlohmann::json> SmtpSink::messages() const {
  std::vector<nlohmann::json> out;
  std::ifstream in(out_);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

NotifyPeer::NotifyPeer(int delay_ms)
    : peer_("notify_server.py", {"--service-id", kServiceId, "--secret", kSecret, "--email-template", kEmailTemplate,
                                 "--sms-template", kSmsTemplate, "--letter-template", kLetterTemplate, "--delay-ms",
                                 std::to_string(delay_ms)}) {}

std::vector<nlohmann::json> NotifyPeer::notifications() const {
  return get_json(peer_.port(), "/_test/notifications").get<std::vector<nlohmann::json>>();
}

void NotifyPeer::fail_next(int status, int count) const {
  http_request(peer_.port(), "POST", "/_test/fail",
               nlohmann::json{{"status", status}, {"count", count}}.dump(), {"Content-Type: application/json"});
}

WebhookReceiver::WebhookReceiver() : peer_("http_receiver.py", {}) {}

std::vector<nlohmann::json> WebhookReceiver::requests() const {
  return get_json(peer_.port(), "/_test/requests").get<std::vector<nlohmann::json>>();
}

void WebhookReceiver::respond_with(const std::vector<int>& statuses) const {
  http_request(peer_.port(), "POST", "/_test/respond", nlohmann::json{{"statuses", statuses}}.dump(),
               {"Content-Type: application/json"});
}

bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

}  // namespace civicdesk::testing
