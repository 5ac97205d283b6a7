// Signed webhooks to back-office systems. A webhook message's recipient names
// one of the council's endpoints (webhook_endpoints); its body is the JSON
// to post. Each request carries
//   X-Civicdesk-Delivery:  the message's reference (the same on every retry:
//                          receivers use it to ignore repeats)
//   X-Civicdesk-Timestamp: seconds since 1970 when it was sent
//   X-Civicdesk-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>"
//                          under the endpoint's secret>
// so a receiver can check where it came from and refuse replays.
#pragma once

#include <chrono>
#include <string>

#include "outbox/http_client.h"
#include "outbox/transport.h"

namespace civicdesk::outbox {

std::string webhook_signature(std::string_view secret, int64_t timestamp, std::string_view body);

class WebhookTransport final : public Transport {
 public:
  WebhookTransport(Store& store, std::chrono::milliseconds timeout) : store_(store), http_(timeout) {}
  std::string_view name() const override { return "webhook"; }
  Delivery send(const ClaimedMessage& m, Instant now) override;

 private:
  Store& store_;
  HttpClient http_;
};

}  // namespace civicdesk::outbox
