// Delivering outbox messages: the states a message goes through, what a
// provider's answer means (sent, try again later, or never), the retry
// schedule, and the back-office systems that receive webhooks. Pure rules;
// the transports that talk to providers live in src/outbox/.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "domain/account.h"
#include "domain/time.h"

namespace civicdesk {

namespace message_status {
inline constexpr std::string_view kQueued = "queued";        // waiting for next_attempt_at
inline constexpr std::string_view kSending = "sending";      // leased to a worker until next_attempt_at
inline constexpr std::string_view kSent = "sent";            // the provider accepted it
inline constexpr std::string_view kFailed = "failed";        // dead letter: permanent error or out of attempts
inline constexpr std::string_view kCancelled = "cancelled";  // by an administrator or by erasure
}  // namespace message_status

inline constexpr std::string_view kMessageStatuses[] = {message_status::kQueued, message_status::kSending,
                                                         message_status::kSent, message_status::kFailed,
                                                         message_status::kCancelled};
inline constexpr std::string_view kMessageChannels[] = {"email", "sms", "letter", "webhook"};

// What one delivery attempt came to.
struct Delivery {
  enum class Outcome { kSent, kRetry, kPermanent };
  Outcome outcome = Outcome::kRetry;
  std::string provider_reference;  // the provider's id for the message (sent)
  std::string error;               // why not (retry, permanent)
  std::optional<std::chrono::seconds> retry_after;  // the provider asked us to wait (429)

  static Delivery sent(std::string provider_reference) { return {Outcome::kSent, std::move(provider_reference), "", {}}; }
  static Delivery retry(std::string error, std::optional<std::chrono::seconds> after = std::nullopt) {
    return {Outcome::kRetry, "", std::move(error), after};
  }
  static Delivery permanent(std::string error) { return {Outcome::kPermanent, "", std::move(error), {}}; }
};

struct RetryPolicy {
  int max_attempts = 10;
  std::chrono::seconds first_delay{30};
  std::chrono::seconds max_delay{std::chrono::hours(6)};
};

// The wait before attempt `attempts + 1` after `attempts` failed ones:
// first_delay doubled each time, at most max_delay, and never less than a
// wait the provider asked for.
std::chrono::seconds retry_delay(const RetryPolicy& p, int attempts,
                                 std::optional<std::chrono::seconds> provider_asked = std::nullopt);

// The message after an attempt that ended in `d` at `now` (status, attempts
// already counted at claim time, next_attempt_at, last_error, sent_at,
// provider_reference). A retry past max_attempts becomes a dead letter.
OutboxMessage after_attempt(OutboxMessage m, const Delivery& d, const RetryPolicy& p, Instant now);

// The reference civicdesk gives a provider for a message: stable across
// retries (so the provider can be asked whether it already has it) and free
// of personal data. "civicdesk-<tenant>-<message id>".
std::string provider_reference_for(TenantId tenant, Id message_id);
// The tenant and message id in such a reference; nullopt for anything else.
std::optional<std::pair<TenantId, Id>> parse_provider_reference(std::string_view reference);

// GOV.UK Notify's answer to a send, by HTTP status and error type: 201
// sent; 429 and 5xx (and no answer at all) retryable; 400 and 403 and any
// other 4xx permanent.
Delivery classify_notify_response(int http_status, std::string_view body, std::string notification_id,
                                  std::optional<std::chrono::seconds> retry_after);
// A webhook receiver's answer: 2xx delivered; 408, 425, 429 and 5xx
// retryable; other 4xx permanent.
Delivery classify_webhook_response(int http_status, std::optional<std::chrono::seconds> retry_after);

// Notify's delivery-status callback values: delivered, permanent-failure,
// temporary-failure, technical-failure (and the in-between states it may
// report). invalid_field for anything else.
Status validate_delivery_status(std::string_view status);

// A back-office system that receives signed webhooks.
struct WebhookEndpoint {
  std::string name;  // [a-z0-9-], referenced by webhook messages' recipient
  std::string url;   // http:// or https://
  std::string secret;
  bool active = true;
  // The client system (API token name, scope backoffice) that posts updates
  // back for the cases forwarded here, signing them with this endpoint's
  // secret; "" = none may (docs/back-office.md).
  std::string client;
  Instant created_at{}, updated_at{};
};
Status validate_webhook_endpoint(const WebhookEndpoint& e);

// A letter's address (the message's recipient, one line per "\n"): 3 to 7
// lines, the last a UK postcode, as Notify requires. The lines, or
// invalid_field.
Result<std::vector<std::string>> letter_address_lines(std::string_view recipient);

}  // namespace civicdesk
