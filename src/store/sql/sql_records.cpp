// The audit trail, the outbox, customer preferences, retention rules, and
// removing personal data (erasure and anonymisation).
#include <algorithm>
#include <deque>

#include "store/sql/codec.h"
#include "store/sql/dialect.h"
#include "store/sql/sql_tx.h"

namespace civicdesk::sql {

namespace {

Instant instant(int64_t s) { return Instant{std::chrono::seconds{s}}; }
int64_t seconds(Instant t) { return t.time_since_epoch().count(); }

constexpr std::string_view kRemoved = "[removed under the council's retention policy]";

}  // namespace

Result<Id> SqlTx::append_audit(TenantId t, const AuditEntry& e) {
  const std::string details = encode_details(e.details);
  return c_.insert_id("INSERT INTO audit_log (tenant_id, at, actor, address, action, entity, entity_id, details) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      {t, seconds(e.at), e.actor, e.address, e.action, e.entity, e.entity_id, details});
}

Result<std::vector<AuditEntry>> SqlTx::list_audit(TenantId t, const AuditFilter& f) {
  std::string sql = "SELECT id, at, actor, address, action, entity, entity_id, details FROM audit_log WHERE tenant_id = ?";
  std::vector<Param> params{t};
  if (f.from) {
    sql += " AND at >= ?";
    params.emplace_back(seconds(*f.from));
  }
  if (f.to) {
    sql += " AND at < ?";
    params.emplace_back(seconds(*f.to));
  }
  if (!f.entity.empty()) {
    sql += " AND entity = ?";
    params.emplace_back(f.entity);
    if (!f.entity_id.empty()) {
      sql += " AND entity_id = ?";
      params.emplace_back(f.entity_id);
    }
  }
  if (!f.actor.empty()) {
    sql += " AND actor = ?";
    params.emplace_back(f.actor);
  }
  if (f.after_id) {
    sql += " AND id < ?";
    params.emplace_back(*f.after_id);
  }
  sql += " ORDER BY id DESC LIMIT " + std::to_string(std::clamp(f.limit, 1, 10000) + 1);
  return query_all<AuditEntry>(c_, sql, params, [](Rows& r) {
    AuditEntry e;
    e.id = r.get_int(0);
    e.at = instant(r.get_int(1));
    e.actor = r.get_string(2);
    e.address = r.get_string(3);
    e.action = r.get_string(4);
    e.entity = r.get_string(5);
    e.entity_id = r.get_string(6);
    e.details = decode_details(r.get_text(7));
    return e;
  });
}

Result<Id> SqlTx::enqueue_message(TenantId t, const OutboxMessage& m) {
  // The idempotency key makes a repeated enqueue (a retried request) a no-op.
  ASSIGN_OR_RETURN(auto existing, c_.query("SELECT id FROM outbox WHERE tenant_id = ? AND idempotency_key = ?",
                                           {t, m.idempotency_key}));
  ASSIGN_OR_RETURN(bool found, existing->next());
  if (found) return existing->get_int(0);
  existing.reset();
  const std::string personalisation = encode_details(m.personalisation);
  return c_.insert_id(
      "INSERT INTO outbox (tenant_id, created_at, channel, recipient, template, subject, body, personalisation, "
      "case_id, idempotency_key, status, attempts, next_attempt_at, last_error, sent_at, provider_reference) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t, seconds(m.created_at), m.channel, m.recipient, m.template_name, m.subject, m.body, personalisation,
       m.case_id, m.idempotency_key, m.status, m.attempts, seconds(m.next_attempt_at), m.last_error,
       m.sent_at ? Param(seconds(*m.sent_at)) : Param(), m.provider_reference});
}

Result<std::vector<OutboxMessage>> SqlTx::list_outbox(TenantId t, const OutboxFilter& f) {
  std::string sql =
      "SELECT id, created_at, channel, recipient, template, subject, body, personalisation, case_id, "
      "idempotency_key, status, attempts, next_attempt_at, last_error, sent_at, provider_reference FROM outbox "
      "WHERE tenant_id = ?";
  std::vector<Param> params{t};
  if (!f.status.empty()) {
    sql += " AND status = ?";
    params.emplace_back(f.status);
  }
  if (f.case_id) {
    sql += " AND case_id = ?";
    params.emplace_back(*f.case_id);
  }
  if (f.after_id) {
    sql += " AND id < ?";
    params.emplace_back(*f.after_id);
  }
  sql += " ORDER BY id DESC LIMIT " + std::to_string(std::clamp(f.limit, 1, 10000) + 1);
  return query_all<OutboxMessage>(c_, sql, params, [](Rows& r) {
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
    return m;
  });
}

Status SqlTx::put_preference(TenantId t, Id customer_id, const PreferenceChange& p) {
  RETURN_IF_ERROR(c_.exec("INSERT INTO customer_preferences (tenant_id, customer_id, name, value, changed_at, "
                          "changed_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, customer_id, name, "
                          "changed_at) DO UPDATE SET value = excluded.value, changed_by = excluded.changed_by",
                          {t, customer_id, p.name, p.value, seconds(p.changed_at), p.changed_by}));
  return {};
}

Result<std::vector<PreferenceChange>> SqlTx::list_preferences(TenantId t, Id customer_id) {
  return query_all<PreferenceChange>(c_,
                                     "SELECT name, value, changed_at, changed_by FROM customer_preferences WHERE "
                                     "tenant_id = ? AND customer_id = ? ORDER BY changed_at, name",
                                     {t, customer_id}, [](Rows& r) {
                                       return PreferenceChange{r.get_string(0), r.get_string(1),
                                                               instant(r.get_int(2)), r.get_string(3)};
                                     });
}

Status SqlTx::put_retention_rule(TenantId t, const std::string& case_type, int keep_years) {
  RETURN_IF_ERROR(c_.exec("INSERT INTO retention_rules (tenant_id, case_type, keep_years) VALUES (?, ?, ?) "
                          "ON CONFLICT (tenant_id, case_type) DO UPDATE SET keep_years = excluded.keep_years",
                          {t, case_type, keep_years}));
  return {};
}

Result<std::map<std::string, int>> SqlTx::list_retention_rules(TenantId t) {
  ASSIGN_OR_RETURN(auto rows, (query_all<std::pair<std::string, int>>(
                                  c_, "SELECT case_type, keep_years FROM retention_rules WHERE tenant_id = ?", {t},
                                  [](Rows& r) {
                                    return std::pair<std::string, int>{r.get_string(0),
                                                                       static_cast<int>(r.get_int(1))};
                                  })));
  return std::map<std::string, int>(rows.begin(), rows.end());
}

Status SqlTx::erase_customer(TenantId t, Id customer_id, Instant at) {
  ASSIGN_OR_RETURN(int64_t n,
                   c_.exec("UPDATE customers SET title = '', given_name = '', family_name = 'Erased customer', "
                           "organisation_name = '', date_of_birth = NULL, preferred_channel = NULL, "
                           "needs_support = 0, support_notes = '', search_text = '', erased_at = ?, "
                           "updated_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ?",
                           {seconds(at), seconds(at), t, customer_id}));
  if (n == 0) return not_found("Customer not found");
  for (const char* table : {"customer_emails", "customer_phones", "customer_addresses", "customer_preferences"})
    RETURN_IF_ERROR(c_.exec(std::string("DELETE FROM ") + table + " WHERE tenant_id = ? AND customer_id = ?",
                            {t, customer_id}));
  RETURN_IF_ERROR(c_.exec("UPDATE contacts SET reason = '', notes = '' WHERE tenant_id = ? AND customer_id = ?",
                          {t, customer_id}));
  RETURN_IF_ERROR(c_.exec("DELETE FROM case_watchers WHERE tenant_id = ? AND watcher_key = ?",
                          {t, "customer:" + std::to_string(customer_id)}));
  Customer blank;
  blank.id = customer_id;
  return index_customer(t, blank);
}

Status SqlTx::anonymise_case(TenantId t, Id case_id, Instant at) {
  ASSIGN_OR_RETURN(Case c, get_case(t, case_id));
  ASSIGN_OR_RETURN(int64_t n,
                   c_.exec("UPDATE cases SET title = '', description = ?, lat = NULL, lng = NULL, address = '', "
                           "postcode = '', uprn = NULL, answers = '{}', outcome_notes = '', customer_id = NULL, "
                           "anonymised_at = ?, updated_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ?",
                           {kRemoved, seconds(at), seconds(at), t, case_id}));
  if (n == 0) return not_found("Case not found");
  // Free text on the timeline (notes, reasons) may quote the resident; the
  // structure (what happened when) is kept.
  ASSIGN_OR_RETURN(auto events, list_events(t, case_id, std::nullopt));
  for (CaseEvent& e : events) {
    bool changed = false;
    for (const char* key : {"text", "reason", "outcome_notes", "description"}) {
      auto it = e.details.find(key);
      if (it != e.details.end() && it->second != kRemoved) {
        it->second = std::string(kRemoved);
        changed = true;
      }
    }
    if (changed)
      RETURN_IF_ERROR(c_.exec("UPDATE case_events SET details = ? WHERE tenant_id = ? AND id = ?",
                              {encode_details(e.details), t, e.id}));
  }
  RETURN_IF_ERROR(c_.exec("DELETE FROM case_watchers WHERE tenant_id = ? AND case_id = ? AND kind IN ('email', "
                          "'customer')",
                          {t, case_id}));
  c.title.clear();
  c.description = std::string(kRemoved);
  c.location = Location{};
  return index_case(c);
}

}  // namespace civicdesk::sql
