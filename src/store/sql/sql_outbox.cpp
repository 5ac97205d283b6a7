// The outbox: queueing messages with the change that causes them, leasing
// them to delivery workers, recording what each attempt came to, and the
// back-office endpoints that receive webhooks.
#include <algorithm>

#include "store/sql/codec.h"
#include "store/sql/dialect.h"
#include "store/sql/sql_tx.h"

namespace civicdesk::sql {

namespace {

Instant instant(int64_t s) { return Instant{std::chrono::seconds{s}}; }
int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
Param optional_seconds(const std::optional<Instant>& t) { return t ? Param(seconds(*t)) : Param(); }

constexpr std::string_view kMessageColumns =
    "id, created_at, channel, recipient, template, subject, body, personalisation, case_id, idempotency_key, "
    "status, attempts, next_attempt_at, last_error, sent_at, provider_reference, delivery_status, "
    "delivery_status_at, tenant_id";

OutboxMessage read_message(Rows& r) {
  OutboxMessage m;
  m.id = r.get_int(0);
  m.created_at = instant(r.get_int(1));
  m.channel = r.get_string(2);
  m.recipient = r.get_string(3);
  m.template_name = r.get_string(4);
  m.subject = r.get_string(5);
  m.body = r.get_string(6);
  m.personalisation = decode_details(r.get_text(7));
  m.case_id = r.get_opt_int(8);
  m.idempotency_key = r.get_string(9);
  m.status = r.get_string(10);
  m.attempts = static_cast<int>(r.get_int(11));
  m.next_attempt_at = instant(r.get_int(12));
  m.last_error = r.get_string(13);
  if (!r.is_null(14)) m.sent_at = instant(r.get_int(14));
  m.provider_reference = r.get_string(15);
  m.delivery_status = r.get_string(16);
  if (!r.is_null(17)) m.delivery_status_at = instant(r.get_int(17));
  return m;
}

WebhookEndpoint read_endpoint(Rows& r) {
  WebhookEndpoint e;
  e.name = r.get_string(0);
  e.url = r.get_string(1);
  e.secret = r.get_string(2);
  e.active = r.get_int(3) != 0;
  e.created_at = instant(r.get_int(4));
  e.updated_at = instant(r.get_int(5));
  e.client = r.get_string(6);
  return e;
}
constexpr std::string_view kEndpointColumns = "name, url, secret, active, created_at, updated_at, client";

constexpr std::string_view kInsertMessage =
    "INSERT INTO outbox (tenant_id, created_at, channel, recipient, template, subject, body, personalisation, "
    "case_id, idempotency_key, status, attempts, next_attempt_at, last_error, sent_at, provider_reference) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// A keyed message is not queued twice. The conflict target names
// outbox_by_key's condition: keyless messages are not in that index
// (migration 0025).
const std::string& insert_keyed_message() {
  static const std::string sql = std::string(kInsertMessage) +
                                 " ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key <> '' DO NOTHING";
  return sql;
}

// Params borrow their text: `personalisation` (encoded) must outlive them.
std::vector<Param> message_params(TenantId t, const OutboxMessage& m, const std::string& personalisation) {
  return {t, seconds(m.created_at), m.channel, m.recipient, m.template_name, m.subject, m.body,
          personalisation, m.case_id, m.idempotency_key, m.status, m.attempts,
          seconds(m.next_attempt_at), m.last_error, optional_seconds(m.sent_at), m.provider_reference};
}

}  // namespace

Result<Id> SqlTx::enqueue_message(TenantId t, const OutboxMessage& m) {
  const std::string personalisation = encode_details(m.personalisation);
  const std::vector<Param> params = message_params(t, m, personalisation);
  if (m.idempotency_key.empty()) return c_.insert_id(kInsertMessage, params);
  // A key already queued makes this a no-op that answers the first
  // message's id. Insert first; the key is looked up only when it exists.
  const std::string& insert = insert_keyed_message();
  if (d_ == Dialect::kPostgres) {
    ASSIGN_OR_RETURN(auto inserted, c_.query(insert + " RETURNING id", params));
    ASSIGN_OR_RETURN(bool added, inserted->next());
    if (added) return inserted->get_int(0);
  } else {
    // Not RETURNING on SQLite: see Connection::insert_id in sql.h.
    ASSIGN_OR_RETURN(int64_t added, c_.exec(insert, params));
    if (added == 1)
      return query_one<Id>(c_, "SELECT last_insert_rowid()", {}, "Message " + m.idempotency_key,
                           [](Rows& r) { return r.get_int(0); });
  }
  return query_one<Id>(c_, "SELECT id FROM outbox WHERE tenant_id = ? AND idempotency_key = ?",
                       {t, m.idempotency_key}, "Message " + m.idempotency_key, [](Rows& r) { return r.get_int(0); });
}

Status SqlTx::queue_message(TenantId t, const OutboxMessage& m) {
  // Nothing waits for an answer, so PostgreSQL sends it with the next
  // statement (Connection::exec_later).
  const std::string personalisation = encode_details(m.personalisation);
  const std::string_view sql = m.idempotency_key.empty() ? kInsertMessage : insert_keyed_message();
  return c_.exec_later(sql, message_params(t, m, personalisation));
}

Result<std::vector<OutboxMessage>> SqlTx::list_outbox(TenantId t, const OutboxFilter& f) {
  std::string sql = "SELECT " + std::string(kMessageColumns) + " FROM outbox WHERE tenant_id = ?";
  std::vector<Param> params{t};
  if (!f.status.empty()) {
    sql += " AND status = ?";
    params.emplace_back(f.status);
  }
  if (!f.channel.empty()) {
    sql += " AND channel = ?";
    params.emplace_back(f.channel);
  }
  if (f.case_id) {
    sql += " AND case_id = ?";
    params.emplace_back(*f.case_id);
  }
  if (!f.recipients.empty()) {
    sql += " AND recipient IN (" + placeholders(f.recipients.size()) + ")";
    for (const auto& r : f.recipients) params.emplace_back(r);
  }
  if (f.after_id) {
    sql += " AND id < ?";
    params.emplace_back(*f.after_id);
  }
  sql += " ORDER BY id DESC LIMIT " + std::to_string(std::clamp(f.limit, 1, 10000) + 1);
  return query_all<OutboxMessage>(c_, sql, params, read_message);
}

Result<OutboxMessage> SqlTx::get_message(TenantId t, Id id) {
  return query_one<OutboxMessage>(c_, "SELECT " + std::string(kMessageColumns) + " FROM outbox WHERE tenant_id = ? AND id = ?",
                                  {t, id}, "Message", read_message);
}

Result<std::vector<ClaimedMessage>> SqlTx::claim_messages(const std::vector<std::string>& channels, Instant now,
                                                          Instant lease_until, int limit) {
  // One walk of outbox_due (status, channel, next_attempt_at, id) per
  // status and channel, each stopping after `limit` rows: messages waiting
  // for a channel no worker serves are never read. (One query with IN lists
  // read every due message of every channel and sorted them.) Leases that
  // ran out ('sending') are taken before new messages.
  // SKIP LOCKED lets several servers' workers share one PostgreSQL outbox;
  // SQLite has one writer at a time, so there is nothing to skip.
  const int n = std::clamp(limit, 1, 1000);
  const std::string sql = "SELECT " + std::string(kMessageColumns) +
                          " FROM outbox WHERE status = ? AND channel = ? AND next_attempt_at <= ? "
                          "ORDER BY next_attempt_at, id LIMIT " + std::to_string(n) +
                          (d_ == Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "");
  std::vector<ClaimedMessage> claimed;
  for (std::string_view status : {message_status::kSending, message_status::kQueued}) {
    for (const std::string& channel : channels) {
      if (static_cast<int>(claimed.size()) >= n) break;
      ASSIGN_OR_RETURN(auto rows, c_.query(sql, {status, channel, seconds(now)}));
      while (static_cast<int>(claimed.size()) < n) {
        ASSIGN_OR_RETURN(bool has, rows->next());
        if (!has) break;
        ClaimedMessage c;
        c.message = read_message(*rows);
        c.tenant = rows->get_int(18);
        c.recovering = c.message.status == message_status::kSending;
        claimed.push_back(std::move(c));
      }
    }
  }
  for (ClaimedMessage& c : claimed) {
    c.message.status = std::string(message_status::kSending);
    c.message.attempts += 1;
    c.message.next_attempt_at = lease_until;
    RETURN_IF_ERROR(c_.exec("UPDATE outbox SET status = 'sending', attempts = ?, next_attempt_at = ? "
                            "WHERE tenant_id = ? AND id = ?",
                            {c.message.attempts, seconds(lease_until), c.tenant, c.message.id}));
  }
  return claimed;
}

Status SqlTx::update_message_delivery(TenantId t, const OutboxMessage& m, const std::vector<std::string_view>& from) {
  if (from.empty()) return Error(ErrorCode::kInternal, "update_message_delivery needs the expected statuses");
  const std::string last_error = m.last_error.substr(0, 2000);
  std::vector<Param> params{m.status,          m.attempts,         seconds(m.next_attempt_at),
                            last_error,        optional_seconds(m.sent_at), m.provider_reference,
                            m.delivery_status, optional_seconds(m.delivery_status_at), t, m.id};
  for (std::string_view s : from) params.emplace_back(s);
  ASSIGN_OR_RETURN(int64_t n, c_.exec("UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
                                      "sent_at = ?, provider_reference = ?, delivery_status = ?, "
                                      "delivery_status_at = ? WHERE tenant_id = ? AND id = ? AND status IN (" +
                                          placeholders(from.size()) + ")",
                                      params));
  if (n == 1) return {};
  ASSIGN_OR_RETURN(OutboxMessage now, get_message(t, m.id));
  return Error(ErrorCode::kFailedPrecondition, "Message " + std::to_string(m.id) + " is " + now.status);
}

Result<std::vector<WebhookEndpoint>> SqlTx::list_webhook_endpoints(TenantId t) {
  return query_all<WebhookEndpoint>(
      c_, "SELECT " + std::string(kEndpointColumns) + " FROM webhook_endpoints WHERE tenant_id = ? ORDER BY name", {t},
      read_endpoint);
}

Result<WebhookEndpoint> SqlTx::get_webhook_endpoint(TenantId t, const std::string& name) {
  return query_one<WebhookEndpoint>(
      c_, "SELECT " + std::string(kEndpointColumns) + " FROM webhook_endpoints WHERE tenant_id = ? AND name = ?",
      {t, name}, "Webhook endpoint", read_endpoint);
}

Status SqlTx::put_webhook_endpoint(TenantId t, const WebhookEndpoint& e) {
  RETURN_IF_ERROR(c_.exec("INSERT INTO webhook_endpoints (tenant_id, name, url, secret, active, created_at, updated_at, "
                 "client) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, name) DO UPDATE SET url = excluded.url, "
                 "secret = excluded.secret, active = excluded.active, updated_at = excluded.updated_at, "
                 "client = excluded.client",
                 {t, e.name, e.url, e.secret, e.active, seconds(e.created_at), seconds(e.updated_at), e.client}));
  return {};
}

Status SqlTx::delete_webhook_endpoint(TenantId t, const std::string& name) {
  ASSIGN_OR_RETURN(int64_t n, c_.exec("DELETE FROM webhook_endpoints WHERE tenant_id = ? AND name = ?", {t, name}));
  if (n == 0) return not_found("Webhook endpoint not found");
  return {};
}

Result<std::optional<BackOfficeLink>> SqlTx::get_back_office_link(TenantId t, Id case_id) {
  ASSIGN_OR_RETURN(auto rows, c_.query("SELECT endpoint, reference, status, external_status, forwarded_at, updated_at "
                                       "FROM case_back_office WHERE tenant_id = ? AND case_id = ?",
                                       {t, case_id}));
  ASSIGN_OR_RETURN(bool found, rows->next());
  if (!found) return std::optional<BackOfficeLink>{};
  BackOfficeLink l;
  l.endpoint = rows->get_string(0);
  l.reference = rows->get_string(1);
  l.status = rows->get_string(2);
  l.external_status = rows->get_string(3);
  l.forwarded_at = instant(rows->get_int(4));
  if (!rows->is_null(5)) l.updated_at = instant(rows->get_int(5));
  return std::optional<BackOfficeLink>{std::move(l)};
}

Status SqlTx::put_back_office_link(TenantId t, Id case_id, const BackOfficeLink& l) {
  RETURN_IF_ERROR(c_.exec("INSERT INTO case_back_office (tenant_id, case_id, endpoint, reference, status, "
                          "external_status, forwarded_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                          "ON CONFLICT (tenant_id, case_id) DO UPDATE SET endpoint = excluded.endpoint, "
                          "reference = excluded.reference, status = excluded.status, "
                          "external_status = excluded.external_status, forwarded_at = excluded.forwarded_at, "
                          "updated_at = excluded.updated_at",
                          {t, case_id, l.endpoint, l.reference, l.status, l.external_status, seconds(l.forwarded_at),
                           optional_seconds(l.updated_at)}));
  return {};
}

Status SqlTx::record_back_office_update(TenantId t, const std::string& endpoint, const std::string& update_id,
                                        Id case_id, Instant at) {
  // DO NOTHING instead of a failing insert: a unique violation would spoil a
  // PostgreSQL transaction, and the caller wants a clear answer instead.
  ASSIGN_OR_RETURN(int64_t n, c_.exec("INSERT INTO back_office_updates (tenant_id, endpoint, update_id, case_id, "
                                      "received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                      {t, endpoint, update_id, case_id, seconds(at)}));
  if (n == 0)
    return Error(ErrorCode::kAlreadyExists,
                 "Update \"" + update_id.substr(0, 100) + "\" was received before: a replayed update is refused",
                 "update_id");
  return {};
}

}  // namespace civicdesk::sql
