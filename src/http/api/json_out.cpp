#include "http/api/json_out.h"

namespace civicdesk::http {

namespace {

json opt_date(const std::optional<LocalDate>& d) { return d ? json(format_date(*d)) : json(nullptr); }
json opt_id(const std::optional<Id>& id) { return id ? json(*id) : json(nullptr); }

json location_json(const Location& l) {
  json j = json::object();
  j["lat"] = l.lat ? json(*l.lat) : json(nullptr);
  j["lng"] = l.lng ? json(*l.lng) : json(nullptr);
  j["address"] = l.address;
  j["postcode"] = l.postcode;
  j["uprn"] = l.uprn ? json(std::to_string(*l.uprn)) : json(nullptr);
  j["usrn"] = l.usrn ? json(std::to_string(*l.usrn)) : json(nullptr);
  j["ward"] = l.ward;
  return j;
}

}  // namespace

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string etag(int64_t version) { return "\"" + std::to_string(version) + "\""; }

json case_json(const CaseView& v) {
  const Case& c = v.c;
  json answers = json::object();
  for (const auto& [code, values] : c.answers) {
    if (values.size() == 1) answers[code] = values.front();
    else answers[code] = values;
  }
  json sla = {{"policy", c.sla.code},
              {"name", c.sla.name},
              {"start_date", format_date(c.clock.start_day)},
              {"respond_by", opt_date(c.clock.respond_by)},
              {"resolve_by", opt_date(c.clock.resolve_by)},
              {"responded_on", opt_date(c.clock.responded_on)},
              {"paused_since", opt_date(c.clock.paused_on)},
              {"paused_working_days", c.clock.paused_days},
              {"extension", c.clock.extension},
              {"state", std::string(to_string(v.resolve.state))}};
  if (v.resolve.state == SlaState::kOnTrack) sla["working_days_remaining"] = v.resolve.working_days;
  if (v.resolve.state == SlaState::kOverdue) sla["working_days_overdue"] = -v.resolve.working_days;
  sla["responded_in_time"] = v.responded_in_time ? json(*v.responded_in_time) : json(nullptr);
  return {{"reference", c.reference},
          {"type", std::string(to_string(c.type))},
          {"status", std::string(to_string(c.status))},
          {"priority", std::string(to_string(c.priority))},
          {"category", c.category},
          {"delivery_unit", c.delivery_unit},
          {"team", c.team},
          {"assignee_id", opt_id(c.assignee_id)},
          {"customer_id", opt_id(c.customer_id)},
          {"member_id", opt_id(c.member_id)},
          {"channel", std::string(to_string(c.channel))},
          {"title", c.title},
          {"description", c.description},
          {"location", location_json(c.location)},
          {"answers", answers},
          {"received_at", format_instant(c.received_at)},
          {"sla", sla},
          {"closed_at", c.closed_at ? json(format_instant(*c.closed_at)) : json(nullptr)},
          {"outcome", c.outcome ? json(std::string(to_string(*c.outcome))) : json(nullptr)},
          {"outcome_notes", c.outcome_notes},
          {"created_at", format_instant(c.created_at)},
          {"updated_at", format_instant(c.updated_at)},
          {"version", c.version}};
}

json event_json(const CaseEvent& e) {
  json details = json::object();
  for (const auto& [k, v] : e.details) details[k] = v;
  return {{"id", e.id},
          {"at", format_instant(e.at)},
          {"actor", e.actor},
          {"kind", e.kind},
          {"visibility", std::string(to_string(e.visibility))},
          {"details", details}};
}

json link_json(const CaseLink& l) {
  return {{"kind", std::string(to_string(l.kind))}, {"case", l.other_reference}};
}

json watcher_json(const Watcher& w) {
  return {{"kind", std::string(to_string(w.kind))},
          {"id", opt_id(w.ref_id)},
          {"email", w.email},
          {"name", w.name},
          {"added_at", format_instant(w.added_at)}};
}

json customer_json(const Customer& c) {
  json emails = json::array(), phones = json::array(), addresses = json::array();
  for (const auto& e : c.emails) emails.push_back({{"address", e.address}, {"label", e.label}, {"primary", e.primary}});
  for (const auto& p : c.phones) phones.push_back({{"number", p.number}, {"label", p.label}, {"primary", p.primary}});
  for (const auto& a : c.addresses)
    addresses.push_back({{"line1", a.line1},
                         {"line2", a.line2},
                         {"line3", a.line3},
                         {"town", a.town},
                         {"postcode", a.postcode},
                         {"uprn", a.uprn ? json(std::to_string(*a.uprn)) : json(nullptr)},
                         {"label", a.label},
                         {"primary", a.primary}});
  return {{"id", c.id},
          {"kind", std::string(to_string(c.kind))},
          {"display_name", c.display_name()},
          {"title", c.title},
          {"given_name", c.given_name},
          {"family_name", c.family_name},
          {"organisation_name", c.organisation_name},
          {"date_of_birth", opt_date(c.date_of_birth)},
          {"emails", emails},
          {"phones", phones},
          {"addresses", addresses},
          {"preferred_channel",
           c.preferred_channel ? json(std::string(to_string(*c.preferred_channel))) : json(nullptr)},
          {"language", c.language},
          {"needs_support", c.needs_support},
          {"support_notes", c.support_notes},
          {"created_at", format_instant(c.created_at)},
          {"updated_at", format_instant(c.updated_at)},
          {"version", c.version}};
}

json contact_json(const Contact& c) {
  return {{"id", c.id},
          {"customer_id", opt_id(c.customer_id)},
          {"channel", std::string(to_string(c.channel))},
          {"direction", std::string(to_string(c.direction))},
          {"at", format_instant(c.at)},
          {"handler_id", opt_id(c.handler_id)},
          {"category", c.category},
          {"reason", c.reason},
          {"outcome", std::string(to_string(c.outcome))},
          {"signposted_to", c.signposted_to},
          {"duration_seconds", c.duration_seconds},
          {"case_reference", c.case_reference.empty() ? json(nullptr) : json(c.case_reference)},
          {"notes", c.notes}};
}

json delivery_unit_json(const DeliveryUnit& du, const CatalogueSnapshot& cat) {
  json teams = json::array();
  for (const auto& [code, t] : cat.teams)
    if (t.delivery_unit == du.code) teams.push_back({{"code", t.code}, {"name", t.name}});
  return {{"code", du.code}, {"name", du.name}, {"description", du.description}, {"active", du.active}, {"teams", teams}};
}

json officer_json(const Officer& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"email", o.email},
          {"delivery_unit", o.delivery_unit},
          {"team", o.team},
          {"role", std::string(to_string(o.role))},
          {"active", o.active}};
}

json member_json(const Member& m) {
  return {{"id", m.id}, {"name", m.name}, {"ward", m.ward}, {"party", m.party}, {"email", m.email}, {"active", m.active}};
}

json ward_json(const Ward& w) { return {{"code", w.code}, {"name", w.name}}; }

json policy_json(const SlaPolicy& p) {
  return {{"code", p.code},
          {"name", p.name},
          {"clock", std::string(to_string(p.clock))},
          {"counting", std::string(to_string(p.counting))},
          {"resolve_from", std::string(to_string(p.resolve_from))},
          {"holidays", std::string(to_string(p.holidays))},
          {"respond_days", p.respond_days},
          {"resolve_days", p.resolve_days},
          {"max_extension", p.max_extension},
          {"pausable", p.pausable}};
}

json category_json(const Category& c, const CatalogueSnapshot& cat) {
  json questions = json::array();
  for (const auto& q : c.questions) {
    json options = json::array();
    for (const auto& o : q.options) options.push_back({{"key", o.key}, {"name", o.name}});
    questions.push_back({{"code", q.code},
                         {"prompt", q.prompt},
                         {"datatype", std::string(to_string(q.type))},
                         {"required", q.required},
                         {"order", q.order},
                         {"options", options}});
  }
  json policy = nullptr;
  if (auto it = cat.policies.find(c.sla_policy); it != cat.policies.end()) policy = policy_json(it->second);
  return {{"code", c.code},
          {"name", c.name},
          {"parent", c.parent.empty() ? json(nullptr) : json(c.parent)},
          {"description", c.description},
          {"keywords", c.keywords},
          {"lgsl", c.lgsl ? json(*c.lgsl) : json(nullptr)},
          {"lgil", c.lgil ? json(*c.lgil) : json(nullptr)},
          {"delivery_unit", c.delivery_unit},
          {"sla_policy", policy},
          {"location_required", c.location_required},
          {"restricted", c.restricted},
          {"active", c.active},
          {"questions", questions}};
}

}  // namespace civicdesk::http
