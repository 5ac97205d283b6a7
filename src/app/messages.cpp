#include "app/messages.h"

#include <algorithm>

#include "app/audit.h"
#include "app/crypto.h"

namespace civicdesk {

namespace {

Status require(const RequestContext& ctx, Permission p) {
  if (!can(ctx.principal, p)) return denied(ctx, "You cannot manage the council's messages");
  return {};
}

}  // namespace

Result<MessagePage> MessageService::list(const RequestContext& ctx, OutboxFilter filter) {
  RETURN_IF_ERROR(require(ctx, Permission::kManageMessages));
  if (!filter.status.empty() &&
      std::none_of(std::begin(kMessageStatuses), std::end(kMessageStatuses),
                   [&](std::string_view s) { return s == filter.status; }))
    return invalid_field("status", "Use queued, sending, sent, failed or cancelled");
  if (!filter.channel.empty() &&
      std::none_of(std::begin(kMessageChannels), std::end(kMessageChannels),
                   [&](std::string_view s) { return s == filter.channel; }))
    return invalid_field("channel", "Use email, sms, letter or webhook");
  filter.limit = std::clamp(filter.limit, 1, 500);
  ASSIGN_OR_RETURN(auto items, store_.read_value<std::vector<OutboxMessage>>(
                                   [&](ReadTx& tx) { return tx.list_outbox(ctx.tenant, filter); }));
  MessagePage page;
  // The store returns one row more than asked when there is another page.
  if (static_cast<int>(items.size()) > filter.limit) {
    items.resize(filter.limit);
    page.next_after = items.back().id;
  }
  page.items = std::move(items);
  return page;
}

Result<OutboxMessage> MessageService::get(const RequestContext& ctx, Id id) {
  RETURN_IF_ERROR(require(ctx, Permission::kManageMessages));
  return store_.read_value<OutboxMessage>([&](ReadTx& tx) { return tx.get_message(ctx.tenant, id); });
}

Result<OutboxMessage> MessageService::change(const RequestContext& ctx, Id id,
                                             const std::vector<std::string_view>& from, const std::string& action,
                                             const std::function<void(OutboxMessage&)>& fn) {
  RETURN_IF_ERROR(require(ctx, Permission::kManageMessages));
  return store_.write_value<OutboxMessage>([&](Tx& tx) -> Result<OutboxMessage> {
    ASSIGN_OR_RETURN(OutboxMessage m, tx.get_message(ctx.tenant, id));
    const std::string was = m.status;
    if (std::find(from.begin(), from.end(), was) == from.end())
      return Error(ErrorCode::kFailedPrecondition, "Message " + std::to_string(id) + " is " + was);
    fn(m);
    RETURN_IF_ERROR(tx.update_message_delivery(ctx.tenant, m, {was}));
    RETURN_IF_ERROR(audit(tx, ctx, action, "message", std::to_string(id), {{"from", was}, {"to", m.status}}));
    return m;
  });
}

Result<OutboxMessage> MessageService::retry(const RequestContext& ctx, Id id) {
  return change(ctx, id, {message_status::kFailed, message_status::kCancelled}, "message.retry",
                [&](OutboxMessage& m) {
                  m.status = std::string(message_status::kQueued);
                  m.attempts = 0;
                  m.next_attempt_at = ctx.now;
                });
}

Result<OutboxMessage> MessageService::cancel(const RequestContext& ctx, Id id) {
  return change(ctx, id, {message_status::kQueued, message_status::kFailed}, "message.cancel",
                [&](OutboxMessage& m) { m.status = std::string(message_status::kCancelled); });
}

Result<OutboxMessage> MessageService::record_receipt(const RequestContext& ctx, const DeliveryReceipt& r) {
  if (!can(ctx.principal, Permission::kDeliveryCallbacks))
    return denied(ctx, "Only the council's messaging provider may report deliveries");
  RETURN_IF_ERROR(validate_delivery_status(r.status));
  auto ids = parse_provider_reference(r.reference);
  if (!ids || ids->first != ctx.tenant) return not_found("No message has the reference \"" + r.reference.substr(0, 60) + "\"");
  return store_.write_value<OutboxMessage>([&](Tx& tx) -> Result<OutboxMessage> {
    ASSIGN_OR_RETURN(OutboxMessage m, tx.get_message(ctx.tenant, ids->second));
    // A receipt may arrive before our own record of the send commits (the
    // provider is fast): a message still 'sending' takes it too.
    if (!r.notification_id.empty() && !m.provider_reference.empty() && m.provider_reference != r.notification_id)
      return not_found("No message has the notification id \"" + r.notification_id.substr(0, 60) + "\"");
    const std::string was = m.status;
    m.delivery_status = r.status;
    m.delivery_status_at = r.at.value_or(ctx.now);
    if (m.provider_reference.empty()) m.provider_reference = r.notification_id;
    RETURN_IF_ERROR(tx.update_message_delivery(ctx.tenant, m, {was}));
    return m;
  });
}

Result<std::vector<WebhookEndpoint>> MessageService::endpoints(const RequestContext& ctx) {
  RETURN_IF_ERROR(require(ctx, Permission::kManageMessages));
  return store_.read_value<std::vector<WebhookEndpoint>>(
      [&](ReadTx& tx) { return tx.list_webhook_endpoints(ctx.tenant); });
}

Result<EndpointSecret> MessageService::put_endpoint(const RequestContext& ctx, const std::string& name,
                                                    const std::string& url, bool active, bool rotate_secret,
                                                    const std::optional<std::string>& client) {
  RETURN_IF_ERROR(require(ctx, Permission::kManageMessages));
  return store_.write_value<EndpointSecret>([&](Tx& tx) -> Result<EndpointSecret> {
    EndpointSecret out;
    auto existing = tx.get_webhook_endpoint(ctx.tenant, name);
    if (!existing && existing.error().code != ErrorCode::kNotFound) return std::move(existing).error();
    out.created = !existing;
    if (existing) {
      out.endpoint = *existing;
    } else {
      out.endpoint.name = name;
      out.endpoint.created_at = ctx.now;
    }
    out.endpoint.url = url;
    if (client) out.endpoint.client = *client;
    out.endpoint.active = active;
    out.endpoint.updated_at = ctx.now;
    const bool new_secret = out.created || rotate_secret;
    if (new_secret) out.endpoint.secret = crypto::random_token("whsec_");
    RETURN_IF_ERROR(validate_webhook_endpoint(out.endpoint));
    RETURN_IF_ERROR(tx.put_webhook_endpoint(ctx.tenant, out.endpoint));
    RETURN_IF_ERROR(audit(tx, ctx, out.created ? "webhook.create" : "webhook.update", "webhook", name,
                          {{"active", active ? "true" : "false"},
                           {"secret_rotated", new_secret ? "true" : "false"},
                           {"client", out.endpoint.client}}));
    if (!new_secret) out.endpoint.secret.clear();
    return out;
  });
}

Status MessageService::delete_endpoint(const RequestContext& ctx, const std::string& name) {
  RETURN_IF_ERROR(require(ctx, Permission::kManageMessages));
  return store_.write([&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.delete_webhook_endpoint(ctx.tenant, name));
    return audit(tx, ctx, "webhook.delete", "webhook", name);
  });
}

}  // namespace civicdesk
