// The outbox for administrators (/api/v1/messages: every message with its
// delivery state; retry a dead letter, cancel a queued one), the webhook
// endpoints of back-office systems, and GOV.UK Notify's delivery receipts.
#include "app/messages.h"
#include "http/api/api.h"
#include "http/api/json_out.h"
#include "http/parse/json_reader.h"
#include "http/parse/query.h"

namespace civicdesk::http {

namespace {

json optional_time(const std::optional<Instant>& t) { return t ? json(format_instant(*t)) : json(nullptr); }

json admin_message_json(const OutboxMessage& m) {
  json personalisation = json::object();
  for (const auto& [k, v] : m.personalisation) personalisation[k] = v;
  return {{"id", m.id},
          {"created_at", format_instant(m.created_at)},
          {"channel", m.channel},
          {"recipient", m.recipient},
          {"template", m.template_name},
          {"subject", m.subject},
          {"body", m.body},
          {"personalisation", std::move(personalisation)},
          {"case_id", m.case_id ? json(*m.case_id) : json(nullptr)},
          {"status", m.status},
          {"attempts", m.attempts},
          {"next_attempt_at", m.status == message_status::kQueued ? json(format_instant(m.next_attempt_at)) : json(nullptr)},
          {"last_error", m.last_error},
          {"sent_at", optional_time(m.sent_at)},
          {"provider_reference", m.provider_reference},
          {"delivery_status", m.delivery_status.empty() ? json(nullptr) : json(m.delivery_status)},
          {"delivery_status_at", optional_time(m.delivery_status_at)}};
}

json endpoint_json(const WebhookEndpoint& e) {
  return {{"name", e.name},
          {"url", e.url},
          {"active", e.active},
          {"client", e.client},
          {"created_at", format_instant(e.created_at)},
          {"updated_at", format_instant(e.updated_at)}};
}

Result<OutboxFilter> decode_message_filter(std::string_view query) {
  ASSIGN_OR_RETURN(QueryReader q, QueryReader::parse(query));
  OutboxFilter f;
  f.status = q.string("status", 20).value_or("");
  f.channel = q.string("channel", 20).value_or("");
  f.case_id = q.integer("case_id", 1, int64_t{1} << 53);  // ids are JSON-safe integers
  if (auto cursor = q.string("cursor", 100)) {
    auto id = decode_id_cursor(*cursor);
    if (!id) q.fail(id.error());
    else f.after_id = *id;
  }
  f.limit = static_cast<int>(q.integer("limit", 1, 500).value_or(100));
  RETURN_IF_ERROR(q.finish());
  return f;
}

// Notify's timestamps carry microseconds ("2017-05-14T12:15:30.000000Z").
std::optional<Instant> receipt_time(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::string s = *text;
  if (const size_t dot = s.find('.'); dot != std::string::npos) {
    const size_t end = s.find_first_not_of("0123456789", dot + 1);
    s.erase(dot, end == std::string::npos ? std::string::npos : end - dot);
  }
  return parse_instant(s);
}

// Notify's callback body: every field its documentation lists (a field it
// adds later is refused like any unknown field, and Notify retries).
Result<DeliveryReceipt> decode_receipt(std::string_view body) {
  ASSIGN_OR_RETURN(JsonReader in, JsonReader::parse(body));
  DeliveryReceipt r;
  r.notification_id = in.required_string("id", 200);
  r.reference = in.required_string("reference", 200);
  r.status = in.required_string("status", 40);
  const auto completed = in.string("completed_at", 40);
  const auto sent = in.string("sent_at", 40);
  (void)in.string("created_at", 40);
  (void)in.string("to", 400);
  (void)in.string("notification_type", 20);
  (void)in.string("template_id", 40);
  (void)in.integer("template_version", 0, 1000000);
  (void)in.string("provider_response", 1000);
  RETURN_IF_ERROR(in.finish());
  r.at = receipt_time(completed);
  if (!r.at) r.at = receipt_time(sent);
  return r;
}

}  // namespace

void add_message_routes(Router& r, ApiDeps& deps) {
  MessageService& messages = deps.services.messages;

  r.add("GET", "/api/v1/messages", [&messages](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(OutboxFilter f, decode_message_filter(req.query));
    ASSIGN_OR_RETURN(MessagePage page, messages.list(req.ctx, f));
    return json_response(200, dump(id_page_json(page, admin_message_json)));
  });

  r.add("GET", "/api/v1/messages/{id}", [&messages](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(OutboxMessage m, messages.get(req.ctx, id));
    return json_response(200, dump(admin_message_json(m)));
  });

  r.add("POST", "/api/v1/messages/{id}/retry", [&messages](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(OutboxMessage m, messages.retry(req.ctx, id));
    return json_response(200, dump(admin_message_json(m)));
  });

  r.add("POST", "/api/v1/messages/{id}/cancel", [&messages](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(Id id, path_id(req, "id"));
    ASSIGN_OR_RETURN(OutboxMessage m, messages.cancel(req.ctx, id));
    return json_response(200, dump(admin_message_json(m)));
  });

  r.add("POST", "/api/v1/delivery-receipts", [&messages](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(DeliveryReceipt receipt, decode_receipt(req.body));
    ASSIGN_OR_RETURN(OutboxMessage m, messages.record_receipt(req.ctx, receipt));
    return json_response(200, dump({{"id", m.id}, {"delivery_status", m.delivery_status}}));
  });

  r.add("GET", "/api/v1/webhooks", [&messages](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    ASSIGN_OR_RETURN(auto endpoints, messages.endpoints(req.ctx));
    json items = json::array();
    for (const auto& e : endpoints) items.push_back(endpoint_json(e));
    return json_response(200, dump({{"items", std::move(items)}}));
  });

  r.add("PUT", "/api/v1/webhooks/{name}", [&messages](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(require_json(req));
    ASSIGN_OR_RETURN(JsonReader in, JsonReader::parse(req.body));
    const std::string url = in.required_string("url", 2000);
    const bool active = in.boolean("active").value_or(true);
    const bool rotate = in.boolean("rotate_secret").value_or(false);
    const std::optional<std::string> client = in.string("client", 100);
    RETURN_IF_ERROR(in.finish());
    ASSIGN_OR_RETURN(EndpointSecret out,
                     messages.put_endpoint(req.ctx, req.param("name"), url, active, rotate, client));
    json body = endpoint_json(out.endpoint);
    // The secret is shown when it is new, and never again.
    if (!out.endpoint.secret.empty()) body["secret"] = out.endpoint.secret;
    return json_response(out.created ? 201 : 200, dump(body));
  });

  r.add("DELETE", "/api/v1/webhooks/{name}", [&messages](Request& req) -> Result<Response> {
    RETURN_IF_ERROR(no_query(req));
    RETURN_IF_ERROR(messages.delete_endpoint(req.ctx, req.param("name")));
    return Response::no_content();
  });
}

}  // namespace civicdesk::http
