// GOV.UK Notify (https://docs.notifications.service.gov.uk/rest-api.html):
// email, text messages and letters through one HTTP API. civicdesk sends
// its own rendered text through generic Notify templates whose content is
// ((subject)) and ((body)) (letters: ((body)) under the address), so staff
// edit wording in civicdesk, not in Notify.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "outbox/http_client.h"
#include "outbox/transport.h"

namespace civicdesk::outbox {

// An API key is "{key_name}-{service id}-{secret}", both ids UUIDs.
struct NotifyApiKey {
  std::string service_id;
  std::string secret;
};
Result<NotifyApiKey> parse_notify_api_key(std::string_view key);

// A JSON Web Token signed with HMAC-SHA256: header {"alg":"HS256","typ":"JWT"},
// the claims as given (in their order), signed with `secret`.
std::string hs256_jwt(const nlohmann::ordered_json& claims, std::string_view secret);
// Notify's bearer token: iss = the service id, iat = now in seconds.
std::string notify_token(const NotifyApiKey& key, Instant now);

struct NotifyOptions {
  std::string base_url = "https://api.notifications.service.gov.uk";
  std::string api_key;
  std::string email_template, sms_template, letter_template;  // template ids; empty: that channel is not sent
  std::string email_reply_to_id, sms_sender_id;                // optional
  std::chrono::milliseconds timeout{30000};
};
Status validate_notify_options(const NotifyOptions& o);

// The request for one message: the path under base_url and its JSON body;
// invalid_field for a message Notify could never accept (a letter without a
// proper address, a channel with no template configured).
struct NotifyRequest {
  std::string path;
  nlohmann::json body;
};
Result<NotifyRequest> notify_request(const NotifyOptions& o, const ClaimedMessage& m);

class NotifyTransport final : public Transport {
 public:
  explicit NotifyTransport(NotifyOptions o);
  std::string_view name() const override { return "notify"; }
  Delivery send(const ClaimedMessage& m, Instant now) override;
  // Asks Notify for notifications with the message's reference.
  std::optional<Delivery> find_previous(const ClaimedMessage& m, Instant now) override;

 private:
  std::vector<std::string> headers(Instant now) const;
  NotifyOptions o_;
  NotifyApiKey key_;
  HttpClient http_;
};

}  // namespace civicdesk::outbox
