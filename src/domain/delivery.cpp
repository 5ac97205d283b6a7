#include "domain/delivery.h"

#include <algorithm>
#include <charconv>

#include "domain/identifiers.h"
#include "domain/text.h"

namespace civicdesk {

std::chrono::seconds retry_delay(const RetryPolicy& p, int attempts, std::optional<std::chrono::seconds> provider_asked) {
  std::chrono::seconds d = p.first_delay;
  for (int i = 1; i < attempts && d < p.max_delay; ++i) d *= 2;
  d = std::min(d, p.max_delay);
  if (provider_asked) d = std::max(d, std::min(*provider_asked, p.max_delay));
  return d;
}

OutboxMessage after_attempt(OutboxMessage m, const Delivery& d, const RetryPolicy& p, Instant now) {
  switch (d.outcome) {
    case Delivery::Outcome::kSent:
      m.status = std::string(message_status::kSent);
      m.sent_at = now;
      m.provider_reference = d.provider_reference;
      m.last_error.clear();
      m.next_attempt_at = now;
      break;
    case Delivery::Outcome::kRetry:
      m.last_error = d.error;
      if (m.attempts >= p.max_attempts) {
        m.status = std::string(message_status::kFailed);
        m.last_error += " (gave up after " + std::to_string(m.attempts) + " attempts)";
        m.next_attempt_at = now;
      } else {
        m.status = std::string(message_status::kQueued);
        m.next_attempt_at = now + retry_delay(p, m.attempts, d.retry_after);
      }
      break;
    case Delivery::Outcome::kPermanent:
      m.status = std::string(message_status::kFailed);
      m.last_error = d.error;
      m.next_attempt_at = now;
      break;
  }
  return m;
}

std::string provider_reference_for(TenantId tenant, Id message_id) {
  return "civicdesk-" + std::to_string(tenant) + "-" + std::to_string(message_id);
}

std::optional<std::pair<TenantId, Id>> parse_provider_reference(std::string_view r) {
  constexpr std::string_view kPrefix = "civicdesk-";
  if (r.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  r.remove_prefix(kPrefix.size());
  const size_t dash = r.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto number = [](std::string_view s) -> std::optional<int64_t> {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty() || v <= 0) return std::nullopt;
    return v;
  };
  auto tenant = number(r.substr(0, dash));
  auto id = number(r.substr(dash + 1));
  if (!tenant || !id) return std::nullopt;
  return std::make_pair(static_cast<TenantId>(*tenant), static_cast<Id>(*id));
}

Delivery classify_notify_response(int status, std::string_view body, std::string notification_id,
                                  std::optional<std::chrono::seconds> retry_after) {
  const std::string detail = "GOV.UK Notify answered " + std::to_string(status) +
                             (body.empty() ? std::string() : ": " + std::string(body.substr(0, 500)));
  if (status == 201 || status == 200) {
    if (notification_id.empty()) return Delivery::retry("GOV.UK Notify accepted the message without an id");
    return Delivery::sent(std::move(notification_id));
  }
  if (status == 429 || status >= 500) return Delivery::retry(detail, retry_after);
  if (status == 0) return Delivery::retry("GOV.UK Notify did not answer");
  return Delivery::permanent(detail);
}

Delivery classify_webhook_response(int status, std::optional<std::chrono::seconds> retry_after) {
  if (status >= 200 && status < 300) return Delivery::sent("");
  const std::string detail = status == 0 ? "the receiver did not answer" : "the receiver answered " + std::to_string(status);
  if (status == 0 || status == 408 || status == 425 || status == 429 || status >= 500)
    return Delivery::retry(detail, retry_after);
  return Delivery::permanent(detail);
}

Status validate_delivery_status(std::string_view status) {
  static constexpr std::string_view kKnown[] = {"delivered",         "permanent-failure", "temporary-failure",
                                                "technical-failure", "sending",           "created",
                                                "pending",           "accepted",          "received",
                                                "sent",              "validation-failed", "virus-scan-failed",
                                                "pending-virus-check", "cancelled"};
  if (std::find(std::begin(kKnown), std::end(kKnown), status) != std::end(kKnown)) return {};
  return invalid_field("status", "Unknown delivery status \"" + std::string(status.substr(0, 40)) +
                                     "\": expected delivered, permanent-failure, temporary-failure or technical-failure");
}

Status validate_webhook_endpoint(const WebhookEndpoint& e) {
  if (e.name.empty()) return missing_field("name");
  if (e.name.size() > 64 || !std::all_of(e.name.begin(), e.name.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
      }))
    return invalid_field("name", "Use up to 64 lower-case letters, digits and hyphens");
  if (e.url.empty()) return missing_field("url");
  const bool http = e.url.rfind("http://", 0) == 0 || e.url.rfind("https://", 0) == 0;
  if (!http || e.url.size() > 2000 || e.url.find_first_of(" \r\n\t") != std::string::npos)
    return invalid_field("url", "Give the receiver's full http:// or https:// address");
  if (e.secret.size() < 32) return invalid_field("secret", "The signing secret must be at least 32 characters");
  if (e.client.size() > 100 || e.client.find_first_of("\r\n\t") != std::string::npos)
    return invalid_field("client", "Give the client system's name as `civicdesk clients list` shows it");
  return {};
}

Result<std::vector<std::string>> letter_address_lines(std::string_view recipient) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= recipient.size()) {
    size_t end = recipient.find('\n', start);
    if (end == std::string_view::npos) end = recipient.size();
    std::string line(trim(recipient.substr(start, end - start)));
    if (!line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  if (lines.size() < 3 || lines.size() > 7)
    return invalid_field("address", "A letter needs an address of 3 to 7 lines, the last one the postcode");
  auto postcode = parse_postcode(lines.back(), "address");
  if (!postcode) return invalid_field("address", "The last line of a letter's address must be a UK postcode");
  lines.back() = *postcode;
  return lines;
}

}  // namespace civicdesk
