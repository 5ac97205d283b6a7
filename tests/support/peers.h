// The real peers civicdesk talks to, started on 127.0.0.1 by the tests that
// need them (scripts under tests/peers/, run with Debian's python3): an SMTP
// sink (python3-aiosmtpd), a GOV.UK Notify-compatible API that checks JWTs
// and request shapes as Notify documents them, and a webhook receiver.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace civicdesk::testing {

class Peer {
 public:
  // Runs tests/peers/<script> with `args` and waits (at most 20 s) for its
  // "PORT <n>" line; aborts the test binary if it never comes.
  Peer(const std::string& script, const std::vector<std::string>& args);
  ~Peer();
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string log_path_;
};

// The SMTP sink: every accepted message as JSON (mail_from, rcpt_tos, from,
// to, subject, message_id, reference, body, raw).
class SmtpSink {
 public:
  enum class Mode { kAccept, kHang, kDrop };
  explicit SmtpSink(Mode mode = Mode::kAccept);
  ~SmtpSink();
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(peer_.port()); }
  std::vector<nlohmann::json> messages() const;

 private:
  std::string out_;
  Peer peer_;
};

// The local Notify: fixed test credentials and template ids.
class NotifyPeer {
 public:
  static constexpr const char* kServiceId = "26785a09-ab16-4eb0-8407-a37497a57506";
  static constexpr const char* kSecret = "3d844edf-8d35-48ac-975b-e847b4f122b0";
  static constexpr const char* kEmailTemplate = "f33517ff-2a88-4f6e-b855-c550268ce08a";
  static constexpr const char* kSmsTemplate = "8b3d6a3f-0d4f-4c1e-9f64-2a4c0c6b8e11";
  static constexpr const char* kLetterTemplate = "c8d5d7a1-1a6e-4d0e-8f5b-7d9c2e3f4a55";
  explicit NotifyPeer(int delay_ms = 0);
  std::string url() const { return peer_.url(); }
  // "{key name}-{service id}-{secret}".
  static std::string api_key(const std::string& secret = kSecret) {
    return std::string("civicdesk_test-") + kServiceId + "-" + secret;
  }
  // Everything accepted: {type, id, reference, request, response}.
  std::vector<nlohmann::json> notifications() const;
  // The next `count` sends answer `status`.
  void fail_next(int status, int count) const;

 private:
  Peer peer_;
};

class WebhookReceiver {
 public:
  WebhookReceiver();
  std::string url(const std::string& path = "/hook") const { return peer_.url() + path; }
  std::vector<nlohmann::json> requests() const;
  void respond_with(const std::vector<int>& statuses) const;

 private:
  Peer peer_;
};

// Polls `done` every 50 ms for at most `timeout`; true if it became true.
bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace civicdesk::testing
