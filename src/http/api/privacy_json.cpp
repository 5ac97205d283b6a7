#include "http/api/privacy_render.h"

namespace civicdesk::http {

namespace {

json opt_bool(const std::optional<bool>& b) { return b ? json(*b) : json(nullptr); }

json details_json(const std::map<std::string, std::string>& d) {
  json j = json::object();
  for (const auto& [k, v] : d) j[k] = v;
  return j;
}

json user_json(const User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"name", u.name},
          {"role", std::string(to_string(u.role))},
          {"email_verified", u.email_verified},
          {"second_factor", u.totp_secret.has_value()},
          {"active", u.active},
          {"created_at", format_instant(u.created_at)},
          {"updated_at", format_instant(u.updated_at)}};
}

json message_json(const OutboxMessage& m) {
  return {{"id", m.id},
          {"created_at", format_instant(m.created_at)},
          {"channel", m.channel},
          {"recipient", m.recipient},
          {"template", m.template_name},
          {"subject", m.subject},
          {"body", m.body},
          {"personalisation", details_json(m.personalisation)},
          {"status", m.status},
          {"sent_at", m.sent_at ? json(format_instant(*m.sent_at)) : json(nullptr)}};
}

json watching_json(const WatchedCase& w) {
  json j = watcher_json(w.watcher);
  j["case"] = w.reference;
  return j;
}

}  // namespace

json audit_entry_json(const AuditEntry& e) {
  return {{"id", e.id},
          {"at", format_instant(e.at)},
          {"actor", e.actor},
          {"address", e.address},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"details", details_json(e.details)}};
}

json preferences_json(const PreferencesView& p) {
  const ContactPreferences& c = p.current;
  json history = json::array();
  for (const auto& h : p.history)
    history.push_back({{"name", h.name},
                       {"value", h.value},
                       {"changed_at", format_instant(h.changed_at)},
                       {"changed_by", h.changed_by}});
  return {{"customer_id", p.customer_id},
          {"current",
           {{"preferred_channel",
             c.preferred_channel ? json(std::string(to_string(*c.preferred_channel))) : json(nullptr)},
            {"language", c.language},
            {"consent_updates", opt_bool(c.consent_updates)},
            {"consent_surveys", opt_bool(c.consent_surveys)}}},
          {"history", history}};
}

json erasure_report_json(const ErasureReport& r) {
  json cases = json::array();
  for (const auto& c : r.cases)
    cases.push_back({{"reference", c.reference},
                     {"type", std::string(to_string(c.type))},
                     {"status", std::string(to_string(c.status))},
                     {"action", std::string(to_string(c.decision.verdict))},
                     {"reason", std::string(to_string(c.decision.reason))},
                     {"keep_years", c.decision.keep_years ? json(*c.decision.keep_years) : json(nullptr)},
                     {"retention_ends", c.decision.ends ? json(format_date(*c.decision.ends)) : json(nullptr)},
                     {"explanation", c.explanation}});
  return {{"customer_id", r.customer_id},
          {"dry_run", r.dry_run},
          {"at", format_instant(r.at)},
          {"erased",
           {{"emails", r.emails},
            {"phones", r.phones},
            {"addresses", r.addresses},
            {"preference_changes", r.preference_changes},
            {"contact_notes", r.contacts},
            {"watching", r.watching},
            {"messages", r.messages},
            {"accounts", r.accounts}}},
          {"cases", cases},
          {"cases_anonymised", r.cases_anonymised()},
          {"cases_kept", r.cases_kept()}};
}

json retention_rules_json(const std::vector<RetentionRule>& rules) {
  json items = json::array();
  for (const auto& r : rules) items.push_back({{"case_type", std::string(to_string(r.type))}, {"keep_years", r.keep_years}});
  return {{"rules", items}};
}

json retention_report_json(const RetentionReport& r) {
  json types = json::array();
  for (const auto& t : r.types)
    types.push_back({{"case_type", std::string(to_string(t.type))},
                     {"keep_years", t.keep_years},
                     {"count", t.references.size()},
                     {"references", t.references}});
  json without = json::array();
  for (CaseType t : r.without_rule) without.push_back(std::string(to_string(t)));
  return {{"dry_run", r.dry_run},
          {"at", format_instant(r.at)},
          {"today", format_date(r.today)},
          {"anonymised", r.total()},
          {"types", types},
          {"kept_without_rule", without}};
}

std::string subject_access_json(const SubjectAccessExport& x) {
  JsonWriter w;
  w.begin_object();
  w.key("export").raw(dump({{"scope", std::string(to_string(x.scope))},
                            {"generated_at", format_instant(x.generated_at)},
                            {"generated_by", x.generated_by},
                            {"council", {{"name", x.council.name}, {"slug", x.council.slug}}},
                            {"left_out", x.left_out}}));
  w.key("customer").raw(dump(customer_json(x.customer)));
  w.key("preferences").raw(dump(preferences_json(x.preferences)));
  json accounts = json::array();
  for (const auto& u : x.accounts) accounts.push_back(user_json(u));
  w.key("accounts").raw(dump(accounts));
  json contacts = json::array();
  for (const auto& c : x.contacts) contacts.push_back(contact_json(c));
  w.key("contacts").raw(dump(contacts));
  w.key("cases").begin_array();
  for (const CaseRecord& r : x.cases) {
    std::string c = case_text(r.view);
    c.pop_back();  // splice the timeline and links into the case object
    json timeline = json::array(), links = json::array();
    for (const auto& e : r.timeline) timeline.push_back(event_json(e));
    for (const auto& l : r.links) links.push_back(link_json(l));
    json photos = json::array();
    for (const auto& a : r.photos)
      photos.push_back({{"id", a.id},
                        {"content_type", a.content_type},
                        {"size", a.size},
                        {"width", a.width},
                        {"height", a.height},
                        {"uploaded_by", a.uploaded_by},
                        {"uploaded_at", format_instant(a.uploaded_at)},
                        {"public", a.is_public},
                        {"hidden", a.hidden}});
    c += ",\"timeline\":" + dump(timeline) + ",\"links\":" + dump(links) + ",\"photos\":" + dump(photos) + "}";
    w.raw(c);
  }
  w.end_array();
  if (x.scope == ExportScope::kFull) {
    json watching = json::array(), messages = json::array(), audit = json::array();
    for (const auto& v : x.watching) watching.push_back(watching_json(v));
    for (const auto& m : x.messages) messages.push_back(message_json(m));
    for (const auto& e : x.audit) audit.push_back(audit_entry_json(e));
    w.key("watching").raw(dump(watching));
    w.key("messages").raw(dump(messages));
    w.key("audit").raw(dump(audit));
  }
  w.end_object();
  return std::move(w).take();
}

}  // namespace civicdesk::http
