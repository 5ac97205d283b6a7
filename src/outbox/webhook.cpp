#include "outbox/webhook.h"

#include "app/crypto.h"

namespace civicdesk::outbox {

std::string webhook_signature(std::string_view secret, int64_t timestamp, std::string_view body) {
  return "sha256=" + crypto::hmac_sha256_hex(secret, std::to_string(timestamp) + "." + std::string(body));
}

Delivery WebhookTransport::send(const ClaimedMessage& m, Instant now) {
  auto endpoint = store_.read_value<WebhookEndpoint>(
      [&](ReadTx& tx) { return tx.get_webhook_endpoint(m.tenant, m.message.recipient); });
  if (!endpoint) {
    if (endpoint.error().code == ErrorCode::kNotFound)
      return Delivery::permanent("No webhook endpoint is named \"" + m.message.recipient + "\"");
    return Delivery::retry("Could not read the webhook endpoint: " + endpoint.error().message);
  }
  // A paused endpoint keeps its messages until it is switched back on.
  if (!endpoint->active) return Delivery::retry("The webhook endpoint \"" + endpoint->name + "\" is paused");
  const int64_t ts = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const HttpReply reply = http_.request(
      "POST", endpoint->url,
      {"Content-Type: application/json", "User-Agent: civicdesk",
       "X-Civicdesk-Delivery: " + provider_reference_for(m.tenant, m.message.id),
       "X-Civicdesk-Timestamp: " + std::to_string(ts),
       "X-Civicdesk-Signature: " + webhook_signature(endpoint->secret, ts, m.message.body)},
      m.message.body);
  Delivery d = classify_webhook_response(reply.status, reply.retry_after);
  if (reply.status == 0) d.error += ": " + reply.error;
  return d;
}

}  // namespace civicdesk::outbox
