// The audit trail, customer preferences, retention rules, and
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

Status SqlTx::append_audit(TenantId t, const AuditEntry& e) {
  const std::string details = encode_details(e.details);
  // Nothing waits for the new row's id: on PostgreSQL it rides along with
  // the next statement or the commit.
  return c_.exec_later("INSERT INTO audit_log (tenant_id, at, actor, address, action, entity, entity_id, details) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      {t, seconds(e.at), e.actor, e.address, e.action, e.entity, e.entity_id, details});
}

namespace {

// The WHERE clause shared by list_audit and each_audit. Text parameters
// borrow from `f`.
std::string audit_where(TenantId t, const AuditFilter& f, std::vector<Param>& params) {
  std::string sql = " FROM audit_log WHERE tenant_id = ?";
  params.emplace_back(t);
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
  return sql;
}

constexpr std::string_view kAuditCols = "SELECT id, at, actor, address, action, entity, entity_id, details";

AuditEntry read_audit(Rows& r) {
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
}

}  // namespace

Result<std::vector<AuditEntry>> SqlTx::list_audit(TenantId t, const AuditFilter& f) {
  std::vector<Param> params;
  std::string sql = std::string(kAuditCols) + audit_where(t, f, params);
  if (f.after_id) {
    sql += " AND id < ?";
    params.emplace_back(*f.after_id);
  }
  sql += " ORDER BY id DESC LIMIT " + std::to_string(std::clamp(f.limit, 1, 10000) + 1);
  return query_all<AuditEntry>(c_, sql, params, read_audit);
}

Status SqlTx::each_audit(TenantId t, const AuditFilter& f, const std::function<Status(const AuditEntry&)>& fn) {
  std::vector<Param> params;
  const std::string sql = std::string(kAuditCols) + audit_where(t, f, params) + " ORDER BY id";
  ASSIGN_OR_RETURN(auto rows, c_.stream(sql, params));
  while (true) {
    ASSIGN_OR_RETURN(bool has, rows->next());
    if (!has) return {};
    RETURN_IF_ERROR(fn(read_audit(*rows)));
  }
}

Status SqlTx::put_preference(TenantId t, Id customer_id, const PreferenceChange& p) {
  // Every change is a row of its own, even two in the same second: the
  // history is the customer's record of consent.
  RETURN_IF_ERROR(c_.exec("INSERT INTO customer_preferences (tenant_id, customer_id, name, value, changed_at, "
                          "changed_by) VALUES (?, ?, ?, ?, ?, ?)",
                          {t, customer_id, p.name, p.value, seconds(p.changed_at), p.changed_by}));
  // The record carries the current consents (migration 0026).
  const bool consent = p.value == "true";
  if (p.name == preference::kConsentUpdates)
    RETURN_IF_ERROR(c_.exec("UPDATE customers SET consent_updates = ? WHERE tenant_id = ? AND id = ?",
                            {consent, t, customer_id}));
  else if (p.name == preference::kConsentSurveys)
    RETURN_IF_ERROR(c_.exec("UPDATE customers SET consent_surveys = ? WHERE tenant_id = ? AND id = ?",
                            {consent, t, customer_id}));
  return {};
}

Result<std::vector<PreferenceChange>> SqlTx::list_preferences(TenantId t, Id customer_id) {
  return query_all<PreferenceChange>(c_,
                                     "SELECT name, value, changed_at, changed_by FROM customer_preferences WHERE "
                                     "tenant_id = ? AND customer_id = ? ORDER BY id",
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

Status SqlTx::delete_retention_rule(TenantId t, const std::string& case_type) {
  ASSIGN_OR_RETURN(int64_t n, c_.exec("DELETE FROM retention_rules WHERE tenant_id = ? AND case_type = ?",
                                      {t, case_type}));
  if (n == 0) return not_found("There is no retention rule for " + case_type.substr(0, 64));
  return {};
}

Result<std::vector<WatchedCase>> SqlTx::list_watched_cases(TenantId t, Id customer_id,
                                                           const std::vector<std::string>& emails) {
  std::deque<std::string> keys{"customer:" + std::to_string(customer_id)};
  for (const auto& e : emails) keys.push_back("email:" + e);
  std::string sql =
      "SELECT w.case_id, c.reference, w.kind, w.ref_id, w.email, w.name, w.added_at FROM case_watchers w "
      "JOIN cases c ON c.tenant_id = w.tenant_id AND c.id = w.case_id WHERE w.tenant_id = ? AND w.watcher_key IN (?";
  std::vector<Param> params{t, keys.front()};
  for (size_t i = 1; i < keys.size(); ++i) {
    sql += ", ?";
    params.emplace_back(keys[i]);
  }
  sql += ") ORDER BY w.case_id, w.watcher_key";
  return query_all<WatchedCase>(c_, sql, params, [](Rows& r) {
    WatchedCase w;
    w.case_id = r.get_int(0);
    w.reference = r.get_string(1);
    if (auto k = parse_watcher_kind(r.get_text(2))) w.watcher.kind = *k;
    w.watcher.ref_id = r.get_opt_int(3);
    w.watcher.email = r.get_string(4);
    w.watcher.name = r.get_string(5);
    w.watcher.added_at = instant(r.get_int(6));
    return w;
  });
}

Result<std::vector<RetentionCandidate>> SqlTx::list_retention_candidates(TenantId t, CaseType type,
                                                                         Instant closed_before, Id after_id,
                                                                         int limit) {
  const std::string sql =
      "SELECT id, reference, type, closed_at FROM cases WHERE tenant_id = ? AND type = ? AND status = 'closed' "
      "AND anonymised_at IS NULL AND closed_at IS NOT NULL AND closed_at < ? AND id > ? ORDER BY id LIMIT " +
      std::to_string(std::clamp(limit, 1, 10000));
  return query_all<RetentionCandidate>(c_, sql, {t, to_string(type), seconds(closed_before), after_id},
                                       [](Rows& r) {
                                         RetentionCandidate c;
                                         c.id = r.get_int(0);
                                         c.reference = r.get_string(1);
                                         if (auto ty = parse_case_type(r.get_text(2))) c.type = *ty;
                                         c.closed_at = instant(r.get_int(3));
                                         return c;
                                       });
}

namespace {

// Keys of timeline details that hold free text or names.
constexpr std::string_view kPersonalKeys[] = {"text", "reason", "outcome_notes", "description", "title", "name",
                                              "email"};

// Removes personal text from one event's details; true if anything changed.
bool redact(std::map<std::string, std::string>& details, const std::vector<std::string>& mentions, bool all_text) {
  bool changed = false;
  auto blank = [&](std::string& v) {
    if (v != kRemoved) {
      v = std::string(kRemoved);
      changed = true;
    }
  };
  auto w = details.find("watcher");
  const bool names_them = w != details.end() &&
                          std::find(mentions.begin(), mentions.end(), w->second) != mentions.end();
  if (names_them) {
    blank(w->second);
    if (auto n = details.find("name"); n != details.end()) blank(n->second);
    if (auto e = details.find("email"); e != details.end()) blank(e->second);
  }
  if (all_text) {
    for (std::string_view key : kPersonalKeys)
      if (auto it = details.find(std::string(key)); it != details.end()) blank(it->second);
    // An email watcher's label is their address.
    if (w != details.end() && w->second.find('@') != std::string::npos) blank(w->second);
  }
  return changed;
}

}  // namespace

Status SqlTx::redact_events(TenantId t, std::string_view sql, Params params,
                            const std::vector<std::string>& mentions) {
  struct Row {
    Id id;
    std::map<std::string, std::string> details;
  };
  ASSIGN_OR_RETURN(auto rows, query_all<Row>(c_, sql, params, [](Rows& r) {
                     return Row{r.get_int(0), decode_details(r.get_text(1))};
                   }));
  const bool all_text = mentions.empty();
  for (Row& row : rows)
    if (redact(row.details, mentions, all_text))
      RETURN_IF_ERROR(c_.exec("UPDATE case_events SET details = ? WHERE tenant_id = ? AND id = ?",
                              {encode_details(row.details), t, row.id}));
  return {};
}

Status SqlTx::erase_customer(TenantId t, Id customer_id, Instant at) {
  // What identifies them elsewhere, read before it is deleted.
  // Letters are addressed to their name and postal address (domain/notification.h).
  std::vector<std::string> letters;
  if (auto c = get_customer(t, customer_id))
    for (const auto& a : c->addresses)
      if (auto lines = letter_address(*c, a)) letters.push_back(*lines);
  ASSIGN_OR_RETURN(auto emails, (query_all<std::string>(
                                    c_, "SELECT address FROM customer_emails WHERE tenant_id = ? AND customer_id = ?",
                                    {t, customer_id}, [](Rows& r) { return r.get_string(0); })));
  ASSIGN_OR_RETURN(auto phones, (query_all<std::string>(
                                    c_, "SELECT number FROM customer_phones WHERE tenant_id = ? AND customer_id = ?",
                                    {t, customer_id}, [](Rows& r) { return r.get_string(0); })));
  ASSIGN_OR_RETURN(int64_t n,
                   c_.exec("UPDATE customers SET title = '', given_name = '', family_name = 'Erased customer', "
                           "organisation_name = '', date_of_birth = NULL, preferred_channel = NULL, "
                           "needs_support = 0, support_notes = '', search_text = '', consent_updates = NULL, "
                           "consent_surveys = NULL, erased_at = ?, "
                           "updated_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ?",
                           {seconds(at), seconds(at), t, customer_id}));
  if (n == 0) return not_found("Customer not found");
  for (const char* table : {"customer_emails", "customer_phones", "customer_addresses", "customer_preferences"})
    RETURN_IF_ERROR(c_.exec(std::string("DELETE FROM ") + table + " WHERE tenant_id = ? AND customer_id = ?",
                            {t, customer_id}));
  RETURN_IF_ERROR(c_.exec("UPDATE contacts SET reason = '', notes = '' WHERE tenant_id = ? AND customer_id = ?",
                          {t, customer_id}));
  // Their unsubscribe links and what they wrote in surveys (ratings stay,
  // unnamed, for the satisfaction report).
  RETURN_IF_ERROR(c_.exec("DELETE FROM unsubscribe_tokens WHERE tenant_id = ? AND customer_id = ?", {t, customer_id}));
  RETURN_IF_ERROR(c_.exec("UPDATE surveys SET comment = '' WHERE tenant_id = ? AND customer_id = ?", {t, customer_id}));

  // Watcher entries and the timeline lines that named them.
  std::vector<std::string> mentions{"customer:" + std::to_string(customer_id)};
  for (const auto& e : emails) mentions.push_back(e);
  for (const auto& m : mentions) {
    const std::string key = m.find('@') == std::string::npos ? m : "email:" + m;
    RETURN_IF_ERROR(c_.exec("DELETE FROM case_watchers WHERE tenant_id = ? AND watcher_key = ?", {t, key}));
    // JSON holds the label as "...":"<label>"; the exact match is made on
    // the decoded details (LIKE may over-select).
    const std::string pattern = "%\"" + m + "\"%";
    RETURN_IF_ERROR(redact_events(t, "SELECT id, details FROM case_events WHERE tenant_id = ? AND kind IN "
                                  "('watcher_added', 'watcher_removed') AND details LIKE ?",
                                  {t, pattern}, mentions));
  }

  // Messages sent (or waiting) to their addresses and numbers.
  std::vector<std::string> recipients = emails;
  recipients.insert(recipients.end(), phones.begin(), phones.end());
  recipients.insert(recipients.end(), letters.begin(), letters.end());
  for (const auto& r : recipients)
    RETURN_IF_ERROR(c_.exec("UPDATE outbox SET recipient = '[erased]', subject = '', body = '', "
                            "personalisation = '{}', idempotency_key = 'erased:' || id, "
                            "status = CASE WHEN status IN ('queued', 'sending') THEN 'cancelled' ELSE status END "
                            "WHERE tenant_id = ? AND recipient = ?",
                            {t, r}));
  // Photos they uploaded, on whichever case.
  const std::string uploader = "customer:" + std::to_string(customer_id);
  RETURN_IF_ERROR(c_.exec("DELETE FROM attachments WHERE tenant_id = ? AND uploaded_by = ?", {t, uploader}));
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
  // Free text on the timeline (notes, reasons, names) may quote or identify
  // the resident; the structure (what happened when) is kept.
  RETURN_IF_ERROR(redact_events(t, "SELECT id, details FROM case_events WHERE tenant_id = ? AND case_id = ?",
                                {t, case_id}, {}));
  RETURN_IF_ERROR(c_.exec("DELETE FROM case_watchers WHERE tenant_id = ? AND case_id = ? AND kind IN ('email', "
                          "'customer')",
                          {t, case_id}));
  RETURN_IF_ERROR(c_.exec("UPDATE contacts SET reason = '', notes = '' WHERE tenant_id = ? AND case_id = ?",
                          {t, case_id}));
  RETURN_IF_ERROR(c_.exec("UPDATE outbox SET recipient = '[removed]', subject = '', body = '', "
                          "personalisation = '{}', status = CASE WHEN status IN ('queued', 'sending') THEN 'cancelled' "
                          "ELSE status END WHERE tenant_id = ? AND case_id = ?",
                          {t, case_id}));
  // Photos may show the resident, their home or their car.
  RETURN_IF_ERROR(c_.exec("DELETE FROM attachments WHERE tenant_id = ? AND case_id = ?", {t, case_id}));
  c.title.clear();
  c.description = std::string(kRemoved);
  c.location = Location{};
  return index_case(c);
}

}  // namespace civicdesk::sql
