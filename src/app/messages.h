// The outbox seen by people: administrators list messages (with the dead
// letters and their last error), retry or cancel one, and manage the
// back-office systems that receive webhooks; a provider reports what became
// of a message it accepted (GOV.UK Notify's delivery-status callbacks).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "store/store.h"

namespace civicdesk {

struct MessagePage {
  std::vector<OutboxMessage> items;
  std::optional<Id> next_after;  // pass as after_id for the next page
};

// A delivery receipt, as GOV.UK Notify posts it.
struct DeliveryReceipt {
  std::string notification_id;  // Notify's id ("id")
  std::string reference;        // ours, as sent
  std::string status;           // delivered, permanent-failure, temporary-failure, technical-failure
  std::optional<Instant> at;    // completed_at (or now)
};

// A webhook endpoint with its secret shown once (on creation or rotation).
struct EndpointSecret {
  WebhookEndpoint endpoint;
  bool created = false;
};

class MessageService {
 public:
  explicit MessageService(Store& store) : store_(store) {}

  Result<MessagePage> list(const RequestContext& ctx, OutboxFilter filter);
  Result<OutboxMessage> get(const RequestContext& ctx, Id id);
  // A dead letter (or a cancelled message) goes back to the queue with its
  // attempts reset; failed_precondition for any other status.
  Result<OutboxMessage> retry(const RequestContext& ctx, Id id);
  // A queued or dead-lettered message is never sent; failed_precondition for
  // one already sent (or being sent: wait and look again).
  Result<OutboxMessage> cancel(const RequestContext& ctx, Id id);
  // Records a provider's delivery receipt on the message. not_found for a
  // reference that is not one of this council's messages.
  Result<OutboxMessage> record_receipt(const RequestContext& ctx, const DeliveryReceipt& r);

  Result<std::vector<WebhookEndpoint>> endpoints(const RequestContext& ctx);
  // Creates the endpoint (with a new secret) or changes its url and whether
  // it is active; `rotate_secret` issues a new secret for an existing one.
  // The secret is returned only when it is new. `client`, when given, names
  // the back-office client system that posts updates for the cases
  // forwarded here ("" = none; docs/back-office.md); absent keeps it.
  Result<EndpointSecret> put_endpoint(const RequestContext& ctx, const std::string& name, const std::string& url,
                                      bool active, bool rotate_secret,
                                      const std::optional<std::string>& client = std::nullopt);
  Status delete_endpoint(const RequestContext& ctx, const std::string& name);

 private:
  Result<OutboxMessage> change(const RequestContext& ctx, Id id, const std::vector<std::string_view>& from,
                               const std::string& action,
                               const std::function<void(OutboxMessage&)>& fn);
  Store& store_;
};

}  // namespace civicdesk
